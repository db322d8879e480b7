import { isIP } from "node:net";

/**
 * Whether a host name or address can only be reached from this machine: `localhost`, any
 * address in 127.0.0.0/8, `::1`, or an IPv4-mapped loopback address. A wildcard address
 * (`0.0.0.0`, `::`) or any other name is not loopback.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  const lower = bare.toLowerCase();
  if (lower === "localhost" || lower.endsWith(".localhost")) return true;
  const mapped = lower.startsWith("::ffff:") ? lower.slice(7) : lower;
  if (isIP(mapped) === 4) return mapped.split(".")[0] === "127";
  if (isIP(lower) === 6) return expandIpv6(lower) === "0000:0000:0000:0000:0000:0000:0000:0001";
  return false;
}

/** The full eight-group form of an IPv6 address, so equal addresses compare equal as text. */
export function expandIpv6(address: string): string {
  const [head = "", tail] = address.split("::", 2);
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const last = tailGroups.length ? tailGroups : headGroups;
  const lastGroup = last[last.length - 1];
  // An embedded IPv4 tail (::ffff:1.2.3.4) occupies two groups.
  if (lastGroup !== undefined && lastGroup.includes(".")) {
    const octets = lastGroup.split(".").map(Number);
    const pair = [((octets[0] ?? 0) << 8) | (octets[1] ?? 0), ((octets[2] ?? 0) << 8) | (octets[3] ?? 0)];
    last.splice(last.length - 1, 1, ...pair.map((n) => n.toString(16)));
  }
  const missing = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(missing).fill("0"), ...tailGroups];
  return groups.map((g) => g.padStart(4, "0")).join(":");
}
