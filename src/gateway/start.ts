import type { LoadedConfig } from "../config/load.js";
import type { Logger } from "../log.js";
import { HttpFront } from "../transport/http/front.js";
import { isLoopbackHost } from "../transport/http/origin.js";
import { buildGateway, openStore } from "./build.js";
import { VERSION } from "../version.js";

export interface RunningGateway {
  url: string;
  port: number;
  version: string;
  close(): Promise<void>;
}

/**
 * Starts everything a config describes: store, gateway core and HTTP front. Refuses to listen
 * on a non-loopback address without authentication unless explicitly told to.
 */
export async function startGateway(
  loaded: LoadedConfig,
  log: Logger,
  opts: { allowUnauthenticatedRemote: boolean },
): Promise<RunningGateway> {
  const { config, baseDir } = loaded;
  if (!isLoopbackHost(config.listen.host) && !opts.allowUnauthenticatedRemote) {
    throw new Error(
      `refusing to listen on ${config.listen.host} without authentication: anyone who can reach it could use every server. ` +
        `Configure auth, listen on 127.0.0.1, or pass --allow-unauthenticated-remote.`,
    );
  }
  if (!isLoopbackHost(config.listen.host))
    log.warn({ host: config.listen.host }, "LISTENING ON A NON-LOOPBACK ADDRESS WITHOUT AUTHENTICATION");
  const store = openStore(config.store, baseDir);
  const gw = buildGateway(config, baseDir, log);
  const front = new HttpFront(gw, {
    host: config.listen.host,
    port: config.listen.port,
    path: config.listen.path,
    publicUrl: config.public_url,
    allowedHosts: config.allowed_hosts,
    allowedOrigins: config.allowed_origins,
    maxBodyBytes: config.limits.max_body_bytes,
  });
  const address = await front.listen();
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}${config.listen.path}`;
  log.info({ url, servers: Object.keys(config.servers), store: store.kind }, "gateway listening");
  return {
    url,
    port: address.port,
    version: VERSION,
    async close() {
      await front.close();
      await gw.close();
      await store.close();
    },
  };
}
