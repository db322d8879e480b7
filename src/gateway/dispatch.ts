import type { GuardContext, JsonObject, ListItemContext } from "../guards/guard.js";
import { filterList, runChain, type ChainResult } from "../guards/chain.js";
import type { JsonRpcNotification, JsonRpcRequest, JsonRpcResponse, RequestId } from "../protocol/jsonrpc.js";
import { ErrorCode, errorResponse, isErrorResponse } from "../protocol/jsonrpc.js";
import { GatewayError, GatewayErrors, type GatewayErrorKind } from "../errors.js";
import type { Reply } from "../session/reply.js";
import type { InFlight, Session } from "../session/session.js";
import { recordVerdict } from "../session/trace.js";
import { LISTS, mergedPage } from "../router/lists.js";
import { decodeCursor } from "../protocol/cursor.js";
import type { TraceCarrier } from "../tracing/index.js";
import type { Gateway } from "./gateway.js";
import { trackedReply } from "./tracked-reply.js";
import { endUpstreamSpan, startUpstreamSpan, withUpstreamTrace } from "./call-span.js";

type Params = Record<string, unknown>;

/** A request resolved to its upstream: which server, what the client called it, what the server calls it. */
interface Target {
  server: string;
  /** Exposed tool or prompt name, or the resource URI. */
  target?: string;
  upstreamTarget?: string;
  /** Params as the upstream must receive them (names restored). */
  params: Params | undefined;
  /** Servers to try next, in order, when this one answers that it has no such method or resource. */
  fallback?: string[];
}

/**
 * The request path: route, run the guard chain, forward, and run the chain again on the way
 * back. Methods the gateway answers itself (initialize, ping, lists, logging level) are here
 * too. See docs/lifecycle.md for the error at each step.
 */
export class Dispatcher {
  constructor(private readonly gw: Gateway) {}

  request(session: Session, req: JsonRpcRequest, clientReply: Reply, carrier?: TraceCarrier): void {
    const { record, tracer } = this.gw.options;
    const reply =
      record || tracer?.enabled ? trackedReply(this.gw, session, req, clientReply, carrier) : clientReply;
    switch (req.method) {
      case "ping":
        reply.end({ jsonrpc: "2.0", id: req.id, result: {} });
        return;
      case "initialize":
        reply.end(
          errorResponse(
            req.id,
            ErrorCode.InvalidRequest,
            "Invalid Request: the session is already initialized",
          ),
        );
        return;
      case "tools/list":
      case "prompts/list":
      case "resources/list":
      case "resources/templates/list":
        this.answer(reply, req.id, this.list(session, req));
        return;
      case "logging/setLevel":
        this.answer(reply, req.id, this.setLevel(session, req));
        return;
    }
    let target: Target | undefined;
    try {
      target = this.route(session, req);
    } catch (e) {
      reply.end(toError(req.id, e));
      return;
    }
    if (target === undefined) {
      const code = req.method.startsWith("resources/")
        ? ErrorCode.ResourceNotFound
        : req.method === "tools/call" || req.method === "prompts/get"
          ? ErrorCode.InvalidParams
          : ErrorCode.MethodNotFound;
      reply.end(errorResponse(req.id, code, unknownTarget(req)));
      return;
    }
    this.guardAndForward(session, req, target, reply);
  }

