import type {
  JsonRpcMessage,
  JsonRpcNotification,
  JsonRpcRequest,
  JsonRpcResponse,
  RequestId,
} from "../protocol/jsonrpc.js";
import { encodeMessage } from "../protocol/codec.js";
import type { CallTrace } from "../session/trace.js";
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

  /**
   * A server's request to the client (sampling, elicitation, roots): refused, or passed on to the
   * client with the gateway's own id. Either way it is a decision the audit records, and as with
   * a client's call the record is kept before the message leaves.
   */
  request(server: string, r: JsonRpcRequest): void {
    const s = this.session;
    const startedAt = performance.now();
    if (s.stateless) {
      // the stateless revision carries server requests inside results (MRTR), which the
      // gateway does not translate yet: the server is told plainly instead of waiting forever
      const refusal = errorResponse(
        r.id,
        ErrorCode.MethodNotFound,
        "The client cannot receive server requests over this protocol revision",
      );
      return this.refuse(server, r, startedAt, "stateless_revision", refusal);
    }
    const verdict = this.gw.options.serverRequests?.(server, r.method);
    if (verdict && !verdict.allowed) {
      this.gw.log.info(
        { session: s.id, server, method: r.method, rule: verdict.ruleId },
        "server request denied by policy",
      );
      const refusal = errorResponse(r.id, GatewayErrors.denied.code, "Denied by policy", { code: "denied" });
      return this.refuse(server, r, startedAt, verdict.ruleId, refusal);
    }
    const id = s.nextServerRequestId();
    const entry = { server, upstreamId: r.id, recording: true };
    s.serverRequests.set(id, entry);
    const message: JsonRpcRequest = { ...r, id };
    const forward = () => {
      if (s.serverRequests.get(id) !== entry) return; // the server withdrew it while it was being recorded
      entry.recording = false;
      if (this.deliver(server, message)) return;
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
    };
    const recorded = this.record(server, r, startedAt, verdict?.ruleId, message);
    if (!recorded) return forward();
    recorded.then(forward, (e: Error) => {
      s.serverRequests.delete(id);
      this.gw.log.error(
        { err: e.message, server, method: r.method },
        "server request could not be recorded; not passed on",
      );
      s.upstreams
        .get(server)
        ?.respond(
          errorResponse(
            r.id,
            GatewayErrors.guard_failed.code,
            "The request could not be recorded and was not passed on",
            { code: "audit_failed" },
          ),
        );
    });
  }

  /** Refuses a server's request; the refusal goes back once recorded, or when the record fails. */
  private refuse(
    server: string,
    r: JsonRpcRequest,
    startedAt: number,
    rule: string,
    refusal: JsonRpcResponse,
  ): void {
    const respond = () => void this.session.upstreams.get(server)?.respond(refusal);
    const recorded = this.record(server, r, startedAt, rule, refusal);
    if (!recorded) return respond();
    recorded.then(respond, respond);
  }

  /**
   * Records a server's request as a client's call is recorded: `bytes_in` is what the server
   * sent, `bytes_out` what the gateway sent on (the request to the client, or the refusal).
   */
  private record(
    server: string,
    r: JsonRpcRequest,
    startedAt: number,
    rule: string | undefined,
    sent: JsonRpcMessage,
  ): Promise<void> | void {
    const record = this.gw.options.record;
    if (!record) return;
    const refused = "error" in sent;
    const trace: CallTrace = {
      method: r.method,
      startedAt,
      server,
      decision: refused ? "deny" : "allow",
      findings: [],
      args: r.params,
      bytesIn: Buffer.byteLength(encodeMessage(r)),
      bytesOut: Buffer.byteLength(encodeMessage(sent)),
    };
    if (rule !== undefined) trace.rule = rule;
    try {
      return record(this.session, trace, refused ? (sent as JsonRpcResponse) : undefined);
    } catch (e) {
      return Promise.reject(e as Error);
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
          // a request still being recorded never reached the client: nothing to withdraw there
          if (!p.recording) this.deliver(server, { ...n, params: { ...n.params, requestId: id } });
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
