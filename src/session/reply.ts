import type { JsonRpcMessage, JsonRpcResponse } from "../protocol/jsonrpc.js";
import type { CallTrace } from "./trace.js";

/**
 * Where the answer to one client request goes. Over HTTP this is the POST's response (JSON, or
 * an SSE stream once anything comes before the answer); over stdio it is the output stream.
 */
export interface Reply {
  /** A message related to the request that comes before its response (progress, logs, server requests). */
  send(message: JsonRpcMessage): void;
  /**
   * The response; nothing more is sent for this request. `encoded` is its wire text when the
   * caller already made it (the audit measures a response before it leaves), so a large result
   * is not encoded twice.
   */
  end(response: JsonRpcResponse, encoded?: string): void;
  /**
   * The response as this reply will send it, for a transport that adds to it (the stateless
   * revision's `resultType`), so the audit measures the bytes that actually leave. `end` sends a
   * response it gave back as it is.
   */
  finalize?(response: JsonRpcResponse): JsonRpcResponse;
  /** Ends the exchange without a response (the request was cancelled by the client). */
  drop(): void;
  /** Bytes of the request's wire text, where the transport read it (the audit's `bytes_in`). */
  bytesIn?: number;
  /** The gateway sets this to learn that the client went away before the response. */
  onClose?: () => void;
  /** Present when calls are recorded (audit, metrics) or traced: the path fills it in as it goes. */
  trace?: CallTrace;
}

/**
 * Where messages go that belong to no request: list changes, resource updates, and server
 * requests made while the client has nothing in flight. Over HTTP this is the GET stream.
 */
export interface Channel {
  /** Returns false when no stream can carry the message right now. */
  send(message: JsonRpcMessage): boolean;
}
