import { randomUUID } from "node:crypto";
import type { Principal } from "../auth/principal.js";
import type { Guard, GuardContext } from "../guards/guard.js";
import { runConnect } from "../guards/chain.js";
import type {
  JsonRpcMessage,
  JsonRpcNotification,
  JsonRpcRequest,
  JsonRpcResponse,
} from "../protocol/jsonrpc.js";
import { isNotification, isRequest } from "../protocol/jsonrpc.js";
import { LATEST_SESSION_VERSION, isSessionVersion } from "../protocol/versions.js";
import type { Logger } from "../log.js";
import { Session } from "../session/session.js";
import type { Reply } from "../session/reply.js";
import type { CallTrace } from "../session/trace.js";
import {
  UpstreamConnection,
  type CrashLoop,
  type InitializeParams,
  type InitializeResult,
} from "../upstream/connection.js";
import type { UpstreamTransport } from "../upstream/transport.js";
import type { Span, TraceCarrier, Tracer } from "../tracing/index.js";
import { GatewayError } from "../errors.js";
import { Dispatcher } from "./dispatch.js";
import {
  endInitializeSpan,
  endUpstreamInitializeSpan,
  startInitializeSpan,
  startUpstreamInitializeSpan,
} from "./call-span.js";
import { ServerMessages } from "./server-messages.js";
import { mergeCapabilities, mergeInstructions } from "./capabilities.js";

/** One upstream server as the gateway runs it. */
export interface ServerDef {
  key: string;
  prefix: string | false;
  timeoutMs?: number;
  /** Makes a new transport (a new child process, a new HTTP connection) for one session. */
  connect: (principal: Principal) => UpstreamTransport;
}

export interface GatewayLimits {
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  maxSessions: number;
  sessionIdleSeconds: number;
}

/** Whose decision a record is: the session, or for a refused `initialize` the one it would have been. */
export type SessionIdentity = Pick<Session, "id" | "principal" | "clientInfo">;

/**
 * Records a finished call, a server's request to the client (`response` is then the refusal, or
 * undefined for one passed on), or a session's opening (`response` undefined); a rejected promise
 * means the record could not be kept (fail closed).
 */
export type CallRecorder = (
  session: SessionIdentity,
  trace: CallTrace,
  response: JsonRpcResponse | undefined,
) => Promise<void> | void;

export interface GatewayOptions {
  /** Called for every client request before its response leaves (audit, metrics). */
  record?: CallRecorder;
  /** Traces every client request and its upstream calls; absent or disabled, nothing is traced. */
  tracer?: Tracer;
  /** Checks a server's instructions before they reach the client; undefined withholds them. */
  instructions?: (server: string, text: string) => string | undefined;
  /**
   * Judges what a server said about itself each time a connection to it completes `initialize`
   * (pinning). Its instructions reach the client only once this answered `instructions: true`;
   * until then, and when it fails, they are withheld.
   */
  serverIdentity?: (server: string, result: InitializeResult) => Promise<{ instructions: boolean }>;
  /** Decides whether a server may send a request (sampling, elicitation, roots) to the client. */
  serverRequests?: (server: string, method: string) => { allowed: boolean; ruleId: string };
  /** Told each time a session's connection to a server is lost and the server started again (metrics). */
  onUpstreamRestart?: (server: string) => void;
  /** Told at every further loss once a session's connection to a server is crash-looping (alerts). */
  onCrashLoop?: (server: string, loop: CrashLoop) => void;
  servers: ServerDef[];
  guards: Guard[];
  log: Logger;
  limits: GatewayLimits;
  restart?: { minMs: number; maxMs: number; enabled: boolean };
  version: string;
}

/**
 * The gateway's core, independent of how clients reach it: sessions, their upstream
 * connections, and the path of every message through the guard chain and the router.
 * Transports (HTTP, stdio) turn bytes into calls on this class and back.
 */
export class Gateway {
  readonly sessions = new Map<string, Session>();
  readonly servers: ReadonlyMap<string, ServerDef>;
  private readonly prefixes: ReadonlyMap<string, string | false>;
  private readonly dispatcher: Dispatcher;
  private readonly stateless = new Map<string, Promise<Session>>();
  private readonly sweeper: NodeJS.Timeout;
  private closing = false;

