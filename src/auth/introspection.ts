import { copyPrincipal } from "./access-token.js";
import { principalFromClaims } from "./claims.js";
import type { OAuthConfig } from "./config.js";
import { fetchJson, isJsonObject } from "./fetch-json.js";
import { CredentialRejected, IssuerUnavailable } from "./failure.js";
import type { Principal } from "./principal.js";
import { VerdictCache } from "./verdict-cache.js";

/** An active token's verdict is reused this long at most, so a revoked token stops working soon. */
const VERDICT_TTL_MS = 60_000;

/**
 * RFC 7662 token introspection for opaque (non-JWT) access tokens. The answer must say the
 * token is active, name our issuer if it names one, and list this resource in `aud`.
 */
export class Introspector {
  private readonly verdicts: VerdictCache<Principal>;
  private readonly endpoint: string;
  private readonly authorization: string;

  constructor(
    private readonly oauth: OAuthConfig,
    private readonly audience: string,
    private readonly now: () => number = Date.now,
  ) {
    if (!oauth.introspection) throw new Error("auth.oauth.introspection is not configured");
    const { endpoint, client_id, client_secret } = oauth.introspection;
    this.endpoint = endpoint;
    // RFC 6749 §2.3.1: both parts are form-encoded before Basic encoding.
    const pair = `${encodeURIComponent(client_id)}:${encodeURIComponent(client_secret)}`;
    this.authorization = `Basic ${Buffer.from(pair).toString("base64")}`;
    this.verdicts = new VerdictCache(10_000, now);
  }

  /**
   * The principal an opaque token stands for.
   * @throws CredentialRejected when the token is inactive or not for us; IssuerUnavailable when the endpoint fails.
   */
  async verify(token: string): Promise<Principal> {
    const key = VerdictCache.keyOf(token);
    const cached = this.verdicts.get(key);
    if (cached) return copyPrincipal(cached);
    const claims = await this.ask(token);
    const now = this.now();
    this.check(claims, now);
    const principal = principalFromClaims(claims, this.oauth);
    const expiresAtMs = typeof claims.exp === "number" ? claims.exp * 1000 : Number.POSITIVE_INFINITY;
    this.verdicts.set(key, principal, Math.min(expiresAtMs, now + VERDICT_TTL_MS));
    return copyPrincipal(principal);
  }

  private async ask(token: string): Promise<Record<string, unknown>> {
    let answer: { status: number; json?: unknown };
    try {
      answer = await fetchJson(this.endpoint, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: this.authorization },
        body: new URLSearchParams({ token, token_type_hint: "access_token" }).toString(),
      });
    } catch (error) {
      throw new IssuerUnavailable(
        `introspection failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (answer.status !== 200 || !isJsonObject(answer.json)) {
      throw new IssuerUnavailable(
        `introspection endpoint answered HTTP ${answer.status} without a usable document`,
      );
    }
    return answer.json;
  }

  private check(claims: Record<string, unknown>, now: number): void {
    const skewMs = this.oauth.clock_skew_seconds * 1000;
    if (claims.active !== true)
      throw new CredentialRejected("The access token is not active.", "introspection: inactive");
    if (claims.iss !== undefined && claims.iss !== this.oauth.issuer) {
      throw new CredentialRejected(
        "The access token comes from an unknown issuer.",
        `introspection: iss ${String(claims.iss)}`,
      );
    }
    const audiences =
      typeof claims.aud === "string" ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
    if (!audiences.includes(this.audience)) {
      throw new CredentialRejected(
        "The access token was not issued for this resource.",
        "introspection: aud mismatch",
      );
    }
    if (typeof claims.exp === "number" && claims.exp * 1000 + skewMs <= now) {
      throw new CredentialRejected("The access token expired.", "introspection: exp passed");
    }
    if (typeof claims.nbf === "number" && claims.nbf * 1000 - skewMs > now) {
      throw new CredentialRejected("The access token is not valid yet.", "introspection: nbf in the future");
    }
  }
}
