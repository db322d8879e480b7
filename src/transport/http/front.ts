import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer, type ServerOptions as TlsServerOptions } from "node:https";
import type { AddressInfo } from "node:net";
import type { Principal } from "../../auth/principal.js";
import { localPrincipal } from "../../auth/principal.js";
import { ProtocolError, decodeMessage, encodeMessage } from "../../protocol/codec.js";
import type { JsonRpcMessage, JsonRpcRequest } from "../../protocol/jsonrpc.js";
import { ErrorCode, errorResponse, isRequest } from "../../protocol/jsonrpc.js";
import { META_PROTOCOL_VERSION, STATELESS_VERSION, SUPPORTED_VERSIONS } from "../../protocol/versions.js";
import type { Gateway } from "../../gateway/gateway.js";
import { toError } from "../../gateway/dispatch.js";
import type { Session } from "../../session/session.js";
import { BodyTooLarge, readBody, type Body } from "./body.js";
import { OriginPolicy } from "./origin.js";
import { PostReply, type HttpChallenge } from "./post-reply.js";
import { EventLog, SSE_HEADERS, sendJson, writeEvent } from "./sse.js";
import { LegacySse } from "./legacy-sse.js";
import { Stateless } from "./stateless.js";

/** Decides who a request comes from; a refusal is answered as given (401, 403, 429). */
export type Authenticate = (
  req: IncomingMessage,
) => Promise<
  | { ok: true; principal: Principal }
  | { ok: false; status: number; headers: Record<string, string>; body: string }
>;

export interface HttpFrontOptions {
  host: string;
  port: number;
  path: string;
  publicUrl?: string;
  allowedHosts: string[];
  allowedOrigins: string[];
  maxBodyBytes: number;
  authenticate?: Authenticate;
  /** Extra routes (metrics, well-known documents) tried before the MCP endpoint. */
  routes?: Array<(req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>>;
  ready?: () => boolean;
  /**
   * JSON-RPC denials answered with an HTTP challenge instead of 200 (for example `mfa_required`
   * as an RFC 9470 step-up 401), when the answer is a plain JSON response.
   */
  challenges?: ReadonlyMap<string, HttpChallenge>;
  /** Serve HTTPS (with client-certificate verification when the options ask for it). */
  tls?: TlsServerOptions;
}

/** What the HTTP front keeps per session besides the core session: its streams and events. */
export interface HttpSessionState {
  events: EventLog;
  standalone?: ServerResponse;
  /** Messages for the standalone stream that arrived while none was open. */
  backlog: JsonRpcMessage[];
  replies: Map<string, PostReply>;
}

const LOCAL = localPrincipal();
const BACKLOG_MAX = 100;

/**
 * The client-facing HTTP server: Streamable HTTP at `path` (both the session revisions and the
 * stateless 2026-07-28 revision), legacy HTTP+SSE at /sse and /messages, and /healthz, /readyz.
 * Checks run in a fixed order, each with its own status (docs/lifecycle.md): Host/Origin 403,
 * authentication 401/403/429, method 405, media types 415/406, body size 413, JSON 400,
 * batch 400, session 400/404, protocol version 400.
 */
export class HttpFront {
  readonly server: Server;
  readonly state = new Map<string, HttpSessionState>();
  private readonly origin: OriginPolicy;
  private readonly legacy: LegacySse;
  private readonly stateless: Stateless;

  constructor(
    private readonly gw: Gateway,
    private readonly opts: HttpFrontOptions,
  ) {
    this.origin = new OriginPolicy({
      listenHost: opts.host,
      publicUrl: opts.publicUrl,
      allowedHosts: opts.allowedHosts,
      allowedOrigins: opts.allowedOrigins,
    });
    this.legacy = new LegacySse(gw, this);
    this.stateless = new Stateless(gw);
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.route(req, res).catch((e: Error) => {
        gw.log.error({ err: e.message }, "unhandled error in the HTTP front");
        if (!res.headersSent) this.jsonError(res, 500, null, ErrorCode.InternalError, "Internal error");
        else res.end();
      });
    };
    this.server = opts.tls ? createTlsServer(opts.tls, handler) : createServer(handler);
    this.server.keepAliveTimeout = 65_000;
  }