  constructor(readonly options: GatewayOptions) {
    this.servers = new Map(options.servers.map((s) => [s.key, s]));
    this.prefixes = new Map(options.servers.map((s) => [s.key, s.prefix]));
    this.dispatcher = new Dispatcher(this);
    this.sweeper = setInterval(() => this.sweepIdle(), 30_000);
    this.sweeper.unref();
  }

  get log(): Logger {
    return this.options.log;
  }

  get guards(): readonly Guard[] {
    return this.options.guards;
  }

  /**
   * Opens a session for a client's `initialize`: runs connect guards, starts this session's
   * connection to every upstream with the client's own capabilities mirrored, and answers with
   * the merged capabilities. Servers that fail to start are left out and keep retrying. Traced
   * as a span of its own, continuing the trace in `params._meta` or in `carrier` (HTTP headers).
   * Recorded like a call, refused or not; a session whose record cannot be kept is closed again.
   */
  async initialize(
    params: Record<string, unknown>,
    principal: Principal,
    carrier?: TraceCarrier,
  ): Promise<{ session: Session; result: Record<string, unknown> }> {
    const requested =
      typeof params.protocolVersion === "string" ? params.protocolVersion : LATEST_SESSION_VERSION;
    const version = isSessionVersion(requested) ? requested : LATEST_SESSION_VERSION;
    const clientInfo = isObject(params.clientInfo)
      ? (params.clientInfo as { name?: string; version?: string })
      : undefined;
    const capabilities = isObject(params.capabilities) ? params.capabilities : {};
    const startedAt = performance.now();
    const id = randomUUID();
    const span = this.options.tracer?.enabled
      ? startInitializeSpan(this.options.tracer, params, carrier, version)
      : undefined;
    let session: Session;
    try {
      session = await this.openSession(principal, version, clientInfo, capabilities, { span, id });
    } catch (e) {
      if (span) endInitializeSpan(span, e as Error);
      // the refusal goes out whether or not its record is kept: a failed write raises its own alert
      await this.recordOpening({ id, principal, clientInfo }, params, startedAt, e as Error).catch(() => {});
      throw e;
    }
    // a session that cannot be answered or recorded is closed again, not left open unseen
    const abandon = async (error: Error): Promise<Error> => {
      await this.closeSession(id);
      if (span) endInitializeSpan(span, error);
      return error;
    };
    let result: Record<string, unknown>;
    try {
      const d = this.describe(session);
      result = { protocolVersion: version, capabilities: d.capabilities, serverInfo: d.serverInfo };
      if (d.instructions) result.instructions = d.instructions;
    } catch (e) {
      await this.recordOpening(session, params, startedAt, e as Error).catch(() => {});
      throw await abandon(e as Error);
    }
    try {
      await this.recordOpening(session, params, startedAt, result);
    } catch (e) {
      this.log.error({ err: (e as Error).message, session: id }, "session could not be recorded; closed");
      throw await abandon(
        new GatewayError("guard_failed", "The session could not be recorded", { code: "audit_failed" }),
      );
    }
    if (span) endInitializeSpan(span, session);
    return { session, result };
  }

  /**
   * The audit record of an `initialize`: the session opened (`allow`) or refused (`deny`, the
   * refusal's kind as the rule). Its sizes are those of the params and of the result as JSON.
   */
  private async recordOpening(
    who: SessionIdentity,
    params: Record<string, unknown>,
    startedAt: number,
    outcome: Record<string, unknown> | Error,
  ): Promise<void> {
    const record = this.options.record;
    if (!record) return;
    const refused = outcome instanceof Error;
    const trace: CallTrace = {
      method: "initialize",
      startedAt,
      decision: refused ? "deny" : "allow",
      findings: [],
      args: params,
      bytesIn: Buffer.byteLength(JSON.stringify(params)),
      bytesOut: refused ? 0 : Buffer.byteLength(JSON.stringify(outcome)),
    };
    if (refused) trace.rule = outcome instanceof GatewayError ? outcome.kind : "internal_error";
    await record(who, trace, undefined);
  }

