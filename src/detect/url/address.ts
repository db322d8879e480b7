/**
 * IP addresses and host names as an egress check sees them: parsed from their canonical text
 * (the WHATWG URL parser has already turned decimal, octal, hex and short IPv4 forms into dotted
 * quads), and classified so private, loopback, link-local and cloud-metadata targets can be refused.
 */

/** What kind of place an address or name points to. Only `public` is reachable without naming it. */
export type AddressCategory =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "cloud-metadata"
  | "unspecified"
  | "shared"
  | "multicast"
  | "broadcast"
  | "documentation"
  | "reserved"
  | "internal-name";

/** An IP address as a number (IPv4, 32 bits) or a bigint (IPv6, 128 bits). */
export type IpAddress = { version: 4; value: number } | { version: 6; value: bigint };

/** Parses a dotted-quad IPv4 address (canonical form only). */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255 || (part.length > 1 && part.startsWith("0")))
      return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

/** Parses an IPv6 address (with or without brackets, `::` compression and a dotted IPv4 tail). */
export function parseIPv6(text: string): bigint | undefined {
  let body = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  if (body.includes("%")) return undefined;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (tail?.[1]) {
    const v4 = parseIPv4(tail[1]);
    if (v4 === undefined) return undefined;
    body = `${body.slice(0, -tail[1].length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = body.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/** Parses an IPv4 or IPv6 address in canonical text form. */
export function parseIp(text: string): IpAddress | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseIPv6(text);
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

type Range4 = [number, number, AddressCategory];

function cidr4(base: string, bits: number, category: AddressCategory): Range4 {
  const start = parseIPv4(base) ?? 0;
  return [start, start + 2 ** (32 - bits) - 1, category];
}

// Most specific first: metadata addresses sit inside link-local and shared ranges.
const IPV4_RANGES: Range4[] = [
  cidr4("169.254.169.254", 32, "cloud-metadata"),
  cidr4("169.254.170.2", 32, "cloud-metadata"),
  cidr4("100.100.100.200", 32, "cloud-metadata"),
  cidr4("192.0.0.192", 32, "cloud-metadata"),
  cidr4("255.255.255.255", 32, "broadcast"),
  cidr4("0.0.0.0", 8, "unspecified"),
  cidr4("10.0.0.0", 8, "private"),
  cidr4("100.64.0.0", 10, "shared"),
  cidr4("127.0.0.0", 8, "loopback"),
  cidr4("169.254.0.0", 16, "link-local"),
  cidr4("172.16.0.0", 12, "private"),
  cidr4("192.0.0.0", 24, "reserved"),
  cidr4("192.0.2.0", 24, "documentation"),
  cidr4("192.88.99.0", 24, "reserved"),
  cidr4("192.168.0.0", 16, "private"),
  cidr4("198.18.0.0", 15, "reserved"),
  cidr4("198.51.100.0", 24, "documentation"),
  cidr4("203.0.113.0", 24, "documentation"),
  cidr4("224.0.0.0", 4, "multicast"),
  cidr4("240.0.0.0", 4, "reserved"),
];

function classifyIPv4(value: number): AddressCategory {
  for (const [start, end, category] of IPV4_RANGES) if (value >= start && value <= end) return category;
  return "public";
}

function inPrefix(value: bigint, prefix: bigint, bits: number): boolean {
  const shift = BigInt(128 - bits);
  return value >> shift === prefix >> shift;
}

const V6 = (text: string): bigint => parseIPv6(text) ?? 0n;

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
export function embeddedIPv4(value: bigint): number | undefined {
  const low32 = Number(value & 0xffffffffn);
  if (inPrefix(value, V6("::ffff:0:0"), 96)) return low32;
  if (inPrefix(value, V6("64:ff9b::"), 96)) return low32;
  if (inPrefix(value, V6("::"), 96) && value > 1n) return low32;
  if (inPrefix(value, V6("2002::"), 16)) return Number((value >> 80n) & 0xffffffffn);
  return undefined;
}

function classifyIPv6(value: bigint): AddressCategory {
  if (value === 0n) return "unspecified";
  if (value === 1n) return "loopback";
  if (value === V6("fd00:ec2::254")) return "cloud-metadata";
  const v4 = embeddedIPv4(value);
  if (v4 !== undefined) return classifyIPv4(v4);
  if (inPrefix(value, V6("fe80::"), 10)) return "link-local";
  if (inPrefix(value, V6("fc00::"), 7)) return "private";
  if (inPrefix(value, V6("ff00::"), 8)) return "multicast";
  if (inPrefix(value, V6("2001:db8::"), 32)) return "documentation";
  if (inPrefix(value, V6("2001::"), 32) || inPrefix(value, V6("100::"), 64)) return "reserved";
  if (!inPrefix(value, V6("2000::"), 3)) return "reserved";
  return "public";
}

/** The category of an IP address. */
export function classifyAddress(address: IpAddress): AddressCategory {
  return address.version === 4 ? classifyIPv4(address.value) : classifyIPv6(address.value);
}

const METADATA_NAMES = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.azure.internal",
  "metadata.oraclecloud.com",
]);
const INTERNAL_SUFFIXES = [
  ".internal",
  ".local",
  ".localdomain",
  ".lan",
  ".home.arpa",
  ".intranet",
  ".corp",
  ".private",
];

/**
 * The category of a normalised host name or IP literal (lower case, no trailing dot, IPv6 in
 * brackets). Names cannot be resolved here: `localhost`, cloud metadata names, single-label and
 * internal-suffix names are refused by name; anything else counts as public until resolved.
 */
export function classifyHost(host: string): AddressCategory {
  const address = parseIp(host);
  if (address) return classifyAddress(address);
  if (host === "localhost" || host.endsWith(".localhost") || host === "ip6-localhost") return "loopback";
  if (METADATA_NAMES.has(host)) return "cloud-metadata";
  if (!host.includes(".") || INTERNAL_SUFFIXES.some((suffix) => host.endsWith(suffix)))
    return "internal-name";
  return "public";
}

/** Whether `address` lies in the CIDR block `base/bits` (same IP version). */
export function inCidr(address: IpAddress, base: IpAddress, bits: number): boolean {
  if (address.version !== base.version) return false;
  if (address.version === 4 && base.version === 4) {
    if (bits === 0) return true;
    const mask = bits === 32 ? 0xffffffff : ~(2 ** (32 - bits) - 1) >>> 0;
    return (address.value & mask) >>> 0 === (base.value & mask) >>> 0;
  }
  return inPrefix(address.value as bigint, base.value as bigint, bits);
}