  async listen(): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.opts.port, this.opts.host, () => resolve());
    });
    return this.server.address() as AddressInfo;
  }

  async close(): Promise<void> {
    for (const s of this.state.values()) s.standalone?.end();
    this.legacy.closeAll();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    if (path === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (path === "/readyz") {
      const ready = this.opts.ready ? this.opts.ready() : true;
      return sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "not ready" });
    }
    const refused = this.origin.check(req.headers.host, req.headers.origin);
    if (refused) return this.jsonError(res, 403, null, ErrorCode.InvalidRequest, `Forbidden: ${refused}`);
    for (const r of this.opts.routes ?? []) if (await r(req, res)) return;
    if (path !== this.opts.path && path !== "/sse" && path !== "/messages") {
      return this.jsonError(res, 404, null, ErrorCode.InvalidRequest, `Not found: ${path}`);
    }
    if (url.includes("access_token=")) {
      return this.jsonError(
        res,
        400,
        null,
        ErrorCode.InvalidRequest,
        "Tokens are accepted only in the Authorization header",
      );
    }
    let principal = LOCAL;
    if (this.opts.authenticate) {
      const auth = await this.opts.authenticate(req);
      if (!auth.ok) {
        res.writeHead(auth.status, { "content-type": "application/json", ...auth.headers }).end(auth.body);
        return;
      }
      principal = auth.principal;
    }
    if (path === "/sse") return this.legacy.open(req, res, principal);
    if (path === "/messages")
      return this.legacy.post(req, res, principal, url.slice(q + 1), this.opts.maxBodyBytes);
    switch (req.method) {
      case "POST":
        return this.post(req, res, principal);
      case "GET":
        return this.get(req, res, principal);
      case "DELETE":
        return this.delete(req, res, principal);
      default:
        res.setHeader("allow", "GET, POST, DELETE");
        return this.jsonError(res, 405, null, ErrorCode.InvalidRequest, `Method not allowed: ${req.method}`);
    }
  }

  private async post(req: IncomingMessage, res: ServerResponse, principal: Principal): Promise<void> {
    const type = req.headers["content-type"] ?? "";
    if (!type.includes("application/json")) {
      return this.jsonError(
        res,
        415,
        null,
        ErrorCode.InvalidRequest,
        "Unsupported Media Type: Content-Type must be application/json",
      );
    }
    const accept = req.headers.accept ?? "";
    if (!accept.includes("application/json") || !accept.includes("text/event-stream")) {
      return this.jsonError(
        res,
        406,
        null,
        ErrorCode.InvalidRequest,
        "Not Acceptable: Accept must list application/json and text/event-stream",
      );
    }
    let message: JsonRpcMessage;
    let body: Body;
    try {
      body = await readBody(req, this.opts.maxBodyBytes);
      message = decodeMessage(body.text);
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        res.setHeader("connection", "close");
        return this.jsonError(res, 413, null, ErrorCode.InvalidRequest, e.message);
      }
      if (e instanceof ProtocolError) return this.jsonError(res, 400, null, e.code, e.message);
      throw e;
    }
    const headerVersion = header(req, "mcp-protocol-version");
    if (headerVersion === STATELESS_VERSION || metaVersion(message) !== undefined) {
      return this.stateless.post(req, res, message, principal, body.bytes);
    }
    if (isRequest(message) && message.method === "initialize")
      return this.initialize(req, res, message, principal);
    const session = this.sessionOf(req, res, principal);
    if (!session) return;
    if (headerVersion !== undefined && headerVersion !== session.protocolVersion) {
      const supported = SUPPORTED_VERSIONS.includes(headerVersion);
      return this.jsonError(
        res,
        400,
        isRequest(message) ? message.id : null,
        ErrorCode.InvalidRequest,
        supported
          ? `Bad Request: MCP-Protocol-Version ${headerVersion} does not match the session's ${session.protocolVersion}`
          : `Bad Request: unsupported protocol version ${headerVersion} (supported: ${SUPPORTED_VERSIONS.join(", ")})`,
      );
    }
    if (!isRequest(message)) {
      this.gw.handle(session, message);
      res.writeHead(202).end();
      return;
    }
    const st = this.state.get(session.id)!;
    const reply = new PostReply(res, {}, st, false, this.opts.challenges);
    reply.bytesIn = body.bytes;
    this.gw.handle(session, message, reply, req.headers);
  }

  private async initialize(
    req: IncomingMessage,
    res: ServerResponse,
    message: JsonRpcRequest,
    principal: Principal,
  ): Promise<void> {
    let opened: Awaited<ReturnType<Gateway["initialize"]>>;
    try {
      opened = await this.gw.initialize(message.params ?? {}, principal, req.headers);
    } catch (e) {
      const err = toError(message.id, e);
      const status =
        (e as { kind?: string }).kind === "too_many_sessions"
          ? 503
          : (e as { kind?: string }).kind === "denied"
            ? 403
            : 200;
      return this.send(res, status, err);
    }
    const { session, result } = opened;
    const st: HttpSessionState = { events: new EventLog(), backlog: [], replies: new Map() };
    this.state.set(session.id, st);
    session.channel = { send: (m) => this.toStandalone(st, m) };
    res.setHeader("mcp-session-id", session.id);
    this.send(res, 200, { jsonrpc: "2.0", id: message.id, result });
  }

  /** Sends to the session's GET stream, or keeps a bounded backlog until one opens. */
  private toStandalone(st: HttpSessionState, message: JsonRpcMessage): boolean {
    if (st.standalone) {
      writeEvent(st.standalone, st.events.add("g", encodeMessage(message)));
      return true;
    }
    st.backlog.push(message);
    if (st.backlog.length > BACKLOG_MAX) st.backlog.shift();
    return true;
  }

  /** The session a request names, answering 400 or 404 itself when there is none. */
  private sessionOf(req: IncomingMessage, res: ServerResponse, principal: Principal): Session | undefined {
    const id = header(req, "mcp-session-id");
    if (!id) {
      this.jsonError(
        res,
        400,
        null,
        ErrorCode.InvalidRequest,
        "Bad Request: Mcp-Session-Id header is required",
      );
      return undefined;
    }
    const session = this.gw.sessions.get(id);
    if (!session || !this.state.has(id)) {
      this.jsonError(res, 404, null, ErrorCode.InvalidRequest, "Session not found");
      return undefined;
    }
    if (session.principal.subject !== principal.subject) {
      // a session id is not a credential: only its owner may use it
      this.jsonError(res, 404, null, ErrorCode.InvalidRequest, "Session not found");
      return undefined;
    }
    session.principal = principal;
    return session;
  }

  /** GET opens the session's standalone stream, or resumes a stream after Last-Event-ID. */
  private get(req: IncomingMessage, res: ServerResponse, principal: Principal): void {
    if (!(req.headers.accept ?? "").includes("text/event-stream")) {
      return this.jsonError(
        res,
        406,
        null,
        ErrorCode.InvalidRequest,
        "Not Acceptable: Accept must list text/event-stream",
      );
    }
    const session = this.sessionOf(req, res, principal);
    if (!session) return;
    const st = this.state.get(session.id)!;
    const last = header(req, "last-event-id");
    if (last) {
      const resumed = st.events.after(last);
      if (!resumed) return this.jsonError(res, 404, null, ErrorCode.InvalidRequest, "Unknown Last-Event-ID");
      res.writeHead(200, SSE_HEADERS);
      for (const e of resumed.events) writeEvent(res, e);
      if (resumed.stream === "g") return this.openStandalone(st, res);
      const reply = st.replies.get(resumed.stream);
      if (reply && !reply.finished) reply.attach(res);
      else res.end();
      return;
    }
    if (st.standalone) {
      return this.jsonError(
        res,
        409,
        null,
        ErrorCode.InvalidRequest,
        "Conflict: only one standalone SSE stream is allowed per session",
      );
    }
    res.writeHead(200, SSE_HEADERS);
    this.openStandalone(st, res);
  }

  private openStandalone(st: HttpSessionState, res: ServerResponse): void {
    st.standalone = res;
    res.write(": stream open\n\n");
    const backlog = st.backlog.splice(0);
    for (const m of backlog) writeEvent(res, st.events.add("g", encodeMessage(m)));
    res.once("close", () => {
      if (st.standalone === res) st.standalone = undefined;
    });
  }

  private async delete(req: IncomingMessage, res: ServerResponse, principal: Principal): Promise<void> {
    const session = this.sessionOf(req, res, principal);
    if (!session) return;
    const st = this.state.get(session.id);
    this.state.delete(session.id);
    st?.standalone?.end();
    await this.gw.closeSession(session.id);
    res.writeHead(200).end();
  }

  /** Forgets HTTP state of sessions the core has closed (idle expiry). */
  sweep(): void {
    for (const id of this.state.keys()) if (!this.gw.sessions.has(id)) this.state.delete(id);
  }

  send(res: ServerResponse, status: number, body: unknown): void {
    sendJson(res, status, body);
  }

  jsonError(
    res: ServerResponse,
    status: number,
    id: JsonRpcRequest["id"] | null,
    code: number,
    message: string,
  ): void {
    this.send(res, status, errorResponse(id, code, message));
  }
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function metaVersion(m: JsonRpcMessage): string | undefined {
  const meta = ("params" in m ? m.params?._meta : undefined) as Record<string, unknown> | undefined;
  const v = meta?.[META_PROTOCOL_VERSION];
  return typeof v === "string" ? v : undefined;
}
