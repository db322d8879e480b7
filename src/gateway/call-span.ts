import type { JsonRpcRequest, JsonRpcResponse, RequestId } from "../protocol/jsonrpc.js";
import { isErrorResponse } from "../protocol/jsonrpc.js";
import type { Session } from "../session/session.js";
import { GatewayError } from "../errors.js";
import type { CallTrace } from "../session/trace.js";
import {
  incomingTrace,
  type AttributeValue,
  type Span,
  type TraceCarrier,
  type Tracer,
} from "../tracing/index.js";

/*
 * Span names and attributes follow the OpenTelemetry semantic conventions for MCP
 * (`mcp.method.name`, `gen_ai.tool.name`, `error.type`, …); what only a gateway knows (which
 * server, which guard rule, what it decided) goes under `bastion.*`.
 */

type Params = Record<string, unknown> | undefined;

/**
 * The server span of one client request, continuing the client's trace (from `_meta` or the
 * HTTP headers). Named `tools/call <tool>` or `prompts/get <prompt>`, otherwise by the method.
 *
 * @example
 * trace.span = startCallSpan(tracer, session, req, httpRequest.headers);
 */
export function startCallSpan(
  tracer: Tracer,
  session: Session,
  req: JsonRpcRequest,
  carrier: TraceCarrier | undefined,
): Span {
  const attributes = targetAttributes(req.method, req.params);
  attributes["jsonrpc.request.id"] = String(req.id);
  attributes["mcp.protocol.version"] = session.protocolVersion;
  // a stateless request has no session the client knows of
  if (!session.stateless) attributes["mcp.session.id"] = session.id;
  return tracer.startRequestSpan(
    spanName(req.method, req.params),
    incomingTrace(req.params, carrier),
    attributes,
  );
}

/** Ends a request's span with what the path decided and how the response turned out. */
export function endCallSpan(span: Span, trace: CallTrace, response: JsonRpcResponse | "cancelled"): void {
  span.setAttribute("bastion.decision", trace.decision);
  if (trace.server !== undefined) span.setAttribute("bastion.server", trace.server);
  if (trace.target !== undefined) span.setAttribute("bastion.target", trace.target);
  if (trace.rule !== undefined) span.setAttribute("bastion.rule", trace.rule);
  if (trace.findings.length > 0) span.setAttribute("bastion.findings", trace.findings.join(","));
  if (trace.upstreamMs !== undefined) {
    const overhead = performance.now() - trace.startedAt - trace.upstreamMs;
    span.setAttribute("bastion.overhead_ms", Math.round(overhead * 1000) / 1000);
  }
  outcome(span, response);
  span.end();
}

/**
 * The server span of a client's `initialize`: the session being opened, with a client span below
 * it for each upstream's own handshake ({@link startUpstreamInitializeSpan}).
 */
export function startInitializeSpan(
  tracer: Tracer,
  params: Params,
  carrier: TraceCarrier | undefined,
  version: string,
): Span {
  return tracer.startRequestSpan("initialize", incomingTrace(params, carrier), {
    "mcp.method.name": "initialize",
    "mcp.protocol.version": version,
  });
}

/** Ends an `initialize` span with the session it opened, or with why none was. */
export function endInitializeSpan(span: Span, opened: Session | Error): void {
  if (opened instanceof Error) {
    const kind = opened instanceof GatewayError ? opened.kind : "internal_error";
    span.setAttribute("error.type", kind).setStatus("error", opened.message);
  } else {
    span.setAttribute("mcp.session.id", opened.id);
    const ready = [...opened.upstreams.values()].filter((c) => c.state === "ready").length;
    span.setAttribute("bastion.upstreams_ready", ready);
  }
  span.end();
}

/** The client span of one upstream's handshake while a session opens. */
export function startUpstreamInitializeSpan(parent: Span, server: string): Span {
  return parent.startChild(
    "initialize",
    { "mcp.method.name": "initialize", "bastion.server": server },
    "client",
  );
}

/**
 * Ends an upstream handshake's span that failed. Only the kind of failure goes into the span:
 * the error's text can hold a command line or a URL with a credential, and the log has it.
 */
export function endUpstreamInitializeSpan(span: Span): void {
  span.setAttribute("error.type", "upstream_unavailable").setStatus("error", "the upstream failed to start");
  span.end();
}

/** The client span of one call to an upstream, a child of the request's span. */
export function startUpstreamSpan(parent: Span, method: string, server: string, params: Params): Span {
  const attributes = targetAttributes(method, params);
  attributes["bastion.server"] = server;
  return parent.startChild(spanName(method, params), attributes, "client");
}

/** Ends an upstream call's span (`id` is the upstream's request id) with its answer, or why there was none. */
export function endUpstreamSpan(
  span: Span,
  id: RequestId | null,
  response: JsonRpcResponse | "timeout" | "cancelled",
): void {
  if (id !== null) span.setAttribute("jsonrpc.request.id", String(id));
  const status = typeof response === "string" ? response : isErrorResponse(response) ? "error" : "ok";
  span.setAttribute("bastion.upstream_status", status);
  outcome(span, response);
  span.end();
}

/**
 * Params for the upstream with the gateway's own span in `_meta.traceparent`, when the client
 * put a trace context there: passed on unchanged it would hang the upstream's span under the
 * client's, beside the gateway's instead of below it. Nothing is added when the client sent none.
 */
export function withUpstreamTrace(params: Params, headers: Record<string, string>): Params {
  const meta = params?._meta;
  if (meta === null || typeof meta !== "object" || !("traceparent" in meta)) return params;
  return { ...params, _meta: { ...meta, ...headers } };
}

function spanName(method: string, params: Params): string {
  const name = params?.name;
  return (method === "tools/call" || method === "prompts/get") && typeof name === "string"
    ? `${method} ${name}`
    : method;
}

function targetAttributes(method: string, params: Params): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = { "mcp.method.name": method };
  const name = params?.name;
  const uri = params?.uri;
  if (method === "tools/call" && typeof name === "string") {
    attributes["gen_ai.tool.name"] = name;
    attributes["gen_ai.operation.name"] = "execute_tool";
  } else if (method === "prompts/get" && typeof name === "string") attributes["gen_ai.prompt.name"] = name;
  else if (method.startsWith("resources/") && typeof uri === "string") attributes["mcp.resource.uri"] = uri;
  return attributes;
}

/** `error.type` and an error status for a JSON-RPC error, a tool's own error, or no answer at all. */
function outcome(span: Span, response: JsonRpcResponse | "timeout" | "cancelled"): void {
  if (typeof response === "string") {
    span.setAttribute("error.type", response).setStatus("error", response);
    return;
  }
  if (isErrorResponse(response)) {
    const code = String(response.error.code);
    span.setAttribute("error.type", code).setAttribute("rpc.response.status_code", code);
    const stable = (response.error.data as { code?: unknown } | undefined)?.code;
    if (typeof stable === "string") span.setAttribute("bastion.error_code", stable);
    span.setStatus("error", response.error.message);
  } else if (response.result.isError === true) {
    span.setAttribute("error.type", "tool_error").setStatus("error");
  }
}
