import { classifyHost, inCidr, parseIp, type AddressCategory, type IpAddress } from "./address.js";

/** Host allow and deny lists, as written in configuration. */
export interface HostRules {
  /** Hosts that may be reached: `api.example.com`, `*.example.com` (subdomains), IPs, CIDR blocks. */
  allow?: readonly string[];
  /** Hosts that may never be reached, in the same forms; deny wins over allow. */
  deny?: readonly string[];
}

type HostPattern =
  | { kind: "exact"; host: string; source: string }
  | { kind: "wildcard"; suffix: string; source: string }
  | { kind: "any"; source: string }
  | { kind: "cidr"; base: IpAddress; bits: number; source: string };

/** Host rules checked once and ready to use; build them with {@link compileHostRules}. */
export interface CompiledHostRules {
  readonly allow?: readonly HostPattern[];
  readonly deny: readonly HostPattern[];
}

/** Raised for a host rule that cannot be used; the message names the entry. */
export class HostRuleError extends Error {
  override readonly name = "HostRuleError";
}

/** Why a URL may or may not be reached. */
export type EgressReason =
  | "allowed"
  | "invalid-url"
  | "unsupported-scheme"
  | "ambiguous-authority"
  | "denied"
  | "not-allowed"
  | "private-address";

/** The verdict on one URL. */
export interface EgressDecision {
  allowed: boolean;
  reason: EgressReason;
  /** The host a client would contact, normalised (lower case, punycode, no trailing dot). */
  host?: string;
  category?: AddressCategory;
  /** The configured entry that decided, when one did. */
  rule?: string;
}

const NETWORK_SCHEMES = new Set(["http:", "https:", "ws:", "wss:"]);

/**
 * Normalises a host as the WHATWG URL parser does (lower case, IDN to punycode, IPv4 in any
 * notation to a dotted quad, IPv6 compressed) and drops trailing dots. Undefined when invalid.
 *
 * @example normalizeHost("0x7f.1") // "127.0.0.1"
 */
