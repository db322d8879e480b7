import { z } from "zod";

const httpUrl = z.url({ protocol: /^https?$/, error: "alerts.webhook must be an http(s) URL" });

/**
 * The `alerts:` section of bastion.yaml. `webhook` may be a bare URL (JSON body) or
 * `{ url, format: json | slack }`.
 *
 * @example
 * alerts:
 *   webhook: { url: https://hooks.slack.com/services/T000/B000/XXXX, format: slack }
 *   failed_auth: { count: 5, window_seconds: 60 }
 *   data_transfer: { bytes: 10485760, window_seconds: 300 }
 */
export const alertsConfigSchema = z
  .object({
    webhook: z
      .union([
        httpUrl.transform((url) => ({ url, format: "json" as const, timeout_ms: 5000 })),
        z
          .object({
            url: httpUrl,
            format: z.enum(["json", "slack"]).default("json"),
            timeout_ms: z.number().int().positive().default(5000),
          })
          .strict(),
      ])
      .optional(),
    failed_auth: z
      .object({
        count: z.number().int().positive().default(5),
        window_seconds: z.number().positive().default(60),
      })
      .strict()
      .default({ count: 5, window_seconds: 60 }),
    data_transfer: z
      .object({
        bytes: z
          .number()
          .int()
          .positive()
          .default(10 * 1024 * 1024),
        window_seconds: z.number().positive().default(300),
        /** How many times its usual amount a principal must exceed, besides `bytes`. */
        baseline_factor: z.number().min(1).default(3),
      })
      .strict()
      .default({ bytes: 10 * 1024 * 1024, window_seconds: 300, baseline_factor: 3 }),
    /** The same alert goes out at most once within this many seconds. */
    dedup_seconds: z.number().positive().default(300),
    rate_limit: z
      .object({ per_minute: z.number().int().positive().default(20) })
      .strict()
      .default({ per_minute: 20 }),
  })
  .strict();

export type AlertsConfig = z.infer<typeof alertsConfigSchema>;
