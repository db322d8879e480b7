import { z } from "zod";
import type { TracerOptions } from "./tracer.js";

/**
 * The `tracing:` section of bastion.yaml. Tracing is on when `endpoint` is set; otherwise the
 * gateway uses a no-op tracer that costs nothing per request.
 *
 * @example
 * tracing: { endpoint: http://otel-collector:4318, sample_ratio: 0.1 }
 */
export const tracingConfigSchema = z
  .object({
    /** OTLP/HTTP collector: base URL or the full `/v1/traces` URL. */
    endpoint: z.url({ protocol: /^https?$/, error: "tracing.endpoint must be an http(s) URL" }).optional(),
    /** Extra headers for the collector, such as an API key. */
    headers: z.record(z.string(), z.string()).default({}),
    service_name: z.string().min(1).default("mcp-bastion"),
    /** Share of new traces recorded, 0 to 1; traces a caller started follow its sampled flag. */
    sample_ratio: z.number().min(0).max(1).default(1),
    export_interval_ms: z.number().int().positive().default(5000),
  })
  .strict();

export type TracingConfig = z.infer<typeof tracingConfigSchema>;

/** Tracer options for a parsed config, or undefined when tracing is off. */
export function tracerOptionsFromConfig(config: TracingConfig): TracerOptions | undefined {
  if (!config.endpoint) return undefined;
  return {
    endpoint: config.endpoint,
    headers: config.headers,
    serviceName: config.service_name,
    sampleRatio: config.sample_ratio,
    exportIntervalMs: config.export_interval_ms,
  };
}