  /** Finds the upstream for a request, with the servers to try next when ownership is unknown. */
  private route(session: Session, req: JsonRpcRequest): Target | undefined {
    const p = req.params;
    switch (req.method) {
      case "tools/call":
      case "prompts/get": {
        const name = p?.name;
        if (typeof name !== "string")
          throw new GatewayError("unknown_target", 'Invalid params: "name" must be a string');
        const map = req.method === "tools/call" ? session.tools : session.prompts;
        const r = map.resolve(name);
        return (
          r && { server: r.server, target: name, upstreamTarget: r.name, params: { ...p, name: r.name } }
        );
      }
      case "resources/read":
      case "resources/subscribe":
      case "resources/unsubscribe": {
        const uri = p?.uri;
        if (typeof uri !== "string")
          throw new GatewayError("unknown_target", 'Invalid params: "uri" must be a string');
        return this.routeUri(session, uri, p);
      }
      case "completion/complete": {
        const ref = p?.ref as Params | undefined;
        if (ref?.type === "ref/prompt" && typeof ref.name === "string") {
          const r = session.prompts.resolve(ref.name);
          return (
            r && {
              server: r.server,
              target: ref.name,
              upstreamTarget: r.name,
              params: { ...p, ref: { ...ref, name: r.name } },
            }
          );
        }
        if (ref?.type === "ref/resource" && typeof ref.uri === "string")
          return this.routeUri(session, ref.uri, p);
        throw new GatewayError(
          "unknown_target",
          "Invalid params: completion needs a prompt or resource reference",
        );
      }
      default:
        return this.routeUnknown(session, req);
    }
  }

  private routeUri(session: Session, uri: string, params: Params | undefined): Target | undefined {
    const known = session.resources.resolve(uri);
    if (known) return { server: known, target: uri, upstreamTarget: uri, params };
    const [first, ...rest] = this.ready(session, "resources");
    return first === undefined
      ? undefined
      : { server: first, fallback: rest, target: uri, upstreamTarget: uri, params };
  }

  /**
   * A method the gateway does not know is passed through, not dropped: to the first server in
   * config order, then to the next while servers answer "method not found".
   */
  private routeUnknown(session: Session, req: JsonRpcRequest): Target | undefined {
    const [first, ...rest] = this.ready(session);
    return first === undefined ? undefined : { server: first, fallback: rest, params: req.params };
  }

  /** Servers in config order that are up (or coming back) and offer `capability`. */
  private ready(session: Session, capability?: string): string[] {
    return session.serverOrder.filter((s) => {
      const c = session.upstreams.get(s);
      return c && c.state !== "closed" && (!capability || !c.result || c.result.capabilities[capability]);
    });
  }

  private guardAndForward(session: Session, req: JsonRpcRequest, t: Target, reply: Reply): void {
    const guards = this.gw.guards;
    const trace = reply.trace;
    if (trace) {
      trace.server = t.server;
      if (t.target !== undefined) trace.target = t.target;
      trace.args = t.params?.arguments ?? t.params?.uri ?? t.params?.ref;
    }
    if (guards.length === 0) {
      this.forward(session, req, t, reply, undefined);
      return;
    }
    const ctx = this.context(session, req.method, t, reply);
    const verdict = runChain(guards, "request", ctx, t.params ?? {});
    const go = (v: ChainResult<JsonObject>) => {
      if (trace) recordVerdict(trace, ctx, v);
      if (!v.ok) return reply.end(denial(req.id, v));
      this.forward(session, req, { ...t, params: v.value }, reply, ctx);
    };
    if (verdict instanceof Promise) verdict.then(go, (e) => reply.end(toError(req.id, e)));
    else go(verdict);
  }

  private context(
    session: Session,
    method: string,
    t?: { server?: string; target?: string; upstreamTarget?: string },
    reply?: Reply,
  ): GuardContext {
    const ctx: GuardContext = { sessionId: session.id, principal: session.principal, method, notes: {} };
    if (reply && session.clientCapabilities.elicitation && !session.stateless) {
      ctx.elicit = (params, timeoutMs) => askClient(session, reply, "elicitation/create", params, timeoutMs);
    }
    if (session.clientInfo) ctx.client = session.clientInfo;
    if (t?.server !== undefined) ctx.server = t.server;
    if (t?.target !== undefined) ctx.target = t.target;
    if (t?.upstreamTarget !== undefined) ctx.upstreamTarget = t.upstreamTarget;
    return ctx;
  }

