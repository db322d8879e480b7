import type { IncomingMessage, ServerResponse } from "node:http";
import { resolve } from "node:path";
import type { LoadedConfig } from "../config/load.js";
import type { Config } from "../config/schema.js";
import type { Logger } from "../log.js";
import type { Store } from "../store/store.js";
import { SqliteStore } from "../store/sqlite.js";
import { HttpFront, type Authenticate } from "../transport/http/front.js";
import type { HttpChallenge } from "../transport/http/post-reply.js";
import {
  assertListenAllowed,
  createAuthenticator,
  isAuthConfigured,
  metadataResponse,
  mfaChallenge,
  mtlsServerOptions,
  peerCertificateOf,
} from "../auth/index.js";
import {
  auditJournalPath,
  auditLogOptionsFromConfig,
  createAuditLog,
  lockJournal,
  recoverJournalFile,
  type AuditLog,
} from "../audit/index.js";
import { createMetrics, createMetricsHandler, type BastionMetrics } from "../metrics/index.js";
import { createAlerter, type Alerter } from "../alerts/index.js";
import { createTracer, tracerOptionsFromConfig } from "../tracing/index.js";
import { buildGateway, openStore } from "./build.js";
import { buildGuards } from "./guards.js";
import { refusedServers } from "./supply-chain.js";
import { watchAdvisories } from "./advisories.js";
import type { CallRecorder, Gateway } from "./gateway.js";
import { VERSION } from "../version.js";

export interface RunningGateway {
  url: string;
  /** The core, for diagnostics and tests (open sessions, their principals). */
  gateway: Gateway;
  port: number;
  version: string;
  store: Store;
  close(): Promise<void>;
}

/**
 * Starts everything a config describes: store, alerts, audit, metrics, authentication, the
 * gateway core and its HTTP front. Refuses to listen on a non-loopback address without
 * authentication unless explicitly told to.
 */
