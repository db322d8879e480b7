/**
 * Routes resource URIs to servers. URIs are passed through unchanged (they appear inside
 * results and links, so rewriting them would break clients). The rule for collisions:
 *  1. a URI a server listed goes to that server; when several listed it, the first in config order;
 *  2. otherwise the first server (config order) with a resource template that matches it;
 *  3. otherwise each server offering resources is asked in config order and the first answer wins.
 */
export class ResourceRoutes {
  private readonly exact = new Map<string, string>();
  private templates: Array<{ server: string; pattern: RegExp }> = [];

  /** Records URIs a server listed; earlier servers keep URIs they already claimed. */
  addResource(server: string, uri: string, order: readonly string[]): void {
    const owner = this.exact.get(uri);
    if (owner === undefined || order.indexOf(server) < order.indexOf(owner)) this.exact.set(uri, server);
  }

  /** Whether `server` owns a URI it listed (false when an earlier server listed it too). */
  owns(server: string, uri: string): boolean {
    return this.exact.get(uri) === server;
  }

  addTemplate(server: string, uriTemplate: string, order: readonly string[]): void {
    if (
      this.templates.some(
        (t) => t.server === server && t.pattern.source === templatePattern(uriTemplate).source,
      )
    )
      return;
    this.templates.push({ server, pattern: templatePattern(uriTemplate) });
    this.templates.sort((a, b) => order.indexOf(a.server) - order.indexOf(b.server));
  }

  /** The server a URI belongs to, or undefined when only asking around can tell. */
  resolve(uri: string): string | undefined {
    return this.exact.get(uri) ?? this.templates.find((t) => t.pattern.test(uri))?.server;
  }

  dropServer(server: string): void {
    for (const [uri, s] of this.exact) if (s === server) this.exact.delete(uri);
    this.templates = this.templates.filter((t) => t.server !== server);
  }
}

/** RFC 6570 template to a matcher: each `{…}` expression matches one or more characters. */
export function templatePattern(template: string): RegExp {
  let out = "";
  let last = 0;
  for (const m of template.matchAll(/\{[^}]*\}/g)) {
    out +=
      escape(template.slice(last, m.index)) +
      (m[0].startsWith("{+") || m[0].startsWith("{/") ? ".+" : "[^/?#]+");
    last = m.index + m[0].length;
  }
  out += escape(template.slice(last));
  return new RegExp(`^${out}$`);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