  /** Sends the request upstream under a fresh id and wires timeout, cancellation and the response. */
  private forward(
    session: Session,
    req: JsonRpcRequest,
    t: Target,
    reply: Reply,
    ctx: GuardContext | undefined,
  ): void {
    const conn = session.upstreams.get(t.server);
    if (!conn) {
      reply.end(toError(req.id, new GatewayError("unknown_target", `Unknown server "${t.server}"`)));
      return;
    }
    if (conn.state !== "ready") {
      conn.ready().then(
        () => this.forward(session, req, t, reply, ctx),
        (e) => reply.end(toError(req.id, e)),
      );
      return;
    }
    const timeoutMs = this.gw.servers.get(t.server)?.timeoutMs ?? this.gw.options.limits.requestTimeoutMs;
    const meta = t.params?._meta as Params | undefined;
    const progressToken = meta?.progressToken as string | number | undefined;
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = () => {
      done = true;
      if (timer) clearTimeout(timer);
      session.inflight.delete(req.id);
      if (progressToken !== undefined) session.byProgress.delete(progressToken);
    };
    // the upstream call's span, and the trace context the upstream continues; none when untraced
    const span = reply.trace?.span && startUpstreamSpan(reply.trace.span, req.method, t.server, t.params);
    const propagation = span?.propagationHeaders();
    const params = propagation ? withUpstreamTrace(t.params, propagation) : t.params;
    const flight: InFlight = {
      server: t.server,
      clientId: req.id,
      upstreamId: 0,
      reply,
      touch: () => {
        if (timer) timer.refresh();
      },
      cancel: (reason) => {
        if (done) return;
        finish();
        if (span) endUpstreamSpan(span, flight.upstreamId, "cancelled");
        conn.abandon(flight.upstreamId);
        conn.notify("notifications/cancelled", { requestId: flight.upstreamId, reason });
        reply.drop();
      },
    };
    if (progressToken !== undefined) {
      flight.progressToken = progressToken;
      session.byProgress.set(progressToken, flight);
    }
    session.inflight.set(req.id, flight);
    reply.onClose = () => flight.cancel("client disconnected");
    const sentAt = reply.trace ? performance.now() : 0;
    flight.upstreamId = conn.forward(
      req.method,
      params,
      (response) => {
        if (done) return;
        finish();
        if (span) endUpstreamSpan(span, response.id, response);
        if (reply.trace) {
          reply.trace.upstreamMs = performance.now() - sentAt;
          reply.trace.upstreamStatus = isErrorResponse(response) ? "error" : "ok";
        }
        if (t.fallback?.length && isErrorResponse(response) && refuses(req.method, response.error.code)) {
          const [next, ...rest] = t.fallback;
          this.guardAndForward(session, req, { ...t, server: next!, fallback: rest }, reply);
          return;
        }
        this.respond(session, req, response, reply, ctx);
      },
      propagation,
    );
    if (!done) {
      timer = setTimeout(() => {
        if (done) return;
        finish();
        if (span) endUpstreamSpan(span, flight.upstreamId, "timeout");
        conn.abandon(flight.upstreamId);
        conn.notify("notifications/cancelled", {
          requestId: flight.upstreamId,
          reason: "timed out at the gateway",
        });
        // the call reached the upstream: recorded as a timeout, not as a gateway denial
        if (reply.trace) reply.trace.upstreamStatus = "timeout";
        reply.end(
          errorResponse(
            req.id,
            GatewayErrors.timeout.code,
            `Request timed out after ${timeoutMs} ms waiting for upstream "${t.server}"`,
            {
              code: "timeout",
            },
          ),
        );
      }, timeoutMs);
    }
  }

