import { z } from "zod";
import { authConfigSchema } from "../auth/config.js";
import { auditConfigSchema } from "../audit/config.js";
import { metricsConfigSchema } from "../metrics/config.js";
import { alertsConfigSchema } from "../alerts/config.js";
import { tracingConfigSchema } from "../tracing/config.js";
import { labelsSchema, taintConfigSchema } from "../guards/taint/config.js";
import { egressSchema } from "../guards/egress/config.js";
import { poisoningJudgeSchema } from "../judge/config.js";

const port = z
  .union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)], {
    error: "expected a port number from 0 to 65535",
  })
  .pipe(
    z
      .number()
      .int()
      .min(0, "expected a port number from 0 to 65535")
      .max(65535, "expected a port number from 0 to 65535"),
  );

const dataAction = z.enum(["redact", "block", "log", "off"]);

const serverName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "letters, digits, '-' and '_' (a server key becomes a name prefix)")
  .refine((s) => !s.includes("__"), "must not contain '__' (it separates prefix and name)");

const common = {
  /** Prefix for exposed tool and prompt names; false passes names through. Default: the server's key. */
  prefix: z.union([serverName, z.literal(false)]).optional(),
  /** Per-request timeout for this server, overriding limits.request_timeout_ms. */
  timeout_ms: z.number().int().positive().optional(),
  enabled: z.boolean().default(true),
  /** Tool-poisoning detection on this server's definitions. */
  poisoning: z.enum(["block", "warn", "off"]).default("block"),
  /** SHA-256 definition hashes reviewed as false positives (from the audit or `bastion scan`). */
  /** Labels for session taint: `{ <tool>: [private | untrusted | egress] }`. */
  labels: labelsSchema.optional(),
  /** Hosts URL arguments may (allow) or may not (deny) point at. */
  egress: egressSchema.optional(),
  poisoning_allowlist: z.array(z.string().regex(/^[a-f0-9]{64}$/, "a SHA-256 hex digest")).default([]),
};

export const stdioServerSchema = z
  .object({
    command: z.string().min(1),
    /** Supply-chain pin: the gateway refuses to start the server unless the registry agrees. */
    package: z
      .object({
        name: z.string().min(1),
        version: z.string().min(1),
        integrity: z.string().regex(/^sha(256|384|512)-/, "an SRI hash like sha512-…"),
      })
      .strict()
      .optional(),
    /** Trust tier; inferred from the package when absent (reference, official or community). */
    tier: z.enum(["reference", "official", "community"]).optional(),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).default({}),
    cwd: z.string().optional(),
    ...common,
  })
  .strict();

export const httpServerSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    headers: z.record(z.string(), z.string()).default({}),
    ...common,
  })
  .strict();

type StdioOut = z.output<typeof stdioServerSchema>;
type HttpOut = z.output<typeof httpServerSchema>;

/**
 * A server is stdio when it has `command` and HTTP when it has `url`. Choosing the shape first
 * means errors name the real problem (a wrong type, an unknown key) instead of "matches neither".
 */
const serverSchema = z.unknown().transform((value, ctx): StdioOut | HttpOut => {
  const v = value as Record<string, unknown> | null;
  if (v === null || typeof v !== "object" || Array.isArray(v) || !("command" in v || "url" in v)) {
    ctx.addIssue({ code: "custom", message: "a server needs either `command` (stdio) or `url` (HTTP)" });
    return z.NEVER;
  }
  const r = "command" in v ? stdioServerSchema.safeParse(v) : httpServerSchema.safeParse(v);
  if (!r.success) {
    for (const issue of r.error.issues)
      ctx.addIssue({ ...issue, path: issue.path } as Parameters<typeof ctx.addIssue>[0]);
    return z.NEVER;
  }
  return r.data;
});

