import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Principal } from "../../auth/principal.js";
import { ProtocolError, decodeMessage, encodeMessage } from "../../protocol/codec.js";
import type { JsonRpcMessage } from "../../protocol/jsonrpc.js";
import { ErrorCode, isRequest } from "../../protocol/jsonrpc.js";
import type { Gateway } from "../../gateway/gateway.js";
import { toError } from "../../gateway/dispatch.js";
import type { Session } from "../../session/session.js";
import type { Reply } from "../../session/reply.js";
import { BodyTooLarge, readBody, type Body } from "./body.js";
import { SSE_HEADERS, writeEvent } from "./sse.js";
import type { HttpFront } from "./front.js";

interface Connection {
  res: ServerResponse;
  principal: Principal;
  session?: Session;
}

/**
 * The HTTP+SSE transport of protocol revision 2024-11-05, for clients that still use it:
 * GET /sse opens the stream and names the endpoint; each message is POSTed to
 * /messages?sessionId=…, answered 202, and every answer travels on the stream.
 */
export class LegacySse {
  private readonly connections = new Map<string, Connection>();

  constructor(
    private readonly gw: Gateway,
    private readonly front: HttpFront,
  ) {}

  open(req: IncomingMessage, res: ServerResponse, principal: Principal): void {
    if (req.method !== "GET") {
      res.setHeader("allow", "GET");
      return this.front.jsonError(
        res,
        405,
        null,
        ErrorCode.InvalidRequest,
        "Method not allowed: use GET /sse",
      );
    }
    const id = randomUUID();
    const conn: Connection = { res, principal };
    this.connections.set(id, conn);
    res.writeHead(200, SSE_HEADERS);
    writeEvent(res, { event: "endpoint", data: `/messages?sessionId=${id}` });
    res.once("close", () => {
      this.connections.delete(id);
      if (conn.session) void this.gw.closeSession(conn.session.id);
    });
  }

  async post(
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
    query: string,
    limit: number,
  ): Promise<void> {
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      return this.front.jsonError(
        res,
        405,
        null,
        ErrorCode.InvalidRequest,
        "Method not allowed: use POST /messages",
      );
    }
    const id = new URLSearchParams(query).get("sessionId") ?? "";
    const conn = this.connections.get(id);
    if (!conn || conn.principal.subject !== principal.subject) {
      return this.front.jsonError(res, 404, null, ErrorCode.InvalidRequest, "Session not found");
    }
    let message: JsonRpcMessage;
    let body: Body;
    try {
      body = await readBody(req, limit);
      message = decodeMessage(body.text);
    } catch (e) {
      if (e instanceof BodyTooLarge)
        return this.front.jsonError(res, 413, null, ErrorCode.InvalidRequest, e.message);
      if (e instanceof ProtocolError) return this.front.jsonError(res, 400, null, e.code, e.message);
      throw e;
    }
    const emit = (m: JsonRpcMessage, encoded?: string) =>
      writeEvent(conn.res, { event: "message", data: encoded ?? encodeMessage(m) });
    if (isRequest(message) && message.method === "initialize") {
      res.writeHead(202).end("Accepted");
      try {
        const { session, result } = await this.gw.initialize(message.params ?? {}, principal, req.headers);
        if (!this.connections.has(id)) {
          // the client's stream closed while the session opened: nobody is left to use it
          void this.gw.closeSession(session.id);
          return;
        }
        conn.session = session;
        // the answer first: what a server sent meanwhile waited for the channel, and follows it
        emit({ jsonrpc: "2.0", id: message.id, result });
        session.channel = { send: (m) => (emit(m), true) };
      } catch (e) {
        emit(toError(message.id, e));
      }
      return;
    }
    const session = conn.session;
    if (!session)
      return this.front.jsonError(
        res,
        400,
        null,
        ErrorCode.InvalidRequest,
        "Bad Request: send initialize first",
      );
    res.writeHead(202).end("Accepted");
    if (!isRequest(message)) return this.gw.handle(session, message);
    const reply: Reply = { send: emit, end: emit, drop: () => {}, bytesIn: body.bytes };
    this.gw.handle(session, message, reply, req.headers);
  }

  closeAll(): void {
    for (const c of this.connections.values()) c.res.end();
  }
}
