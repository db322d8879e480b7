import { z } from "zod";
import { isLoopbackHost } from "./loopback.js";

/**
 * Signature algorithms a token may use. Only asymmetric ones: `none` would accept unsigned
 * tokens, and an HMAC algorithm would let anyone holding the public key mint tokens.
 */
export const ASYMMETRIC_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
] as const;

/** `amr` values (RFC 8176) that show more than a password was used. */
export const DEFAULT_MFA_AMR_VALUES = ["mfa", "mca", "otp", "hwk", "swk", "sc", "sms", "fpt", "face", "iris"];

/** An OAuth scope token (RFC 6749 §3.3): printable ASCII without space, quote or backslash. */
const scopeToken = z
  .string()
  .regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, "a scope is printable ASCII without spaces, quotes or backslashes");

/** An https URL, or http for a loopback host (a local identity provider during development). */
const secureUrl = z.url().superRefine((value, ctx) => {
  const url = new URL(value);
  const loopbackHttp = url.protocol === "http:" && isLoopbackHost(url.hostname);
  if (url.protocol !== "https:" && !loopbackHttp) {
    ctx.addIssue({
      code: "custom",
      message: "must be an https URL (http is allowed only for a loopback host)",
    });
  }
  if (url.hash !== "") ctx.addIssue({ code: "custom", message: "must not contain a fragment" });
});

const algorithm = z.enum(ASYMMETRIC_ALGORITHMS, {
  error: `only asymmetric algorithms are allowed (${ASYMMETRIC_ALGORITHMS.join(", ")}); none and HS* are refused`,
});

/** Where the principal's name, groups and roles are read from; a dotted path reaches nested claims. */
const claimNamesSchema = z.strictObject({
  name: z.string().min(1).default("name"),
  groups: z.string().min(1).default("groups"),
  roles: z.string().min(1).default("roles"),
});

const introspectionSchema = z.strictObject({
  endpoint: secureUrl,
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
});

const oauthSchema = z.strictObject({
  issuer: secureUrl,
  /** The `aud` a token must carry; the gateway's public URL when omitted (RFC 8707). */
  audience: z.string().min(1).optional(),
  required_scopes: z.array(scopeToken).default([]),
  algorithms: z.array(algorithm).min(1).default(["RS256", "ES256", "PS256", "EdDSA"]),
  /** Skips discovery from the issuer's metadata. */
  jwks_uri: secureUrl.optional(),
  clock_skew_seconds: z.int().min(0).max(300).default(30),
  /** `acr` values that count as multi-factor; also sent as `acr_values` in a step-up challenge. */
  mfa_acr_values: z
    .array(
      z
        .string()
        .min(1)
        .regex(/^[^\s"\\]+$/, "an acr value has no spaces or quotes"),
    )
    .optional(),
  mfa_amr_values: z.array(z.string().min(1)).default(DEFAULT_MFA_AMR_VALUES),
  claims: claimNamesSchema.prefault({}),
  /** RFC 7662 introspection, used for tokens that are not JWTs. */
  introspection: introspectionSchema.optional(),
});

const lockoutSchema = z.strictObject({
  max_failures: z.int().min(1).max(100_000).default(10),
  window_seconds: z.int().min(1).max(86_400).default(60),
  lock_seconds: z.int().min(1).max(86_400).default(300),
});

const mfaSchema = z.strictObject({
  /** Upstream servers every call to which needs multi-factor authentication. */
  servers: z.array(z.string().min(1)).default([]),
  /** Tools needing it: `tool` on any server, or `server/tool`. */
  tools: z.array(z.string().min(1)).default([]),
  /** Sent as `max_age` in the challenge: how recent the user's authentication must be. */
  max_age_seconds: z.int().min(0).optional(),
});

const mtlsSchema = z.strictObject({
  cert_file: z.string().min(1),
  key_file: z.string().min(1),
  /** CA bundle that client certificates must chain to. */
  client_ca_file: z.string().min(1),
  /** When false the handshake also admits clients without a certificate (they need another method). */
  require_client_cert: z.boolean().default(true),
});

/** The `auth` section of the configuration. Unknown keys are refused at every level. */
export const authConfigSchema = z
  .strictObject({
    oauth: oauthSchema.optional(),
    api_keys: z.boolean().default(false),
    lockout: lockoutSchema.prefault({}),
    mfa: mfaSchema.optional(),
    mtls: mtlsSchema.optional(),
  })
  .superRefine((auth, ctx) => {
    const mfaRules = (auth.mfa?.servers.length ?? 0) + (auth.mfa?.tools.length ?? 0);
    if (mfaRules > 0 && !auth.oauth) {
      ctx.addIssue({
        code: "custom",
        path: ["mfa"],
        message:
          "needs auth.oauth: only a token from an identity provider can show multi-factor authentication",
      });
    }
  });

export type AuthConfig = z.output<typeof authConfigSchema>;
export type OAuthConfig = NonNullable<AuthConfig["oauth"]>;
export type MtlsConfig = NonNullable<AuthConfig["mtls"]>;
export type LockoutConfig = AuthConfig["lockout"];

/** Whether any way of proving identity is configured (otherwise only loopback listeners are allowed). */
export function isAuthConfigured(config: AuthConfig | undefined): boolean {
  return config !== undefined && (config.oauth !== undefined || config.api_keys || config.mtls !== undefined);
}