export const configSchema = z
  .object({
    listen: z
      .object({
        host: z.string().default("127.0.0.1"),
        port: port.default(8080),
        path: z.string().startsWith("/").default("/mcp"),
      })
      .strict()
      .default({ host: "127.0.0.1", port: 8080, path: "/mcp" }),
    /** The URL clients use to reach the gateway (its origin is allowed, and it names the resource). */
    public_url: z.url().optional(),
    /** `sqlite:<path>` (default `sqlite:.bastion/bastion.db`) or `memory`. */
    store: z
      .string()
      .regex(/^(sqlite:.+|memory)$/, "`sqlite:<path>` or `memory`")
      .default("sqlite:.bastion/bastion.db"),
    servers: z
      .record(serverName, serverSchema)
      .refine((s) => Object.keys(s).length > 0, "at least one server is needed"),
    /** Extra values accepted in Host and Origin headers (DNS rebinding protection). */
    allowed_hosts: z.array(z.string()).default([]),
    allowed_origins: z.array(z.string()).default([]),
    limits: z
      .object({
        max_body_bytes: z
          .number()
          .int()
          .positive()
          .default(4 * 1024 * 1024),
        request_timeout_ms: z.number().int().positive().default(60_000),
        connect_timeout_ms: z.number().int().positive().default(30_000),
        max_sessions: z.number().int().positive().default(100),
        session_idle_seconds: z.number().int().positive().default(1800),
      })
      .strict()
      .default({
        max_body_bytes: 4 * 1024 * 1024,
        request_timeout_ms: 60_000,
        connect_timeout_ms: 30_000,
        max_sessions: 100,
        session_idle_seconds: 1800,
      }),
    log: z
      .object({
        level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
      })
      .strict()
      .default({ level: "info" }),
    /** Who may connect: OAuth 2.1 bearer tokens, API keys, client certificates. */
    auth: authConfigSchema.optional(),
    /** Least-privilege policy: a path to a policy file (hot-reloaded) or the policy inline. */
    policy: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
    audit: auditConfigSchema.optional(),
    metrics: metricsConfigSchema.optional(),
    alerts: alertsConfigSchema.optional(),
    tracing: tracingConfigSchema.optional(),
    /** Traffic inspection: secrets and personal data both ways, injection in results, result size. */
    inspect: z
      .object({
        secrets: z
          .object({ requests: dataAction.default("redact"), responses: dataAction.default("redact") })
          .strict()
          .default({ requests: "redact", responses: "redact" }),
        pii: z
          .object({ requests: dataAction.default("off"), responses: dataAction.default("off") })
          .strict()
          .default({ requests: "off", responses: "off" }),
        injection: z
          .object({ responses: z.enum(["annotate", "block", "approve", "log", "off"]).default("annotate") })
          .strict()
          .default({ responses: "annotate" }),
        max_result_bytes: z.number().int().positive().default(1_048_576),
        /** Reviewed false positives: exact values, their SHA-256 digests, or patterns. */
        allowlist: z
          .object({
            values: z.array(z.string()).optional(),
            sha256: z.array(z.string()).optional(),
            patterns: z.array(z.string()).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({
        secrets: { requests: "redact", responses: "redact" },
        pii: { requests: "off", responses: "off" },
        injection: { responses: "annotate" },
        max_result_bytes: 1_048_576,
      }),
    /** Session taint ("lethal trifecta"): what happens to an egress call after untrusted and private data. */
    taint: taintConfigSchema,
    /** How often the running gateway re-checks its servers' packages for advisories (0: never). */
    advisories: z
      .object({ recheck_hours: z.number().min(0).default(24) })
      .strict()
      .default({ recheck_hours: 24 }),
    /** Who counts as an official publisher for trust tiers. */
    trust: z
      .object({
        scopes: z.array(z.string().startsWith("@")).default([]),
        publishers: z.array(z.string()).default([]),
      })
      .strict()
      .default({ scopes: [], publishers: [] }),
    /** A language model asked for a second opinion on doubtful definitions; off unless configured. */
    poisoning_judge: poisoningJudgeSchema.optional(),
    /** Pinning against rug pulls: `tofu` approves first sight, `strict` only what an operator approved. */
    pinning: z
      .object({ mode: z.enum(["tofu", "strict", "off"]).default("tofu") })
      .strict()
      .default({ mode: "tofu" }),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.auth && !c.public_url) {
      ctx.addIssue({
        code: "custom",
        path: ["public_url"],
        message: "is required with auth: it is the resource clients' tokens are for",
      });
    }
  });

export type Config = z.output<typeof configSchema>;
export type ServerConfig = z.output<typeof serverSchema>;
export type StdioServerConfig = z.output<typeof stdioServerSchema>;
export type HttpServerConfig = z.output<typeof httpServerSchema>;

export function isStdio(s: ServerConfig): s is StdioServerConfig {
  return "command" in s;
}