  /** Restores the client's id and runs the response phase of the chain. */
  private respond(
    session: Session,
    req: JsonRpcRequest,
    response: JsonRpcResponse,
    reply: Reply,
    ctx: GuardContext | undefined,
  ): void {
    if (isErrorResponse(response)) {
      reply.end({ jsonrpc: "2.0", id: req.id, error: response.error });
      return;
    }
    if (!ctx) {
      reply.end({ jsonrpc: "2.0", id: req.id, result: response.result });
      return;
    }
    const verdict = runChain(this.gw.guards, "response", ctx, response.result);
    const go = (v: ChainResult<JsonObject>) => {
      if (reply.trace) recordVerdict(reply.trace, ctx, v);
      reply.end(v.ok ? { jsonrpc: "2.0", id: req.id, result: v.value } : denial(req.id, v));
    };
    if (verdict instanceof Promise) verdict.then(go, (e) => reply.end(toError(req.id, e)));
    else go(verdict);
  }

  /** A merged, renamed and guard-filtered page of tools, prompts, resources or templates. */
  private async list(session: Session, req: JsonRpcRequest): Promise<Params> {
    const spec = LISTS[req.method]!;
    const cursor = req.params?.cursor;
    let start: { server: number; cursor?: string } = { server: 0 };
    if (cursor !== undefined) {
      const decoded = typeof cursor === "string" ? decodeCursor(cursor) : undefined;
      if (!decoded) throw new GatewayError("unknown_target", "Invalid params: unknown cursor");
      start = decoded;
    }
    const page = await mergedPage(session, req.method, start, this.gw.log);
    const order = session.serverOrder;
    const items: Array<{ server: string; upstream: string; item: Params }> = [];
    for (const { server, item } of page.items) {
      const name = String(item.name ?? item.uri ?? item.uriTemplate);
      if (spec.kind === "tools")
        items.push({ server, upstream: name, item: { ...item, name: session.tools.add(server, name) } });
      else if (spec.kind === "prompts")
        items.push({ server, upstream: name, item: { ...item, name: session.prompts.add(server, name) } });
      else if (spec.kind === "resources") {
        // a URI listed by an earlier server too belongs to that one and is shown once
        session.resources.addResource(server, name, order);
        if (session.resources.owns(server, name)) items.push({ server, upstream: name, item });
      } else {
        session.resources.addTemplate(server, name, order);
        items.push({ server, upstream: name, item });
      }
    }
    let out = items.map((i) => i.item);
    if (this.gw.guards.some((g) => g.listItem)) {
      const kept: Params[] = [];
      for (const { server, upstream, item } of items) {
        const target = String(item.name ?? item.uri ?? item.uriTemplate);
        const ctx: ListItemContext = {
          ...this.context(session, req.method, { server, target, upstreamTarget: upstream }),
          kind: spec.kind,
        };
        const r = await filterList(this.gw.guards, ctx, [item]);
        kept.push(...r.items);
      }
      out = kept;
    }
    const result: Params = { [spec.field]: out };
    if (page.nextCursor) result.nextCursor = page.nextCursor;
    return result;
  }

  /** The client's log level goes to every server that logs. */
  private async setLevel(session: Session, req: JsonRpcRequest): Promise<Params> {
    const able = [...session.upstreams.values()].filter(
      (c) => c.state === "ready" && c.result?.capabilities.logging,
    );
    await Promise.all(able.map((c) => c.call("logging/setLevel", req.params)));
    return {};
  }

  /** Answers a method the gateway handles itself with what `work` produces, or its error. */
  private answer(reply: Reply, id: RequestId, work: Promise<Params>): void {
    work.then(
      (result) => reply.end({ jsonrpc: "2.0", id, result }),
      (e) => reply.end(toError(id, e)),
    );
  }

  notification(session: Session, n: JsonRpcNotification): void {
    switch (n.method) {
      case "notifications/initialized":
        return;
      case "notifications/cancelled": {
        const id = n.params?.requestId as RequestId | undefined;
        const f = id === undefined ? undefined : session.inflight.get(id);
        f?.cancel(typeof n.params?.reason === "string" ? n.params.reason : "cancelled by the client");
        return;
      }
      case "notifications/progress": {
        // progress the client reports on a server's request goes back to that server
        for (const c of session.upstreams.values()) c.notify(n.method, n.params);
        return;
      }
      default:
        // roots/list_changed and notifications the gateway does not know reach every server
        for (const c of session.upstreams.values()) c.notify(n.method, n.params);
    }
  }

