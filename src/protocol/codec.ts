import type { JsonRpcMessage } from "./jsonrpc.js";
import { ErrorCode } from "./jsonrpc.js";

/** Why a piece of wire data is not a message the gateway accepts. */
export class ProtocolError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "ProtocolError";
  }
}

/**
 * Wire text of one JSON-RPC message.
 *
 * @example encodeMessage({ jsonrpc: "2.0", id: 1, result: {} }) // '{"jsonrpc":"2.0","id":1,"result":{}}'
 */
export function encodeMessage(message: JsonRpcMessage): string {
  return JSON.stringify(message);
}

/**
 * Parses one JSON-RPC message from wire text. This is the only place wire JSON is parsed, so
 * every transport refuses the same things with the same errors. The shape check is cheap on
 * purpose: it runs on every message.
 */
export function decodeMessage(text: string): JsonRpcMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ProtocolError(ErrorCode.ParseError, `Parse error: ${(e as Error).message}`);
  }
  return checkMessage(value);
}

/** Checks an already-parsed value is a single JSON-RPC 2.0 message. */
export function checkMessage(value: unknown): JsonRpcMessage {
  if (Array.isArray(value)) {
    throw new ProtocolError(ErrorCode.InvalidRequest, "Invalid Request: JSON-RPC batches are not supported");
  }
  if (value === null || typeof value !== "object") {
    throw new ProtocolError(
      ErrorCode.InvalidRequest,
      "Invalid Request: a JSON-RPC message must be an object",
    );
  }
  const m = value as Record<string, unknown>;
  if (m.jsonrpc !== "2.0") {
    throw new ProtocolError(ErrorCode.InvalidRequest, 'Invalid Request: "jsonrpc" must be "2.0"');
  }
  if ("method" in m) {
    if (typeof m.method !== "string" || m.method.length === 0) {
      throw new ProtocolError(
        ErrorCode.InvalidRequest,
        'Invalid Request: "method" must be a non-empty string',
      );
    }
    if ("id" in m && m.id !== undefined && !validId(m.id)) {
      throw new ProtocolError(
        ErrorCode.InvalidRequest,
        'Invalid Request: "id" must be a string or an integer',
      );
    }
    if (
      m.params !== undefined &&
      (m.params === null || typeof m.params !== "object" || Array.isArray(m.params))
    ) {
      throw new ProtocolError(ErrorCode.InvalidRequest, 'Invalid Request: "params" must be an object');
    }
    return m as unknown as JsonRpcMessage;
  }
  if (!("id" in m) || (m.id !== null && !validId(m.id))) {
    throw new ProtocolError(ErrorCode.InvalidRequest, "Invalid Request: a response needs an id");
  }
  const hasResult = "result" in m;
  const hasError = "error" in m;
  if (hasResult === hasError) {
    throw new ProtocolError(
      ErrorCode.InvalidRequest,
      'Invalid Request: a response has exactly one of "result" or "error"',
    );
  }
  if (hasResult && (m.result === null || typeof m.result !== "object")) {
    throw new ProtocolError(ErrorCode.InvalidRequest, 'Invalid Request: "result" must be an object');
  }
  if (hasError) {
    const err = m.error as Record<string, unknown> | null;
    if (
      err === null ||
      typeof err !== "object" ||
      typeof err.code !== "number" ||
      typeof err.message !== "string"
    ) {
      throw new ProtocolError(
        ErrorCode.InvalidRequest,
        'Invalid Request: "error" needs a numeric code and a message',
      );
    }
  }
  return m as unknown as JsonRpcMessage;
}

function validId(id: unknown): boolean {
  return typeof id === "string" || (typeof id === "number" && Number.isInteger(id));
}

/** Parses JSON that is not a JSON-RPC message (configuration, stored state), with a clear error. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * Splits a byte stream into newline-delimited messages (stdio framing). Chunks are kept as
 * buffers until a newline arrives, so a multi-byte character split across chunks is never
 * decoded in halves. A line longer than `maxLineBytes` is reported and skipped.
 */
export class LineDecoder {
  private parts: Buffer[] = [];
  private size = 0;
  private skipping = false;

  constructor(
    /** Each line as text, and its size in bytes without the line ending (the audit's `bytes_in`). */
    private readonly onLine: (line: string, bytes: number) => void,
    private readonly onOversize: (bytes: number) => void,
    private readonly maxLineBytes = 64 * 1024 * 1024,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) break;
      const piece = chunk.subarray(start, nl);
      if (this.skipping) {
        this.skipping = false;
      } else if (this.size === 0) {
        this.emit(piece);
      } else {
        this.parts.push(piece);
        this.emit(Buffer.concat(this.parts));
      }
      this.parts = [];
      this.size = 0;
      start = nl + 1;
    }
    if (start < chunk.length && !this.skipping) {
      const rest = chunk.subarray(start);
      this.size += rest.length;
      if (this.size > this.maxLineBytes) {
        this.onOversize(this.size);
        this.parts = [];
        this.size = 0;
        this.skipping = true;
      } else {
        this.parts.push(rest);
      }
    }
  }

  private emit(buf: Buffer): void {
    let end = buf.length;
    if (end > 0 && buf[end - 1] === 13) end--; // tolerate CRLF
    if (end === 0) return;
    this.onLine(buf.toString("utf8", 0, end), end);
  }
}
