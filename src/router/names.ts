import { createHash } from "node:crypto";

/** Separator between a server's prefix and the upstream name of a tool or prompt. */
export const SEPARATOR = "__";
/** Longest exposed name; clients and model APIs commonly refuse longer tool names. */
export const MAX_NAME_LENGTH = 64;

/**
 * The name a client sees for an upstream tool or prompt: `<prefix>__<name>`, or the name itself
 * when the server has no prefix. A name that would pass 64 characters is cut and given a short
 * hash of the full name, so the same input always gives the same output and two long names
 * that share a beginning still differ.
 */
export function exposedName(prefix: string | false, name: string): string {
  const full = prefix === false ? name : `${prefix}${SEPARATOR}${name}`;
  if (full.length <= MAX_NAME_LENGTH) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
  return `${full.slice(0, MAX_NAME_LENGTH - 9)}_${hash}`;
}

/** Where an exposed name points: the server key and the name the server knows. */
export interface Route {
  server: string;
  name: string;
}

/**
 * Maps exposed names back to their server. Filled from list results; prefixed names that were
 * never listed still resolve by their prefix, so a client that calls without listing first
 * reaches the right server (and the guards, which judge the exposed name).
 */
export class NameMap {
  private readonly routes = new Map<string, Route>();

  constructor(private readonly prefixes: ReadonlyMap<string, string | false>) {}

  /** Records the items one server listed and returns each one's exposed name. */
  add(server: string, name: string): string {
    const exposed = exposedName(this.prefixes.get(server) ?? server, name);
    this.routes.set(exposed, { server, name });
    return exposed;
  }

  resolve(exposed: string): Route | undefined {
    const known = this.routes.get(exposed);
    if (known) return known;
    const at = exposed.indexOf(SEPARATOR);
    if (at > 0) {
      const prefix = exposed.slice(0, at);
      for (const [server, p] of this.prefixes) {
        if (p === prefix) return { server, name: exposed.slice(at + SEPARATOR.length) };
      }
    }
    const unprefixed = [...this.prefixes].filter(([, p]) => p === false);
    if (unprefixed.length === 1) return { server: unprefixed[0]![0], name: exposed };
    return undefined;
  }

  /** Forgets a server's names (its list changed or it restarted). */
  dropServer(server: string): void {
    for (const [k, r] of this.routes) if (r.server === server) this.routes.delete(k);
  }
}
