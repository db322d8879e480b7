import type { JsonRpcMessage } from "../protocol/jsonrpc.js";

/**
 * The small seam between the gateway and one upstream server connection, whatever carries it
 * (a child's stdio, Streamable HTTP, legacy SSE).
 */
export interface UpstreamTransport {
  start(): Promise<void>;
  /**
   * Sends one message; throws when the transport is closed. `headers` (trace context) go on the
   * HTTP request that carries this message; a transport without headers ignores them.
   */
  send(message: JsonRpcMessage, headers?: Record<string, string>): void | Promise<void>;
  close(): Promise<void>;
  /** Tells an HTTP transport which protocol version was negotiated (for its headers). */
  setProtocolVersion?(version: string): void;
  onmessage?: (message: JsonRpcMessage) => void;
  /** Called once when the connection ends; `reason` says why, for the error given to callers. */
  onclose?: (reason: string) => void;
  onerror?: (error: Error) => void;
}
