import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Registry } from "prom-client";

/**
 * Who may scrape: with a `token`, anyone presenting `Authorization: Bearer <token>`; without one,
 * only clients connecting from a loopback address.
 */
export interface MetricsAccess {
  registry: Registry;
  token?: string;
}

/**
 * Creates a node:http handler for `GET /metrics`: 401 without the right bearer token, 403 from a
 * non-loopback address when no token is configured, 404 for other paths, 405 for other methods.
 *
 * @example
 * const handle = createMetricsHandler({ registry: metrics.registry, token: config.metrics.token });
 * http.createServer((req, res) => void handle(req, res)).listen(9464, "127.0.0.1");
 */
export function createMetricsHandler(
  access: MetricsAccess,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  if (access.token !== undefined && access.token.length < 16) {
    throw new Error("metrics token must be at least 16 characters");
  }
  const expected = access.token === undefined ? undefined : digest(access.token);
  return async function metricsHandler(req, res) {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== "/metrics") return reply(res, 404, "not found\n");
    if (req.method !== "GET" && req.method !== "HEAD")
      return reply(res, 405, "method not allowed\n", { allow: "GET, HEAD" });
    if (expected) {
      const presented = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
      if (!presented || !timingSafeEqual(digest(presented), expected)) {
        return reply(res, 401, "unauthorized\n", { "www-authenticate": 'Bearer realm="bastion-metrics"' });
      }
    } else if (!isLoopback(req.socket.remoteAddress)) {
      return reply(res, 403, "forbidden: /metrics without a token is served to loopback clients only\n");
    }
    try {
      const body = await access.registry.metrics();
      res.writeHead(200, { "content-type": access.registry.contentType });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      reply(res, 500, "metrics collection failed\n");
    }
  };
}

/** Whether an address is the local host: 127.0.0.0/8, ::1, or IPv4-mapped 127.x. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4.startsWith("127.") || address === "::1";
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

function reply(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  res.end(text);
}
