import type { JsonRpcMessage, JsonRpcNotification, JsonRpcRequest, RequestId } from "../protocol/jsonrpc.js";
import { ErrorCode, errorResponse } from "../protocol/jsonrpc.js";
import type { Session } from "../session/session.js";
import { GatewayErrors } from "../errors.js";
import type { Gateway } from "./gateway.js";

const LIST_CHANGED: Record<string, "tools" | "prompts" | "resources"> = {
  "notifications/tools/list_changed": "tools",
  "notifications/prompts/list_changed": "prompts",
  "notifications/resources/list_changed": "resources",
};

/**
 * Messages a server sends on its own (requests to the client, notifications) on their way back
 * to the one client session they belong to. A stdio server cannot say which client request a
 * message relates to, so one that carries no progress token goes on the stream of the newest
 * request in flight to that same server (the one that most likely caused it), and otherwise on
 * the session's standalone stream.
 */
export class ServerMessages {
  constructor(
    private readonly gw: Gateway,
    private readonly session: Session,
  ) {}

  request(server: string, r: JsonRpcRequest): void {
    const s = this.session;
    if (s.stateless) {
      // the stateless revision carries server requests inside results (MRTR), which the
      // gateway does not translate yet: the server is told plainly instead of waiting forever
      s.upstreams
        .get(server)
        ?.respond(
          errorResponse(
            r.id,
            ErrorCode.MethodNotFound,
            "The client cannot receive server requests over this protocol revision",
          ),
        );
      return;
    }
    const verdict = this.gw.options.serverRequests?.(server, r.method);
    if (verdict && !verdict.allowed) {
      this.gw.log.info(
        { session: s.id, server, method: r.method, rule: verdict.ruleId },
        "server request denied by policy",
      );
      s.upstreams
        .get(server)
        ?.respond(errorResponse(r.id, GatewayErrors.denied.code, "Denied by policy", { code: "denied" }));
      return;
    }
    const id = s.nextServerRequestId();
    s.serverRequests.set(id, { server, upstreamId: r.id });
    const message: JsonRpcRequest = { ...r, id };
    if (!this.deliver(server, message)) {
      s.serverRequests.delete(id);
      s.upstreams
        .get(server)
        ?.respond(
          errorResponse(
            r.id,
            ErrorCode.InternalError,
            "The client has no open stream to receive this request",
          ),
        );
    }
  }

  notification(server: string, n: JsonRpcNotification): void {
    const s = this.session;
    if (n.method === "notifications/progress") {
      const token = n.params?.progressToken as string | number | undefined;
      const f = token === undefined ? undefined : s.byProgress.get(token);
      if (f) {
        f.touch();
        f.reply.send(n);
        return;
      }
    }
    if (s.stateless && n.method === "notifications/message") return;
    if (n.method === "notifications/cancelled") {
      // the server withdrew one of its own requests: name it by the id the client knows
      const upstreamId = n.params?.requestId as RequestId | undefined;
      for (const [id, p] of s.serverRequests) {
        if ("server" in p && p.server === server && p.upstreamId === upstreamId) {
          s.serverRequests.delete(id);
          this.deliver(server, { ...n, params: { ...n.params, requestId: id } });
          return;
        }
      }
      return;
    }
    const changed = LIST_CHANGED[n.method];
    if (changed === "tools") s.tools.dropServer(server);
    if (changed === "prompts") s.prompts.dropServer(server);
    if (changed === "resources") s.resources.dropServer(server);
    if (changed || n.method === "notifications/resources/updated") {
      this.broadcast(n);
      return;
    }
    this.deliver(server, n);
  }

  /** After a restart the server's lists may differ: tell the client to list again. */
  restarted(server: string): void {
    const s = this.session;
    s.tools.dropServer(server);
    s.prompts.dropServer(server);
    s.resources.dropServer(server);
    const caps = s.upstreams.get(server)?.result?.capabilities ?? {};
    for (const [method, kind] of Object.entries(LIST_CHANGED))
      if (caps[kind]) this.broadcast({ jsonrpc: "2.0", method });
  }

  private broadcast(n: JsonRpcNotification): void {
    if (!this.session.channel?.send(n)) {
      this.gw.log.debug(
        { session: this.session.id, method: n.method },
        "no stream for a notification; dropped",
      );
    }
  }

  private deliver(server: string, message: JsonRpcMessage): boolean {
    const f = this.session.latestTo(server);
    if (f) {
      f.reply.send(message);
      return true;
    }
    return this.session.channel?.send(message) ?? false;
  }
}
