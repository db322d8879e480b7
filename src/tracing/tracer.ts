import { epochNanos, otlpTraceRequest, type AttributeValue, type FinishedSpan } from "./otlp.js";
import {
  formatTraceparent,
  newSpanId,
  newTraceId,
  parseTraceparent,
  type SpanContext,
} from "./traceparent.js";

/** One timed operation: a gateway request, or an upstream call inside it. */
export interface Span {
  /** Ids of this span; undefined when tracing is off. */
  readonly context: SpanContext | undefined;
  setAttribute(key: string, value: AttributeValue): Span;
  setStatus(code: "ok" | "error", message?: string): Span;
  /** Starts a child span, by default a client span for a call to an upstream. */
  startChild(name: string, attributes?: Record<string, AttributeValue>, kind?: "client" | "internal"): Span;
  /** `traceparent` (and `tracestate`) to send on an outgoing HTTP request; empty when tracing is off. */
  propagationHeaders(): Record<string, string>;
  end(): void;
}

export interface Tracer {
  readonly enabled: boolean;
  /** Starts the span of an incoming request, continuing the caller's trace when its `traceparent` is valid. */
  startRequestSpan(
    name: string,
    incoming?: { traceparent?: string; tracestate?: string },
    attributes?: Record<string, AttributeValue>,
  ): Span;
  /** Exports what is buffered and stops the export timer. */
  shutdown(): Promise<void>;
}

export interface TracerOptions {
  /** OTLP/HTTP base URL (`http://collector:4318`) or the full `/v1/traces` URL. */
  endpoint: string;
  headers?: Record<string, string>;
  serviceName?: string;
  /** Share of new traces recorded; traces started by a caller follow the caller's sampled flag. */
  sampleRatio?: number;
  exportIntervalMs?: number;
  /** Spans buffered before older ones are dropped. */
  maxQueue?: number;
  logger?: { warn(obj: object, msg?: string): void };
}

const NOOP_SPAN: Span = Object.freeze({
  context: undefined,
  setAttribute: () => NOOP_SPAN,
  setStatus: () => NOOP_SPAN,
  startChild: () => NOOP_SPAN,
  propagationHeaders: () => ({}),
  end: () => undefined,
});

/** The tracer when tracing is not configured: every call returns the same inert span. */
export const NOOP_TRACER: Tracer = Object.freeze({
  enabled: false,
  startRequestSpan: () => NOOP_SPAN,
  shutdown: async () => undefined,
});

/**
 * A tracer exporting to an OTLP/HTTP collector, or the no-op tracer when `options` is undefined,
 * so an unconfigured gateway allocates nothing per request.
 *
 * @example
 * const tracer = createTracer(config.tracing.endpoint ? { endpoint: config.tracing.endpoint } : undefined);
 * const span = tracer.startRequestSpan("tools/call", { traceparent: req.headers.traceparent });
 * const upstream = span.startChild("upstream github");
 * await fetch(url, { headers: { ...upstream.propagationHeaders() } });
 */
export function createTracer(options: TracerOptions | undefined): Tracer {
  if (!options) return NOOP_TRACER;
  const url = /\/v1\/traces\/?$/.test(options.endpoint)
    ? options.endpoint
    : `${options.endpoint.replace(/\/+$/, "")}/v1/traces`;
  const serviceName = options.serviceName ?? "mcp-bastion";
  const ratio = options.sampleRatio ?? 1;
  const maxQueue = options.maxQueue ?? 2048;
  let queue: FinishedSpan[] = [];
  let dropped = 0;
  let exporting: Promise<void> = Promise.resolve();
  const timer = setInterval(() => void flush(), options.exportIntervalMs ?? 5000);
  timer.unref();

  function finished(span: FinishedSpan): void {
    if (queue.length >= maxQueue) {
      dropped += 1;
      return;
    }
    queue.push(span);
    if (queue.length >= 512) void flush();
  }

  function flush(): Promise<void> {
    if (queue.length === 0) return exporting;
    const batch = queue;
    queue = [];
    exporting = exporting.then(() => post(batch));
    return exporting;
  }

  async function post(batch: FinishedSpan[]): Promise<void> {
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...options?.headers },
        body: JSON.stringify(otlpTraceRequest(batch, serviceName)),
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) options?.logger?.warn({ spans: batch.length, status: res.status }, "trace export refused");
    } catch (error) {
      options?.logger?.warn({ spans: batch.length, error: (error as Error).name }, "trace export failed");
    }
    if (dropped > 0) {
      options?.logger?.warn({ spans: dropped }, "trace export queue full; spans dropped");
      dropped = 0;
    }
  }

  function start(
    name: string,
    context: SpanContext,
    parentSpanId: string | undefined,
    kind: FinishedSpan["kind"],
    attributes: Record<string, AttributeValue>,
  ): Span {
    const record: FinishedSpan = {
      traceId: context.traceId,
      spanId: context.spanId,
      parentSpanId,
      name,
      kind,
      startNanos: epochNanos(),
      endNanos: 0n,
      attributes: { ...attributes },
      status: { code: "unset" },
    };
    let ended = false;
    const span: Span = {
      context,
      setAttribute(key, value) {
        record.attributes[key] = value;
        return span;
      },
      setStatus(code, message) {
        record.status = message === undefined ? { code } : { code, message };
        return span;
      },
      startChild(childName, childAttributes = {}, childKind = "client") {
        const child = { ...context, spanId: newSpanId() };
        return start(childName, child, context.spanId, childKind, childAttributes);
      },
      propagationHeaders() {
        const headers: Record<string, string> = { traceparent: formatTraceparent(context) };
        if (context.tracestate) headers.tracestate = context.tracestate;
        return headers;
      },
      end() {
        if (ended) return;
        ended = true;
        record.endNanos = epochNanos();
        if (context.sampled) finished(record);
      },
    };
    return span;
  }

  return {
    enabled: true,
    startRequestSpan(name, incoming = {}, attributes = {}) {
      const parent = parseTraceparent(incoming.traceparent, incoming.tracestate);
      const context: SpanContext = parent
        ? { ...parent, spanId: newSpanId() }
        : { traceId: newTraceId(), spanId: newSpanId(), sampled: Math.random() < ratio };
      return start(name, context, parent?.spanId, "server", attributes);
    },
    async shutdown() {
      clearInterval(timer);
      await flush();
    },
  };
}
