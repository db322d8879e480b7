import { randomBytes } from "node:crypto";

/** The part of a trace that crosses process boundaries. */
export interface SpanContext {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  sampled: boolean;
  /** Vendor state from the caller, passed on unchanged. */
  tracestate?: string;
}

const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

/**
 * Reads a W3C `traceparent` header. Returns undefined for anything the Trace Context spec says to
 * ignore: version `ff`, upper-case or malformed hex, all-zero ids, or extra fields on version 00.
 *
 * @example parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
 * // { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", sampled: true }
 */
export function parseTraceparent(header: string | undefined, tracestate?: string): SpanContext | undefined {
  if (!header) return undefined;
  const m = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/.exec(header.trim());
  if (!m) return undefined;
  const [, version, traceId, spanId, flags, rest] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string?,
  ];
  if (version === "ff" || (version === "00" && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  const context: SpanContext = { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
  if (tracestate) context.tracestate = tracestate;
  return context;
}

/** The `traceparent` header value for a span. */
export function formatTraceparent(context: SpanContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.sampled ? "01" : "00"}`;
}

/** A fresh random trace id. */
export function newTraceId(): string {
  return nonZeroHex(16);
}

/** A fresh random span id. */
export function newSpanId(): string {
  return nonZeroHex(8);
}

function nonZeroHex(bytes: number): string {
  for (;;) {
    const hex = randomBytes(bytes).toString("hex");
    if (!/^0+$/.test(hex)) return hex;
  }
}
