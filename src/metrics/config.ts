import { z } from "zod";

/**
 * The `metrics:` section of bastion.yaml. Without a `token`, `/metrics` answers loopback clients only.
 *
 * @example
 * metrics: { enabled: true, token: "a-long-random-scrape-token" }
 */
export const metricsConfigSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** Bearer token scrapers must present; at least 16 characters. */
    token: z.string().min(16, "metrics.token must be at least 16 characters").optional(),
  })
  .strict();

export type MetricsConfig = z.infer<typeof metricsConfigSchema>;
