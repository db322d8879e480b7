import { resolve } from "node:path";
import type { Config, ServerConfig } from "../config/schema.js";
import { isStdio } from "../config/schema.js";
import type { Logger } from "../log.js";
import type { Store } from "../store/store.js";
import { MemoryStore } from "../store/memory.js";
import { SqliteStore } from "../store/sqlite.js";
import { StdioTransport } from "../upstream/stdio-transport.js";
import { HttpTransport } from "../upstream/http-transport.js";
import { staticHeadersProvider } from "../auth/upstream-credentials.js";
import type { Principal } from "../auth/principal.js";
import type { Guard } from "../guards/guard.js";
import { Gateway, type CallRecorder, type GatewayOptions, type ServerDef } from "./gateway.js";
import { VERSION } from "../version.js";

/** Opens the configured store; relative SQLite paths are relative to the config file. */
export function openStore(spec: string, baseDir: string): Store {
  if (spec === "memory") return new MemoryStore();
  return new SqliteStore(resolve(baseDir, spec.slice("sqlite:".length)));
}

/** One server's config as the gateway runs it. */
export function serverDef(key: string, s: ServerConfig, baseDir: string, log: Logger): ServerDef {
  const connect = isStdio(s)
    ? () =>
        new StdioTransport(
          { command: s.command, args: s.args, env: s.env, cwd: s.cwd ? resolve(baseDir, s.cwd) : baseDir },
          log.child({ server: key }),
        )
    : (principal: Principal) =>
        new HttpTransport(
          { url: s.url, server: key, principal, credentials: staticHeadersProvider({ [key]: s.headers }) },
          log.child({ server: key }),
        );
  const def: ServerDef = { key, prefix: s.prefix ?? key, connect };
  if (s.timeout_ms !== undefined) def.timeoutMs = s.timeout_ms;
  return def;
}

/** The gateway core for a validated config. */
export function buildGateway(
  config: Config,
  baseDir: string,
  log: Logger,
  guards: Guard[] = [],
  extra: {
    record?: CallRecorder | undefined;
    serverRequests?: GatewayOptions["serverRequests"];
    instructions?: GatewayOptions["instructions"];
    serverIdentity?: GatewayOptions["serverIdentity"] | undefined;
    tracer?: GatewayOptions["tracer"];
    onUpstreamRestart?: GatewayOptions["onUpstreamRestart"];
    onCrashLoop?: GatewayOptions["onCrashLoop"];
  } = {},
): Gateway {
  const servers = Object.entries(config.servers)
    .filter(([, s]) => s.enabled)
    .map(([key, s]) => serverDef(key, s, baseDir, log));
  return new Gateway({
    servers,
    guards,
    ...(extra.record ? { record: extra.record } : {}),
    ...(extra.serverRequests ? { serverRequests: extra.serverRequests } : {}),
    ...(extra.instructions ? { instructions: extra.instructions } : {}),
    ...(extra.serverIdentity ? { serverIdentity: extra.serverIdentity } : {}),
    ...(extra.tracer ? { tracer: extra.tracer } : {}),
    ...(extra.onUpstreamRestart ? { onUpstreamRestart: extra.onUpstreamRestart } : {}),
    ...(extra.onCrashLoop ? { onCrashLoop: extra.onCrashLoop } : {}),
    log,
    version: VERSION,
    limits: {
      requestTimeoutMs: config.limits.request_timeout_ms,
      connectTimeoutMs: config.limits.connect_timeout_ms,
      maxSessions: config.limits.max_sessions,
      sessionIdleSeconds: config.limits.session_idle_seconds,
    },
  });
}