export function normalizeHost(host: string): string | undefined {
  const bare = host.trim();
  if (bare === "" || /[/?#@\\\s]/.test(bare)) return undefined;
  const bracketed = bare.includes(":") && !bare.startsWith("[") ? `[${bare}]` : bare;
  try {
    const hostname = new URL(`http://${bracketed}/`).hostname;
    const trimmed = hostname.replace(/\.+$/, "");
    if (trimmed === "") return undefined;
    // "127.0.0.1." only parses as an IPv4 address once the dot is gone.
    return trimmed === hostname ? trimmed : new URL(`http://${trimmed}/`).hostname;
  } catch {
    return undefined;
  }
}

function compilePattern(entry: string, list: "allow" | "deny", index: number): HostPattern {
  const fail = (why: string): never => {
    throw new HostRuleError(`${list}[${index}] "${entry}" ${why}`);
  };
  if (typeof entry !== "string" || entry.trim() === "") return fail("must be a non-empty host name");
  const source = entry.trim();
  if (source === "*") return { kind: "any", source };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source) || /[/?#](?!\d{1,3}$)/.test(source)) {
    if (!/^[^/]+\/\d{1,3}$/.test(source)) return fail("must name a host, not a URL");
  }
  const slash = source.lastIndexOf("/");
  if (slash > 0) {
    const base = parseIp(source.slice(0, slash).replace(/^\[|\]$/g, ""));
    const bits = Number(source.slice(slash + 1));
    if (!base) return fail("is not a CIDR block (an IP address, a slash and a prefix length)");
    if (!Number.isInteger(bits) || bits < 0 || bits > (base.version === 4 ? 32 : 128)) {
      return fail("has a prefix length out of range");
    }
    return { kind: "cidr", base, bits, source };
  }
  if (source.startsWith("*.")) {
    const suffix = normalizeHost(source.slice(2));
    if (!suffix || parseIp(suffix)) return fail("must be *. followed by a domain name");
    return { kind: "wildcard", suffix, source };
  }
  if (source.includes("*")) return fail("may only use * as a whole label at the start (*.example.com)");
  const host = normalizeHost(source);
  if (!host) return fail("is not a valid host name or IP address");
  return { kind: "exact", host: host.replace(/^\[|\]$/g, ""), source };
}

/**
 * Validates and compiles host rules. Throws {@link HostRuleError} naming the bad entry: a URL
 * instead of a host, a misplaced wildcard, an invalid CIDR block.
 *
 * @example compileHostRules({ allow: ["*.github.com", "10.0.0.0/8"], deny: ["gist.github.com"] })
 */
export function compileHostRules(rules: HostRules): CompiledHostRules {
  const allow = rules.allow?.map((entry, index) => compilePattern(entry, "allow", index));
  const deny = (rules.deny ?? []).map((entry, index) => compilePattern(entry, "deny", index));
  return allow ? { allow, deny } : { deny };
}

function matches(
  pattern: HostPattern,
  host: string,
  address: IpAddress | undefined,
  exactOnly: boolean,
): boolean {
  switch (pattern.kind) {
    case "exact":
      return pattern.host === host;
    case "cidr":
      return address !== undefined && inCidr(address, pattern.base, pattern.bits);
    case "wildcard":
      return !exactOnly && host.endsWith(`.${pattern.suffix}`);
    case "any":
      return !exactOnly;
  }
}

/** The authority of a URL as written: between "//" and the first "/", "?" or "#". */
function rawAuthority(input: string): string | undefined {
  const start = input.indexOf("//");
  if (start < 0) return undefined;
  const rest = input.slice(start + 2);
  const end = rest.search(/[/?#]/);
  return end < 0 ? rest : rest.slice(0, end);
}

/**
 * Hosts that clients with other URL parsers might contact for the same string: taking the
 * backslash as part of the authority, and splitting user info at the first "@" as well as the
 * last. An egress check must accept every one of them.
 */
function alternativeHosts(input: string): string[] {
  const authority = rawAuthority(input);
  if (!authority || (!authority.includes("@") && !authority.includes("\\"))) return [];
  const hosts: string[] = [];
  for (const at of [authority.indexOf("@"), authority.lastIndexOf("@")]) {
    const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
    const host = normalizeHost(hostPort.replace(/\\.*$/, "").replace(/:\d*$/, ""));
    if (host) hosts.push(host.replace(/^\[|\]$/g, ""));
  }
  return hosts;
}

function judgeHost(host: string, rules: CompiledHostRules): EgressDecision {
  const address = parseIp(host);
  const category = classifyHost(address?.version === 6 ? `[${host}]` : host);
  const denied = rules.deny.find((pattern) => matches(pattern, host, address, false));
  if (denied) return { allowed: false, reason: "denied", host, category, rule: denied.source };
  if (category !== "public") {
    // Private, loopback and metadata targets need an entry that names them, not a wildcard.
    const named = rules.allow?.find((pattern) => matches(pattern, host, address, true));
    return named
      ? { allowed: true, reason: "allowed", host, category, rule: named.source }
      : { allowed: false, reason: "private-address", host, category };
  }
  if (!rules.allow) return { allowed: true, reason: "allowed", host, category };
  const allowed = rules.allow.find((pattern) => matches(pattern, host, address, false));
  return allowed
    ? { allowed: true, reason: "allowed", host, category, rule: allowed.source }
    : { allowed: false, reason: "not-allowed", host, category };
}

/**
 * Decides whether a URL may be reached under the host rules. The host is the one a client would
 * really contact (user info, IDN, trailing dots and every IPv4 notation resolved); private,
 * loopback, link-local and cloud-metadata targets are refused unless an allow entry names them
 * exactly or by CIDR. Only http, https, ws and wss URLs are accepted. Pure: no DNS lookups, so
 * the gateway must re-check resolved addresses with `classifyAddress` to stop DNS rebinding.
 *
 * @example checkEgress("http://2130706433/", {}).reason // "private-address"
 */
export function checkEgress(url: string, rules: HostRules | CompiledHostRules): EgressDecision {
  const compiled = isCompiled(rules) ? rules : compileHostRules(rules);
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return { allowed: false, reason: "invalid-url" };
  }
  if (!NETWORK_SCHEMES.has(parsed.protocol)) return { allowed: false, reason: "unsupported-scheme" };
  const host = normalizeHost(parsed.hostname.replace(/^\[|\]$/g, ""))?.replace(/^\[|\]$/g, "");
  if (!host) return { allowed: false, reason: "invalid-url" };
  const decision = judgeHost(host, compiled);
  if (!decision.allowed) return decision;
  for (const alternative of alternativeHosts(url)) {
    if (alternative === host) continue;
    const other = judgeHost(alternative, compiled);
    if (!other.allowed) return { ...other, allowed: false, reason: "ambiguous-authority" };
  }
  return decision;
}

/**
 * Whether a URL may be reached under the host rules; see {@link checkEgress} for the reason.
 *
 * @example hostAllowed("https://api.github.com/user", { allow: ["*.github.com"] }) // true
 */
export function hostAllowed(url: string, rules: HostRules | CompiledHostRules): boolean {
  return checkEgress(url, rules).allowed;
}

function isCompiled(rules: HostRules | CompiledHostRules): rules is CompiledHostRules {
  const deny = rules.deny;
  return Array.isArray(deny) && deny.every((entry: unknown) => typeof entry === "object" && entry !== null);
}