export async function startGateway(
  loaded: LoadedConfig,
  log: Logger,
  opts: { allowUnauthenticatedRemote: boolean },
): Promise<RunningGateway> {
  const { config, baseDir } = loaded;
  const authOn = isAuthConfigured(config.auth);
  for (const w of assertListenAllowed(config.listen.host, authOn, opts.allowUnauthenticatedRemote).warnings)
    log.warn(w);
  if (!config.policy)
    log.warn(
      "no policy is configured: every authenticated principal may use every server, tool, resource and prompt",
    );

  const store = openStore(config.store, baseDir);
  const alerter = config.alerts ? createAlerter({ ...config.alerts, logger: log }) : undefined;
  const journal = config.audit ? auditJournalPath(store) : undefined;
  if (config.audit && store instanceof SqliteStore) {
    store.writeInBackground((message) => log.warn({ err: message }, "background SQLite writer failed"));
  }
  const releaseJournal = journal ? lockJournal(journal) : undefined;
  if (journal) {
    // Records a killed gateway left in the journal go into the store before anything new is
    // recorded; a journal that does not continue the chain stops the start with its line named.
    const moved = await recoverJournalFile(store, journal);
    if (moved > 0)
      log.warn({ records: moved, journal }, "moved audit records a stopped gateway left into the store");
  }
  const audit = config.audit
    ? createAuditLog({
        store,
        ...(journal ? { journal } : {}),
        ...auditLogOptionsFromConfig({
          ...config.audit,
          ...(config.audit.file ? { file: resolve(baseDir, config.audit.file) } : {}),
        }),
        onWriteFailure: (f) =>
          alerter?.emit({
            type: "audit.write_failed",
            sink: f.sink,
            records: f.records,
            error: f.error.message,
          }),
      })
    : undefined;
  if (config.audit && !config.audit.fail_closed)
    log.warn("AUDIT FAILS OPEN: responses are sent even when their audit record cannot be written");
  const metrics = config.metrics?.enabled ? createMetrics({ defaultMetrics: true }) : undefined;
  const traceTo = config.tracing && tracerOptionsFromConfig(config.tracing);
  const tracer = createTracer(traceTo ? { ...traceTo, logger: log } : undefined);

  // guards before the servers are vetted, so a config they refuse stops start-up before any network call
  const configured = await buildGuards(config, baseDir, store, log, (e) => alerter?.emit(e));
  const refused = await refusedServers(config, log);
  const advisories = watchAdvisories(config, log, (e) => alerter?.emit(e), {
    everyMs: config.advisories.recheck_hours * 3_600_000,
  });
  const runnable = {
    ...config,
    servers: Object.fromEntries(Object.entries(config.servers).filter(([k]) => !refused.has(k))),
  };
  const gw = buildGateway(runnable, baseDir, log, configured.guards, {
    record: recorder(audit, metrics, alerter),
    serverRequests: configured.serverRequests,
    instructions: configured.instructions,
    serverIdentity: configured.serverIdentity,
    tracer,
    onUpstreamRestart: (server) => metrics?.upstreamRestarts.inc({ server }),
    onCrashLoop: (server, loop) =>
      alerter?.emit({
        type: "upstream.crashloop",
        server,
        restarts: loop.restarts,
        window_seconds: Math.round(loop.windowMs / 100) / 10,
      }),
  });
  const routes: Array<(req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>> = [];
  let authenticate: Authenticate | undefined;
  if (authOn && config.auth && config.public_url) {
    const publicUrl = config.public_url;
    const auth = config.auth;
    const authenticator = createAuthenticator(auth, {
      store,
      publicUrl,
      onAlert: (a) =>
        alerter?.emit({
          type: "auth.failed",
          source: a.source,
          reason: `locked out after ${a.failures} failures`,
        }),
    });
    routes.push((req, res) => {
      const doc = metadataResponse(new URL(req.url ?? "/", "http://x").pathname, publicUrl, auth);
      if (!doc) return false;
      res.writeHead(doc.status, doc.headers).end(doc.body);
      return true;
    });
    authenticate = async (req) => {
      const r = await authenticator.authenticate({
        headers: req.headers,
        remoteAddress: req.socket.remoteAddress ?? "",
        url: req.url ?? "/",
        ...(auth.mtls ? { peerCertificate: peerCertificateOf(req.socket) } : {}),
      });
      if (!r.ok) {
        metrics?.authFailures.inc();
        alerter?.emit({
          type: "auth.failed",
          source: req.socket.remoteAddress ?? "unknown",
          reason: r.reason,
        });
        log.info({ status: r.status, reason: r.reason }, "authentication refused");
      }
      return r;
    };
  }
  if (metrics) {
    const handle = createMetricsHandler({
      registry: metrics.registry,
      ...(config.metrics?.token ? { token: config.metrics.token } : {}),
    });
    routes.push(async (req, res) => {
      if (!(req.url ?? "").startsWith("/metrics")) return false;
      metrics.openSessions.set(gw.sessions.size);
      reportUpstreamHealth(metrics, gw);
      await handle(req, res);
      return true;
    });
  }
  const challenges = new Map<string, HttpChallenge>();
  if (config.auth?.mfa && config.public_url) {
    const c = mfaChallenge(config.auth, config.public_url);
    challenges.set("mfa_required", { status: c.status, headers: c.headers });
  }
  const front = new HttpFront(gw, {
    challenges,
    ...(config.auth?.mtls ? { tls: await mtlsServerOptions(resolvedMtls(config.auth.mtls, baseDir)) } : {}),
    host: config.listen.host,
    port: config.listen.port,
    path: config.listen.path,
    publicUrl: config.public_url,
    allowedHosts: config.allowed_hosts,
    allowedOrigins: config.allowed_origins,
    maxBodyBytes: config.limits.max_body_bytes,
    routes,
    ...(authenticate ? { authenticate } : {}),
  });
  const address = await front.listen();
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `${config.auth?.mtls ? "https" : "http"}://${host}:${address.port}${config.listen.path}`;
  log.info(
    {
      url,
      servers: Object.keys(config.servers),
      store: store.kind,
      auth: authOn,
      audit: !!audit,
      tracing: tracer.enabled,
    },
    "gateway listening",
  );
  return {
    url,
    gateway: gw,
    port: address.port,
    version: VERSION,
    store,
    async close() {
      configured.close();
      advisories.close();
      await front.close();
      await gw.close();
      // after the sessions, so the spans of calls cut short by the close are exported too
      await tracer.shutdown();
      await audit?.close();
      // After the audit, whose last write may itself fail and raise an alert: a process about to
      // exit would otherwise drop what is still queued for the webhook. Bounded by one post's
      // timeout, so a dead webhook delays a shutdown by seconds, not by its whole queue.
      const undelivered = await alerter?.flush(config.alerts?.webhook?.timeout_ms);
      if (undelivered)
        log.warn(
          { alerts: undelivered },
          "alerts still queued at shutdown were not delivered to the webhook; the log above holds them",
        );
      releaseJournal?.();
      await store.close();
    },
  };
}

/**
 * `bastion_upstream_up` at scrape time: 1 for a server while every open session's connection to it
 * is ready, 0 while one is not; no series while no session holds a connection to it, as then
 * there is nothing to judge.
 */
function reportUpstreamHealth(metrics: BastionMetrics, gw: Gateway): void {
  metrics.upstreamUp.reset();
  for (const [server, h] of gw.upstreamHealth())
    if (h.ready + h.notReady > 0) metrics.upstreamUp.set({ server }, h.notReady === 0 ? 1 : 0);
}

/** Certificate paths in the config are relative to the config file. */
function resolvedMtls<T extends { cert_file: string; key_file: string; client_ca_file: string }>(
  m: T,
  baseDir: string,
): T {
  return {
    ...m,
    cert_file: resolve(baseDir, m.cert_file),
    key_file: resolve(baseDir, m.key_file),
    client_ca_file: resolve(baseDir, m.client_ca_file),
  };
}

/** What happens to every finished call: metrics, a data-transfer check, and the audit record. */
function recorder(
  audit: AuditLog | undefined,
  metrics: BastionMetrics | undefined,
  alerter: Alerter | undefined,
): CallRecorder | undefined {
  if (!audit && !metrics && !alerter) return undefined;
  return (session, trace, response) => {
    const latency = performance.now() - trace.startedAt;
    const decision =
      response !== undefined &&
      "error" in response &&
      trace.decision === "allow" &&
      trace.upstreamStatus === undefined
        ? "deny"
        : trace.decision;
    metrics?.observeCall({
      server: trace.server ?? null,
      method: trace.method,
      decision,
      findings: trace.findings,
      gateway_ms: latency - (trace.upstreamMs ?? 0),
      ...(trace.upstreamMs !== undefined ? { upstream_ms: trace.upstreamMs } : {}),
    });
    const bytesOut = trace.bytesOut ?? 0;
    alerter?.emit({
      type: "data.transfer",
      principal: session.principal.subject,
      bytes: bytesOut,
      ...(trace.server ? { server: trace.server } : {}),
    });
    return audit?.record({
      session: session.id,
      principal: session.principal,
      client: session.clientInfo ?? null,
      server: trace.server ?? null,
      method: trace.method,
      target: trace.target ?? null,
      decision,
      rule: trace.rule ?? null,
      findings: trace.findings,
      latency_ms: Math.round(latency * 1000) / 1000,
      bytes_in: trace.bytesIn,
      bytes_out: bytesOut,
      upstream_status: trace.upstreamStatus ?? null,
      args: trace.args,
    });
  };
}

export type { Config };
