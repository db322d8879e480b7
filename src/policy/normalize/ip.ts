/**
 * IP address parsing and classification for judging hosts. Pure; shared with egress control,
 * which classifies the addresses a host name resolves to.
 */

/** Why an address is off limits unless a rule names it. */
export type RestrictedClass =
  | "loopback"
  | "private"
  | "link-local"
  | "cloud-metadata"
  | "unspecified"
  | "multicast"
  | "shared"
  | "reserved";

const CLOUD_METADATA_IPV4 = new Set([
  "169.254.169.254",
  "169.254.170.2",
  "169.254.170.23",
  "100.100.100.200",
  "192.0.0.192",
]);
const CLOUD_METADATA_IPV6 = new Set(["fd00:ec2::254", "fd00:ec2::23"]);

/** IPv4 blocks as [first address, prefix length, class], most specific first. */
const IPV4_BLOCKS: ReadonlyArray<readonly [string, number, RestrictedClass]> = [
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "shared"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "reserved"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];

/**
 * Parses a dotted-quad IPv4 address in canonical decimal form into a 32-bit number.
 * (Other notations are canonicalised by the WHATWG URL parser before they get here.)
 *
 * @example parseIPv4("127.0.0.1") // 2130706433
 */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(?:0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/**
 * Parses an IPv6 address (without brackets or zone) into eight 16-bit groups, accepting `::`
 * compression and a trailing dotted IPv4 part.
 *
 * @example parseIPv6("::ffff:127.0.0.1") // [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]
 */
export function parseIPv6(text: string): number[] | undefined {
  let body = text.toLowerCase();
  const lastColon = body.lastIndexOf(":");
  if (body.includes(".", lastColon)) {
    const v4 = parseIPv4(body.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    const high = Math.floor(v4 / 65536).toString(16);
    body = `${body.slice(0, lastColon + 1)}${high}:${(v4 % 65536).toString(16)}`;
  }
  const halves = body.split("::");
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === "") return [];
    const groups: number[] = [];
    for (const group of part.split(":")) {
      if (!/^[0-9a-f]{1,4}$/.test(group)) return undefined;
      groups.push(Number.parseInt(group, 16));
    }
    return groups;
  };
  const head = parseGroups(halves[0] ?? "");
  const rest = halves.length === 2 ? parseGroups(halves[1] ?? "") : [];
  if (!head || !rest) return undefined;
  const explicit = head.length + rest.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return undefined;
  return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest];
}

/**
 * The restricted class of an IPv4 address, or undefined for a public one.
 *
 * @example classifyIPv4("169.254.169.254") // "cloud-metadata"
 */
export function classifyIPv4(address: string): RestrictedClass | undefined {
  const value = parseIPv4(address);
  if (value === undefined) return undefined;
  return classifyIPv4Number(value);
}

function classifyIPv4Number(value: number): RestrictedClass | undefined {
  if (CLOUD_METADATA_IPV4.has(formatIPv4(value))) return "cloud-metadata";
  if (value === 0xffffffff) return "reserved";
  for (const [first, prefix, kind] of IPV4_BLOCKS) {
    const size = 2 ** (32 - prefix);
    const start = parseIPv4(first) ?? 0;
    if (value >= start && value < start + size) return kind;
  }
  return undefined;
}

function formatIPv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

/**
 * The restricted class of an IPv6 address, or undefined for a public one. Addresses that embed
 * an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo) are judged by that address.
 *
 * @example classifyIPv6("::ffff:7f00:1") // "loopback"
 */
export function classifyIPv6(address: string): RestrictedClass | undefined {
  const groups = parseIPv6(address);
  if (!groups) return undefined;
  const g = (i: number) => groups[i] ?? 0;
  const embedded = (high: number, low: number) => classifyIPv4Number(high * 65536 + low);
  if (CLOUD_METADATA_IPV6.has(formatIPv6(groups))) return "cloud-metadata";
  const firstFiveZero = [0, 1, 2, 3, 4].every((i) => g(i) === 0);
  if (firstFiveZero && g(5) === 0 && g(6) === 0) {
    return g(7) === 0 ? "unspecified" : g(7) === 1 ? "loopback" : "reserved";
  }
  if (firstFiveZero && (g(5) === 0xffff || g(5) === 0)) {
    return embedded(g(6), g(7)) ?? (g(5) === 0 ? "reserved" : undefined);
  }
  if (g(0) === 0x64 && g(1) === 0xff9b && [2, 3, 4, 5].every((i) => g(i) === 0)) return embedded(g(6), g(7));
  if (g(0) === 0x64 && g(1) === 0xff9b && g(2) === 1) return "private";
  if (g(0) === 0x2002) return embedded(g(1), g(2));
  if (g(0) === 0x2001 && g(1) === 0) return embedded(g(6) ^ 0xffff, g(7) ^ 0xffff);
  if (g(0) === 0x100 && g(1) === 0 && g(2) === 0 && g(3) === 0) return "reserved";
  if ((g(0) & 0xffc0) === 0xfe80) return "link-local";
  if ((g(0) & 0xffc0) === 0xfec0) return "private";
  if ((g(0) & 0xfe00) === 0xfc00) return "private";
  if ((g(0) & 0xff00) === 0xff00) return "multicast";
  return undefined;
}

/** Canonical RFC 5952 text of eight groups (longest run of two or more zero groups compressed). */
export function formatIPv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hexGroups = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hexGroups.join(":");
  return `${hexGroups.slice(0, bestStart).join(":")}::${hexGroups.slice(bestStart + bestLength).join(":")}`;
}