  /**
   * The upstream session that serves a principal's stateless (2026-07-28) requests. Upstreams
   * still need a handshake, so the gateway keeps one per principal, never shared across them.
   */
  async statelessSession(principal: Principal): Promise<Session> {
    const key = `${principal.method}:${principal.subject}`;
    const open = this.stateless.get(key);
    if (open) {
      const s = await open;
      if (this.sessions.has(s.id)) {
        s.principal = principal;
        return s;
      }
      this.stateless.delete(key);
    }
    const opening = this.openSession(principal, LATEST_SESSION_VERSION, undefined, {}, { stateless: true });
    this.stateless.set(key, opening);
    opening.catch(() => this.stateless.delete(key));
    return opening;
  }

  /**
   * What the gateway offers a session: merged capabilities, its identity and the servers'
   * instructions, each shown only when the identity check cleared it and the filter passes it.
   */
  describe(session: Session): {
    capabilities: Record<string, unknown>;
    serverInfo: Record<string, unknown>;
    instructions?: string;
  } {
    const ready = [...session.upstreams.values()].filter((c) => c.result);
    const out: {
      capabilities: Record<string, unknown>;
      serverInfo: Record<string, unknown>;
      instructions?: string;
    } = {
      capabilities: mergeCapabilities(ready.map((c) => c.result!.capabilities)),
      serverInfo: { name: "bastion", title: "Bastion MCP gateway", version: this.options.version },
    };
    const check = this.options.instructions;
    const cleared = (c: UpstreamConnection) =>
      !this.options.serverIdentity || session.clearedInstructions.get(c.server) === c.result;
    const instructions = mergeInstructions(
      ready.map((c) => {
        const text = cleared(c) ? c.result!.instructions : undefined;
        return { server: c.server, text: check && typeof text === "string" ? check(c.server, text) : text };
      }),
    );
    if (instructions) out.instructions = instructions;
    return out;
  }

  private async openSession(
    principal: Principal,
    version: string,
    clientInfo: { name?: string; version?: string } | undefined,
    capabilities: Record<string, unknown>,
    opts: { span?: Span; id?: string; stateless?: boolean } = {},
  ): Promise<Session> {
    const { span, id = randomUUID() } = opts;
    if (this.closing) throw new GatewayError("upstream_unavailable", "The gateway is shutting down");
    if (this.sessions.size >= this.options.limits.maxSessions) {
      throw new GatewayError(
        "too_many_sessions",
        `Too many open sessions (limit ${this.options.limits.maxSessions})`,
      );
    }
    const session = new Session(id, principal, version, clientInfo, capabilities, this.prefixes, [
      ...this.servers.keys(),
    ]);
    if (opts.stateless) {
      // set before any upstream connects, so a server request during the handshakes is refused
      // at once, and no channel is waited for: no transport ever attaches one
      session.stateless = true;
      session.channel = undefined;
    }
    const ctx: GuardContext = { sessionId: session.id, principal, method: "initialize", notes: {} };
    if (clientInfo) ctx.client = clientInfo;
    const verdict = await runConnect(this.guards, ctx);
    if (!verdict.ok) throw new GatewayError("denied", verdict.message, { code: verdict.code });
    const init: InitializeParams = {
      protocolVersion: version,
      capabilities,
      clientInfo: clientInfo ?? { name: "bastion", version: this.options.version },
    };
    await this.connectUpstreams(session, init, span);
    this.sessions.set(session.id, session);
    this.log.info(
      {
        session: session.id,
        client: clientInfo?.name,
        principal: principal.subject,
        servers: [...session.upstreams.values()].filter((c) => c.state === "ready").length,
      },
      "session opened",
    );
    return session;
  }

