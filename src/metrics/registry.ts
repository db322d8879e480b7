import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Every metric the gateway exports, on its own registry so tests and embedders never share state. */
export interface BastionMetrics {
  registry: Registry;
  /** `bastion_requests_total{server,method,decision}` */
  requests: Counter<"server" | "method" | "decision">;
  /** `bastion_gateway_overhead_seconds{method}`: time spent in the gateway, upstream excluded. */
  gatewayLatency: Histogram<"method">;
  /** `bastion_upstream_latency_seconds{server,method}`: time the upstream took to answer. */
  upstreamLatency: Histogram<"server" | "method">;
  /** `bastion_upstream_up{server}`: 1 while every open session's connection to it is ready, 0 otherwise. */
  upstreamUp: Gauge<"server">;
  /** `bastion_upstream_restarts_total{server}`: a session's connection lost and the server started again. */
  upstreamRestarts: Counter<"server">;
  /** `bastion_auth_failures_total{reason}` */
  authFailures: Counter<"reason">;
  /** `bastion_findings_total{rule}` */
  findings: Counter<"rule">;
  /** `bastion_open_sessions` */
  openSessions: Gauge;
  /** Counts one finished call in the request, latency and findings metrics at once. */
  observeCall(call: ObservedCall): void;
}

/** What `observeCall` needs to know about a finished call. */
export interface ObservedCall {
  server?: string | null;
  method: string;
  decision: string;
  findings?: readonly string[];
  /** Gateway overhead in milliseconds. */
  gateway_ms?: number;
  /** Upstream time in milliseconds, when the call reached one. */
  upstream_ms?: number;
}

/** MCP methods that get their own label value; anything else a client sends is counted as `other`. */
const KNOWN_METHODS = new Set([
  "initialize",
  "ping",
  "tools/list",
  "tools/call",
  "resources/list",
  "resources/read",
  "resources/templates/list",
  "resources/subscribe",
  "resources/unsubscribe",
  "prompts/list",
  "prompts/get",
  "completion/complete",
  "logging/setLevel",
  "sampling/createMessage",
  "elicitation/create",
  "roots/list",
]);

/**
 * The method as a label value. Clients choose method names, so unknown ones share one label and a
 * hostile client cannot grow the series count without bound.
 */
export function methodLabel(method: string): string {
  if (KNOWN_METHODS.has(method)) return method;
  return method.startsWith("notifications/") ? "notifications" : "other";
}

/**
 * Creates the registry with every Bastion metric on it.
 *
 * @example
 * const metrics = createMetrics();
 * metrics.observeCall({ server: "fs", method: "tools/call", decision: "allow", gateway_ms: 0.8, upstream_ms: 40 });
 */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): BastionMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: "bastion_" });
  const registers = [registry];
  const requests = new Counter({
    name: "bastion_requests_total",
    help: "Requests handled, by upstream server, MCP method and gateway decision.",
    labelNames: ["server", "method", "decision"] as const,
    registers,
  });
  const gatewayLatency = new Histogram({
    name: "bastion_gateway_overhead_seconds",
    help: "Time spent inside the gateway per request, upstream time excluded.",
    labelNames: ["method"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers,
  });
  const upstreamLatency = new Histogram({
    name: "bastion_upstream_latency_seconds",
    help: "Time the upstream server took to answer.",
    labelNames: ["server", "method"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const upstreamUp = new Gauge({
    name: "bastion_upstream_up",
    help: "1 while every open session's connection to the upstream server is ready, 0 otherwise.",
    labelNames: ["server"] as const,
    registers,
  });
  const upstreamRestarts = new Counter({
    name: "bastion_upstream_restarts_total",
    help: "Times an upstream server was started again after a session's connection to it was lost.",
    labelNames: ["server"] as const,
    registers,
  });
  const authFailures = new Counter({
    name: "bastion_auth_failures_total",
    help: "Failed authentication attempts, by reason.",
    labelNames: ["reason"] as const,
    registers,
  });
  const findings = new Counter({
    name: "bastion_findings_total",
    help: "Detector findings, by rule id.",
    labelNames: ["rule"] as const,
    registers,
  });
  const openSessions = new Gauge({ name: "bastion_open_sessions", help: "Open client sessions.", registers });

  return {
    registry,
    requests,
    gatewayLatency,
    upstreamLatency,
    upstreamUp,
    upstreamRestarts,
    authFailures,
    findings,
    openSessions,
    observeCall(call) {
      const method = methodLabel(call.method);
      const server = call.server ?? "-";
      requests.inc({ server, method, decision: call.decision });
      if (call.gateway_ms !== undefined) gatewayLatency.observe({ method }, call.gateway_ms / 1000);
      if (call.upstream_ms !== undefined)
        upstreamLatency.observe({ server, method }, call.upstream_ms / 1000);
      for (const rule of call.findings ?? []) findings.inc({ rule });
    },
  };
}
