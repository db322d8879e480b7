/** Prometheus metrics and the guarded `/metrics` endpoint. */
export { createMetrics, methodLabel } from "./registry.js";
export type { BastionMetrics, ObservedCall } from "./registry.js";
export { createMetricsHandler, isLoopback } from "./handler.js";
export type { MetricsAccess } from "./handler.js";
export { metricsConfigSchema } from "./config.js";
export type { MetricsConfig } from "./config.js";
