import { isIP } from "node:net";

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]", "::1"];

/** True for addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h === "::1") return true;
  return isIP(h) === 4 && h.startsWith("127.");
}

/**
 * DNS-rebinding protection. A browser tricked into sending requests to the gateway carries a
 * foreign Host (the attacker's name resolving to us) and a foreign Origin; both are checked
 * against the names the gateway is really reached by.
 */
export class OriginPolicy {
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;

  constructor(opts: {
    listenHost: string;
    publicUrl?: string;
    allowedHosts: string[];
    allowedOrigins: string[];
  }) {
    const hosts = new Set<string>(opts.allowedHosts.map((h) => h.toLowerCase()));
    if (isLoopbackHost(opts.listenHost) || opts.listenHost === "0.0.0.0" || opts.listenHost === "::") {
      for (const h of LOOPBACK_NAMES) hosts.add(h);
    }
    if (!["0.0.0.0", "::"].includes(opts.listenHost)) hosts.add(opts.listenHost.toLowerCase());
    const origins = new Set<string>(opts.allowedOrigins.map((o) => o.toLowerCase().replace(/\/$/, "")));
    if (opts.publicUrl) {
      const u = new URL(opts.publicUrl);
      hosts.add(u.hostname.toLowerCase());
      origins.add(u.origin.toLowerCase());
    }
    this.hosts = hosts;
    this.origins = origins;
  }

  /** Returns why the request is refused, or undefined when its Host and Origin are ours. */
  check(hostHeader: string | undefined, originHeader: string | undefined): string | undefined {
    if (hostHeader !== undefined && !this.hosts.has(hostnameOf(hostHeader)))
      return `Host "${hostHeader}" is not allowed`;
    if (originHeader === undefined) return undefined;
    const origin = originHeader.toLowerCase();
    if (this.origins.has(origin)) return undefined;
    let host: string;
    try {
      host = new URL(origin).hostname;
    } catch {
      return `Origin "${originHeader}" is not allowed`;
    }
    return this.hosts.has(host) ? undefined : `Origin "${originHeader}" is not allowed`;
  }
}

/** The host name of a Host header value, without the port. */
function hostnameOf(host: string): string {
  const h = host.toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  const colon = h.lastIndexOf(":");
  return colon === -1 ? h : h.slice(0, colon);
}
