import { parseTraceparent } from "./traceparent.js";

/**
 * Where a client's trace context can arrive outside the message: the HTTP request headers, as
 * Node gives them (`req.headers`, passed without copying). Over stdio there is none.
 */
export interface TraceCarrier {
  readonly [header: string]: string | string[] | undefined;
}

/**
 * The trace context a request continues. A valid `params._meta.traceparent` wins, as the
 * OpenTelemetry MCP conventions ask (one HTTP request may carry messages of several traces);
 * otherwise the HTTP headers. A repeated `traceparent` header is ignored, as W3C Trace Context
 * requires; repeated `tracestate` headers are one list.
 *
 * @example
 * incomingTrace({ _meta: { traceparent: "00-4bf9…-00f0…-01" } }, req.headers)
 * // { traceparent: "00-4bf9…-00f0…-01" }
 */
export function incomingTrace(
  params: Record<string, unknown> | undefined,
  carrier: TraceCarrier | undefined,
): { traceparent?: string; tracestate?: string } {
  const meta = params?._meta;
  if (meta !== null && typeof meta === "object") {
    const { traceparent, tracestate } = meta as Record<string, unknown>;
    if (typeof traceparent === "string" && parseTraceparent(traceparent)) {
      return typeof tracestate === "string" ? { traceparent, tracestate } : { traceparent };
    }
  }
  const traceparent = carrier?.traceparent;
  if (typeof traceparent !== "string") return {};
  const tracestate = carrier?.tracestate;
  if (tracestate === undefined) return { traceparent };
  return { traceparent, tracestate: typeof tracestate === "string" ? tracestate : tracestate.join(",") };
}
