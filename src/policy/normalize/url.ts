import { classifyIPv4, classifyIPv6, formatIPv6, parseIPv4, parseIPv6, type RestrictedClass } from "./ip.js";

/** The real host of a URL, as the WHATWG parser (which browsers and Node's fetch use) sees it. */
export type UrlHost =
  | { ok: true; host: string; kind: "name" | "ipv4" | "ipv6"; restricted?: RestrictedClass }
  | { ok: false; reason: string };

/** A compiled `url_host_in` entry: an exact host or a `*.` suffix. */
export type HostPattern = { exact: string } | { suffix: string };

const WEB_SCHEMES = new Set(["http:", "https:", "ws:", "wss:"]);
const MAX_URL_LENGTH = 8192;
const WHITESPACE_OR_BACKSLASH = /[\s\\]/;

function hasUnsafeCharacter(value: string): boolean {
  if (WHITESPACE_OR_BACKSLASH.test(value)) return true;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Host names that reach the local machine or a cloud metadata service without being IP literals. */
const RESTRICTED_NAMES: ReadonlyMap<string, RestrictedClass> = new Map([
  ["localhost", "loopback"],
  ["localhost.localdomain", "loopback"],
  ["ip6-localhost", "loopback"],
  ["ip6-loopback", "loopback"],
  ["metadata", "cloud-metadata"],
  ["metadata.google.internal", "cloud-metadata"],
  ["metadata.goog", "cloud-metadata"],
  ["instance-data", "cloud-metadata"],
  ["instance-data.ec2.internal", "cloud-metadata"],
]);

/**
 * The restricted class of a host (IP literal in canonical form or host name), or undefined.
 *
 * @example classifyHost("127.0.0.1") // "loopback"
 */
export function classifyHost(host: string): RestrictedClass | undefined {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (parseIPv4(bare) !== undefined) return classifyIPv4(bare);
  if (bare.includes(":")) return classifyIPv6(bare);
  if (bare.endsWith(".localhost")) return "loopback";
  return RESTRICTED_NAMES.get(bare);
}

/**
 * Parses a URL with the WHATWG parser and returns its real host, lower-cased, IDN in punycode,
 * one trailing dot removed, IPv4 in dotted decimal whatever notation it was written in, IPv6
 * without brackets in canonical form. Refuses non-web schemes, credentials (parsers disagree on
 * where the host starts), backslashes, whitespace and control characters.
 *
 * @example parseUrlHost("http://example.com@0x7f.1/") // refused: carries credentials
 * @example parseUrlHost("https://Bücher.example./x") // { ok: true, host: "xn--bcher-kva.example", kind: "name" }
 */
export function parseUrlHost(value: unknown): UrlHost {
  if (typeof value !== "string") return { ok: false, reason: "is not a string" };
  if (value.length > MAX_URL_LENGTH) {
    return { ok: false, reason: `is longer than ${MAX_URL_LENGTH} characters` };
  }
  if (hasUnsafeCharacter(value)) {
    return {
      ok: false,
      reason: "contains whitespace, a backslash or a control character, which parsers read differently",
    };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: "is not a valid absolute URL" };
  }
  if (!WEB_SCHEMES.has(url.protocol)) {
    return { ok: false, reason: `has scheme ${url.protocol}; expected http, https, ws or wss` };
  }
  if (url.username !== "" || url.password !== "") {
    return { ok: false, reason: "carries credentials before the host, which parsers disagree about" };
  }
  return describeHost(url.hostname);
}

function describeHost(hostname: string): UrlHost {
  if (hostname.startsWith("[")) {
    const groups = parseIPv6(hostname.slice(1, -1));
    if (!groups) return { ok: false, reason: `has an unreadable IPv6 host ${hostname}` };
    const host = formatIPv6(groups);
    return withRestriction({ ok: true, host, kind: "ipv6" });
  }
  const host = hostname.endsWith(".") ? hostname.slice(0, -1) : hostname;
  if (host === "" || host.startsWith(".") || host.includes("..") || host.endsWith(".")) {
    return { ok: false, reason: `has a host with an empty label: "${hostname}"` };
  }
  return withRestriction({ ok: true, host, kind: parseIPv4(host) === undefined ? "name" : "ipv4" });
}

function withRestriction(result: { ok: true; host: string; kind: "name" | "ipv4" | "ipv6" }): UrlHost {
  const restricted = classifyHost(result.host);
  return restricted ? { ...result, restricted } : result;
}

/**
 * Compiles a `url_host_in` entry (`example.com`, `*.example.com`, an IP literal in any notation)
 * into the same canonical form `parseUrlHost` produces. Throws an Error naming the problem.
 *
 * @example compileHostPattern("*.Example.COM") // { suffix: ".example.com" }
 */
export function compileHostPattern(entry: string): HostPattern {
  const wildcard = entry.startsWith("*.");
  const body = wildcard ? entry.slice(2) : entry;
  if (body.includes("*")) throw new Error(`host "${entry}" may use "*" only as a leading "*." label`);
  if (/[/@?#\s\\]/.test(body)) throw new Error(`host "${entry}" must be a bare host name, not a URL`);
  if (/^[^:[\]]+:\d*$/.test(body) || /\]:\d*$/.test(body)) {
    throw new Error(`host "${entry}" must not include a port`);
  }
  const bracketed = body.includes(":") && !body.startsWith("[") ? `[${body}]` : body;
  let parsed: URL;
  try {
    parsed = new URL(`http://${bracketed}/`);
  } catch {
    throw new Error(`host "${entry}" is not a valid host name or IP address`);
  }
  if (parsed.port !== "") throw new Error(`host "${entry}" must not include a port`);
  const described = describeHost(parsed.hostname);
  if (!described.ok) throw new Error(`host "${entry}" ${described.reason}`);
  if (wildcard) {
    if (described.kind !== "name") {
      throw new Error(`host "${entry}": "*." applies to names, not IP addresses`);
    }
    return { suffix: "." + described.host };
  }
  return { exact: described.host };
}

/**
 * Whether a parsed host is allowed by a list of compiled patterns. A restricted host (loopback,
 * private, link-local, cloud metadata and the like) is allowed only when an entry names it
 * exactly; a `*.` wildcard never admits one.
 *
 * @example hostAllowed(parseUrlHost("https://api.example.com/"), [compileHostPattern("*.example.com")]) // true
 */
export function hostAllowed(host: UrlHost, patterns: readonly HostPattern[]): boolean {
  if (!host.ok) return false;
  for (const pattern of patterns) {
    if ("exact" in pattern) {
      if (pattern.exact === host.host) return true;
    } else if (
      !host.restricted &&
      host.host.length > pattern.suffix.length &&
      host.host.endsWith(pattern.suffix)
    ) {
      return true;
    }
  }
  return false;
}
