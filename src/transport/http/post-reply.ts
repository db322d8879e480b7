import type { ServerResponse } from "node:http";
import type { JsonRpcMessage, JsonRpcResponse } from "../../protocol/jsonrpc.js";
import { encodeMessage } from "../../protocol/codec.js";
import type { Reply } from "../../session/reply.js";
import { SSE_HEADERS, writeEvent, type EventLog } from "./sse.js";

let streamSeq = 0;

/** An HTTP status and headers that stand in for a JSON-RPC error a client must act on at the HTTP level. */
export interface HttpChallenge {
  status: number;
  headers: Record<string, string>;
}

/**
 * The answer to one POSTed request. It stays a plain JSON response unless something related
 * comes first (progress, a log line, a server request), in which case it turns into an SSE
 * stream that ends with the response. Most calls therefore cost one JSON write and nothing more.
 *
 * With `cancelOnClose` (the stateless revision) a closed connection cancels the request; in
 * the session revisions a disconnect is not a cancellation, so later events are kept in the
 * session's event log for a client that resumes with Last-Event-ID.
 */
export class PostReply implements Reply {
  private mode: "pending" | "sse" | "done" = "pending";
  readonly stream = `p${++streamSeq}`;
  private res: ServerResponse | undefined;
  onClose?: () => void;
  bytesIn?: number;

  /**
   * `resumable` (session revisions) keeps SSE events for Last-Event-ID and lists the replies
   * whose streams can be resumed; a reply is listed only while it is an unfinished SSE stream.
   */
  constructor(
    res: ServerResponse,
    private readonly headers: Record<string, string>,
    private readonly resumable: { events: EventLog; replies: Map<string, PostReply> } | undefined,
    cancelOnClose: boolean,
    private readonly challenges?: ReadonlyMap<string, HttpChallenge>,
  ) {
    this.res = res;
    res.once("close", () => {
      if (this.mode === "done") return;
      this.res = undefined;
      if (cancelOnClose || !this.resumable) this.onClose?.();
    });
  }

  /** Re-attaches a resumed stream (GET with Last-Event-ID) to this reply. */
  attach(res: ServerResponse): void {
    this.res = res;
    this.mode = "sse";
  }

  get finished(): boolean {
    return this.mode === "done";
  }

  send(message: JsonRpcMessage): void {
    if (this.mode === "done") return;
    if (this.mode === "pending") {
      this.mode = "sse";
      this.resumable?.replies.set(this.stream, this);
      this.res?.writeHead(200, { ...SSE_HEADERS, ...this.headers });
    }
    this.emit(message);
  }

  end(response: JsonRpcResponse, encoded?: string): void {
    if (this.mode === "done") return;
    const res = this.res;
    if (this.mode === "pending") {
      this.mode = "done";
      if (!res) return;
      const body = encoded ?? encodeMessage(response);
      const challenge = "error" in response ? this.challenge(response.error.data) : undefined;
      res.writeHead(challenge?.status ?? 200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
        ...this.headers,
        ...challenge?.headers,
      });
      res.end(body);
      return;
    }
    this.emit(response, encoded);
    this.finish();
    res?.end();
  }

  private challenge(data: unknown): HttpChallenge | undefined {
    if (!this.challenges || data === null || typeof data !== "object") return undefined;
    const code = (data as { code?: unknown }).code;
    return typeof code === "string" ? this.challenges.get(code) : undefined;
  }

  private finish(): void {
    this.mode = "done";
    this.resumable?.replies.delete(this.stream);
  }

  drop(): void {
    if (this.mode === "done") return;
    const pending = this.mode === "pending";
    this.finish();
    if (!this.res) return;
    if (pending) this.res.writeHead(202, this.headers).end();
    else this.res.end();
  }

  private emit(message: JsonRpcMessage, encoded?: string): void {
    const data = encoded ?? encodeMessage(message);
    const e = this.resumable ? this.resumable.events.add(this.stream, data) : { data };
    if (this.res) writeEvent(this.res, e);
  }
}
