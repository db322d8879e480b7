import { z } from "zod";
import { loadCheckpointKeys } from "./checkpoint.js";
import type { AuditLogOptions } from "./log.js";

/**
 * The `audit:` section of bastion.yaml.
 *
 * @example
 * audit: { file: .bastion/audit.jsonl, arguments: redacted, checkpoint: { key_file: audit-ed25519.pem, every: 1000 } }
 */
export const auditConfigSchema = z
  .object({
    /** JSON-lines copy of every record. */
    file: z.string().min(1).optional(),
    /** How call arguments are kept. `full` stores them verbatim, secrets included. */
    arguments: z.enum(["full", "redacted", "digest", "none"]).default("redacted"),
    /** Also print records to stdout for container logs. */
    stdout: z.boolean().default(false),
    /** Refuse responses when the audit cannot be written. */
    fail_closed: z.boolean().default(true),
    /** Signed checkpoints of the chain head (Ed25519 PEM keys). */
    checkpoint: z
      .object({
        /** Private key the gateway signs with. */
        key_file: z.string().min(1).optional(),
        /** Public key a verifier without the private key checks with. */
        public_key_file: z.string().min(1).optional(),
        /** Records between checkpoints. */
        every: z.number().int().positive().default(1000),
      })
      .strict()
      .refine((c) => c.key_file !== undefined || c.public_key_file !== undefined, {
        message: "audit.checkpoint needs key_file or public_key_file",
      })
      .optional(),
  })
  .strict();

export type AuditConfig = z.infer<typeof auditConfigSchema>;

/**
 * The `createAuditLog` options a parsed `audit:` section asks for, with the checkpoint key read
 * from its file. The caller adds what config cannot hold: the store and the failure hook.
 *
 * @example
 * const audit = createAuditLog({ ...auditLogOptionsFromConfig(config.audit), store, onWriteFailure });
 */
export function auditLogOptionsFromConfig(config: AuditConfig): Omit<AuditLogOptions, "store"> {
  const options: Omit<AuditLogOptions, "store"> = {
    arguments: config.arguments,
    failClosed: config.fail_closed,
    stdout: config.stdout,
  };
  if (config.file) options.file = config.file;
  if (config.checkpoint?.key_file) {
    const { privateKey } = loadCheckpointKeys(config.checkpoint);
    if (privateKey) options.checkpoint = { privateKey, every: config.checkpoint.every };
  }
  return options;
}
