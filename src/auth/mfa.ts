import type { AuthConfig } from "./config.js";
import { bearerChallenge, type AuthFailure } from "./failure.js";
import { resourceMetadataUrl } from "./metadata.js";

/**
 * Whether a call needs multi-factor authentication: the server is listed under `auth.mfa.servers`,
 * or the tool under `auth.mfa.tools` (as `tool` for any server, or `server/tool`).
 * @example needsMfa(config, "payments", "refund") // true for tools: ["payments/refund"]
 */
export function needsMfa(config: AuthConfig | undefined, server: string, tool?: string): boolean {
  const mfa = config?.mfa;
  if (!mfa) return false;
  if (mfa.servers.includes(server)) return true;
  return tool !== undefined && (mfa.tools.includes(tool) || mfa.tools.includes(`${server}/${tool}`));
}

/**
 * The RFC 9470 step-up challenge for a principal without multi-factor authentication: 401 with
 * `error="insufficient_user_authentication"` and the `acr_values`/`max_age` an OAuth client
 * should request in its next authorization. A principal from an API key or client certificate
 * cannot satisfy it; it tells the client what to obtain instead.
 */
export function mfaChallenge(config: AuthConfig, publicUrl: string): AuthFailure {
  const acrValues = config.oauth?.mfa_acr_values?.join(" ");
  const description = "Multi-factor authentication is required for this operation.";
  const challenge = bearerChallenge({
    error: "insufficient_user_authentication",
    error_description: description,
    acr_values: acrValues,
    max_age: config.mfa?.max_age_seconds,
    resource_metadata: config.oauth ? resourceMetadataUrl(publicUrl) : undefined,
  });
  return {
    ok: false,
    status: 401,
    headers: {
      "content-type": "application/json",
      "cache-control": "no-store",
      "www-authenticate": challenge,
    },
    body: JSON.stringify({ error: "insufficient_user_authentication", error_description: description }),
    reason: "multi-factor authentication required",
  };
}