  private async connectUpstreams(session: Session, init: InitializeParams, span?: Span): Promise<void> {
    const messages = new ServerMessages(this, session);
    await Promise.all(
      [...this.servers.values()].map(async (def) => {
        const conn = new UpstreamConnection(
          def.key,
          () => def.connect(session.principal),
          init,
          {
            onServerRequest: (r) => messages.request(def.key, r),
            onServerNotification: (n) => messages.notification(def.key, n),
            onRestarted: () => {
              messages.restarted(def.key);
              void this.judgeIdentity(session, conn);
            },
            onRestarting: () => this.options.onUpstreamRestart?.(def.key),
            onCrashLoop: (loop) => {
              this.log.error(
                { server: def.key, session: session.id, losses: loop.losses, reason: loop.reason },
                "upstream is crash-looping",
              );
              this.options.onCrashLoop?.(def.key, loop);
            },
          },
          this.log.child({ server: def.key, session: session.id }),
          {
            connectTimeoutMs: this.options.limits.connectTimeoutMs,
            restart: this.options.restart ?? { minMs: 250, maxMs: 30_000, enabled: true },
          },
        );
        session.upstreams.set(def.key, conn);
        const connecting = span && startUpstreamInitializeSpan(span, def.key);
        try {
          await conn.start();
          connecting?.end();
        } catch (e) {
          if (connecting) endUpstreamInitializeSpan(connecting);
          this.log.warn(
            { server: def.key, err: (e as Error).message },
            "upstream failed to start; retrying in the background",
          );
          return;
        }
        await this.judgeIdentity(session, conn);
      }),
    );
  }

  /**
   * Runs the identity check on the result a connection just got, and remembers the answer for
   * `describe`, which cannot wait for a store. Fails closed: an error withholds the instructions.
   */
  private async judgeIdentity(session: Session, conn: UpstreamConnection): Promise<void> {
    const judge = this.options.serverIdentity;
    const result = conn.result;
    if (!judge || !result) return;
    let shown = false;
    try {
      shown = (await judge(conn.server, result)).instructions;
    } catch (e) {
      this.log.error(
        { server: conn.server, session: session.id, err: (e as Error).message },
        "server identity could not be checked; its instructions are withheld",
      );
    }
    // a check that finishes after a restart gave a newer result must not clear the older one
    if (shown && conn.result === result) session.clearedInstructions.set(conn.server, result);
  }

  /**
   * Routes one message from a client. Requests are answered through `reply`; `carrier` holds the
   * trace context that came with the request outside the message (HTTP headers).
   */
  handle(session: Session, message: JsonRpcMessage, reply?: Reply, carrier?: TraceCarrier): void {
    session.lastActive = Date.now();
    if (isRequest(message)) {
      if (!reply) throw new Error("a request needs a reply");
      this.dispatcher.request(session, message as JsonRpcRequest, reply, carrier);
    } else if (isNotification(message)) {
      this.dispatcher.notification(session, message as JsonRpcNotification);
    } else {
      this.dispatcher.response(session, message as JsonRpcResponse);
    }
  }

  /**
   * For every server, how many open sessions hold a ready connection to it and how many hold one
   * that is not (lost, restarting, or never started).
   */
  upstreamHealth(): Map<string, { ready: number; notReady: number }> {
    const health = new Map([...this.servers.keys()].map((k) => [k, { ready: 0, notReady: 0 }]));
    for (const session of this.sessions.values()) {
      for (const [server, conn] of session.upstreams) {
        const h = health.get(server);
        if (!h) continue;
        if (conn.state === "ready") h.ready++;
        else h.notReady++;
      }
    }
    return health;
  }

  /** Ends a session: answers what is in flight and shuts its upstream connections down. */
  async closeSession(id: string): Promise<boolean> {
    const session = this.sessions.get(id);
    if (!session) return false;
    this.sessions.delete(id);
    for (const f of [...session.inflight.values()]) f.cancel("session closed");
    await Promise.all([...session.upstreams.values()].map((c) => c.close()));
    this.log.info({ session: id }, "session closed");
    return true;
  }

  private sweepIdle(): void {
    const limit = Date.now() - this.options.limits.sessionIdleSeconds * 1000;
    for (const s of this.sessions.values()) {
      if (s.lastActive < limit && s.inflight.size === 0) void this.closeSession(s.id);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions.keys()].map((id) => this.closeSession(id)));
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
