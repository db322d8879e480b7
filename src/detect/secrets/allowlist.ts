import { createHash } from "node:crypto";

/**
 * How a user tells Bastion that a detected value is not a secret (see README.md).
 * Entries are checked against the matched secret value only, never the surrounding text.
 */
export interface SecretAllowlist {
  /** Exact values to ignore. Prefer `sha256` so the allowlist itself holds no credential. */
  values?: readonly string[];
  /** Hex SHA-256 digests of values to ignore (`printf %s 'value' | sha256sum`). */
  sha256?: readonly string[];
  /** Regular expressions (JavaScript syntax); a value any of them matches is ignored. */
  patterns?: readonly string[];
}

/** An allowlist checked once and ready to apply; build it with {@link compileAllowlist}. */
export interface CompiledAllowlist {
  readonly values: ReadonlySet<string>;
  readonly sha256: ReadonlySet<string>;
  readonly patterns: readonly RegExp[];
}

/** Raised when an allowlist entry cannot be used; the message names the entry. */
export class AllowlistError extends Error {
  override readonly name = "AllowlistError";
}

/**
 * Validates and compiles an allowlist. Throws {@link AllowlistError} for a digest that is not
 * 64 hex characters or a pattern that is not a valid regular expression, so a typo fails at
 * load time instead of silently allowing nothing.
 *
 * @example compileAllowlist({ patterns: ["^AKIA[A-Z2-7]{12}TEST$"] })
 */
export function compileAllowlist(allowlist: SecretAllowlist): CompiledAllowlist {
  const sha256 = new Set<string>();
  for (const [index, digest] of (allowlist.sha256 ?? []).entries()) {
    if (typeof digest !== "string" || !/^[0-9a-fA-F]{64}$/.test(digest)) {
      throw new AllowlistError(`allowlist sha256[${index}] is not a 64-character hex SHA-256 digest`);
    }
    sha256.add(digest.toLowerCase());
  }
  const patterns = (allowlist.patterns ?? []).map((source, index) => {
    if (typeof source !== "string" || source.length === 0) {
      throw new AllowlistError(`allowlist patterns[${index}] must be a non-empty string`);
    }
    try {
      return new RegExp(source, "u");
    } catch (error) {
      throw new AllowlistError(
        `allowlist patterns[${index}] is not a valid regular expression: ${String(error)}`,
      );
    }
  });
  const values = new Set<string>();
  for (const [index, value] of (allowlist.values ?? []).entries()) {
    if (typeof value !== "string" || value.length === 0) {
      throw new AllowlistError(`allowlist values[${index}] must be a non-empty string`);
    }
    values.add(value);
  }
  return { values, sha256, patterns };
}

/** Whether a detected value is allowlisted. */
export function isAllowlisted(value: string, allowlist: CompiledAllowlist): boolean {
  if (allowlist.values.has(value)) return true;
  if (allowlist.patterns.some((pattern) => pattern.test(value))) return true;
  return allowlist.sha256.size > 0 && allowlist.sha256.has(createHash("sha256").update(value).digest("hex"));
}