  /** The client answers a request a server made: restore the server's id and pass it back. */
  response(session: Session, r: JsonRpcResponse): void {
    const key = String(r.id);
    const pending = session.serverRequests.get(key);
    // a request still being recorded was not sent yet: an answer to it answers nothing
    if (!pending || ("recording" in pending && pending.recording)) {
      this.gw.log.debug({ session: session.id, id: r.id }, "response to an unknown server request; dropped");
      return;
    }
    session.serverRequests.delete(key);
    if ("gateway" in pending) pending.gateway(r);
    else session.upstreams.get(pending.server)?.respond({ ...r, id: pending.upstreamId } as JsonRpcResponse);
  }
}

/** Answers that mean "not mine": the next candidate server is asked. */
function refuses(method: string, code: number): boolean {
  if (code === ErrorCode.MethodNotFound || code === ErrorCode.ResourceNotFound) return true;
  // some servers report an unknown resource as invalid params
  return method.startsWith("resources/") && code === ErrorCode.InvalidParams;
}

function unknownTarget(req: JsonRpcRequest): string {
  const p = req.params;
  const what =
    typeof p?.name === "string"
      ? `"${p.name}"`
      : typeof p?.uri === "string"
        ? `"${p.uri}"`
        : `for ${req.method}`;
  if (req.method === "tools/call") return `Unknown tool ${what}`;
  if (req.method === "prompts/get") return `Unknown prompt ${what}`;
  if (req.method.startsWith("resources/")) return `Resource not found: ${what}`;
  return `Method not found: no server handles ${req.method}`;
}

/**
 * The gateway's own request to the client (an approval asked through elicitation), sent on
 * the stream of the call it concerns. Rejects on an error answer or after `timeoutMs`.
 */
function askClient(
  session: Session,
  reply: Reply,
  method: string,
  params: Params,
  timeoutMs: number,
): Promise<Params> {
  const id = session.nextServerRequestId();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      session.serverRequests.delete(id);
      reject(new Error(`the client did not answer ${method} within ${timeoutMs} ms`));
    }, timeoutMs);
    session.serverRequests.set(id, {
      gateway: (r) => {
        clearTimeout(timer);
        if (isErrorResponse(r)) reject(new Error(`the client refused ${method}: ${r.error.message}`));
        else resolve(r.result);
      },
    });
    reply.send({ jsonrpc: "2.0", id, method, params });
  });
}

/** A chain's deny as the client sees it: a stable code and a public message, never the detail. */
function denial(id: RequestId, v: ChainResult<JsonObject> & { ok: false }): JsonRpcResponse {
  const known = GatewayErrors[v.code as GatewayErrorKind];
  const data: Params = { code: v.code, guard: v.guard };
  if (v.retryAfterSeconds !== undefined) data.retryAfterSeconds = v.retryAfterSeconds;
  return errorResponse(id, known?.code ?? GatewayErrors.denied.code, v.message, data);
}

/** Any failure on the path as a JSON-RPC error; upstream errors keep their own code. */
export function toError(id: RequestId, e: unknown): JsonRpcResponse {
  if (e instanceof GatewayError) return errorResponse(id, e.code, e.message, { code: e.kind, ...e.data });
  const u = e as { name?: string; code?: number; message?: string; data?: unknown };
  if (u?.name === "UpstreamError" && typeof u.code === "number")
    return errorResponse(id, u.code, u.message ?? "", u.data);
  return errorResponse(id, ErrorCode.InternalError, `Internal error: ${(e as Error)?.message ?? String(e)}`);
}
