/** OpenTelemetry-compatible request tracing: W3C trace context in, OTLP/HTTP JSON out, free when off. */
export { createTracer, NOOP_TRACER } from "./tracer.js";
export type { Span, Tracer, TracerOptions } from "./tracer.js";
export type { AttributeValue } from "./otlp.js";
export { parseTraceparent, formatTraceparent } from "./traceparent.js";
export type { SpanContext } from "./traceparent.js";
export { incomingTrace } from "./incoming.js";
export type { TraceCarrier } from "./incoming.js";
export { tracingConfigSchema, tracerOptionsFromConfig } from "./config.js";
export type { TracingConfig } from "./config.js";
