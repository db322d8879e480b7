import { errors, jwtVerify } from "jose";
import { principalFromClaims } from "./claims.js";
import type { OAuthConfig } from "./config.js";
import { CredentialRejected } from "./failure.js";
import { IssuerKeys } from "./issuer-keys.js";
import type { Principal } from "./principal.js";
import { VerdictCache } from "./verdict-cache.js";

/** How long a verified token's verdict is reused at most: also how long a withdrawn key can linger. */
const VERDICT_TTL_MS = 5 * 60_000;
const VERDICT_CACHE_ENTRIES = 10_000;

interface Verdict {
  principal: Principal;
  expiresAtMs: number;
  notBeforeMs: number;
}

export interface JwtVerifierOptions {
  /** The `aud` a token must carry: the gateway's resource URI unless the config names another. */
  audience: string;
  now?: () => number;
  /** Minimum time between two key set fetches (default 30 s). */
  jwksCooldownMs?: number;
}

/**
 * Verifies JWT access tokens: signature against the issuer's published keys, algorithm from the
 * configured allow-list, `iss`, `aud`, `exp` (required) and `nbf` with the configured skew.
 * A verified token's verdict is reused until it expires (at most five minutes), so a client
 * repeating its token pays for the signature once; the verdict is dropped when the keys change.
 */
export class JwtVerifier {
  private readonly verdicts: VerdictCache<Verdict>;
  private readonly keys: IssuerKeys;
  private readonly now: () => number;
  private readonly skewMs: number;

  constructor(
    private readonly oauth: OAuthConfig,
    private readonly options: JwtVerifierOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.skewMs = oauth.clock_skew_seconds * 1000;
    this.verdicts = new VerdictCache(VERDICT_CACHE_ENTRIES, this.now);
    this.keys = new IssuerKeys({
      issuer: oauth.issuer,
      jwksUri: oauth.jwks_uri,
      cooldownMs: options.jwksCooldownMs,
      onChange: () => this.verdicts.clear(),
      now: this.now,
    });
  }

  /**
   * The principal a token stands for.
   * @throws CredentialRejected for any token that is not acceptable; IssuerUnavailable when keys cannot be loaded.
   */
  async verify(token: string): Promise<Principal> {
    const key = VerdictCache.keyOf(token);
    const cached = this.verdicts.get(key);
    const now = this.now();
    if (cached) {
      if (now < cached.notBeforeMs)
        throw new CredentialRejected("The access token is not valid yet.", "nbf in the future");
      return copyPrincipal(cached.principal);
    }
    const payload = await this.verifySignatureAndClaims(token, now);
    const principal = principalFromClaims(payload, this.oauth);
    const expiresAtMs = Number(payload.exp) * 1000 + this.skewMs;
    const notBeforeMs = typeof payload.nbf === "number" ? payload.nbf * 1000 - this.skewMs : 0;
    this.verdicts.set(
      key,
      { principal, expiresAtMs, notBeforeMs },
      Math.min(expiresAtMs, now + VERDICT_TTL_MS),
    );
    return copyPrincipal(principal);
  }

  private async verifySignatureAndClaims(token: string, now: number): Promise<Record<string, unknown>> {
    try {
      const { payload } = await jwtVerify(token, this.keys.getKey, {
        issuer: this.oauth.issuer,
        audience: this.options.audience,
        algorithms: this.oauth.algorithms,
        clockTolerance: this.oauth.clock_skew_seconds,
        requiredClaims: ["exp"],
        currentDate: new Date(now),
      });
      return payload;
    } catch (error) {
      throw rejection(error);
    }
  }
}

/** Maps a jose error to what the client may be told, keeping the exact cause for the audit log. */
function rejection(error: unknown): unknown {
  if (!(error instanceof errors.JOSEError)) return error;
  const detail = `${error.code}: ${error.message}`;
  if (error instanceof errors.JWTExpired) return new CredentialRejected("The access token expired.", detail);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "nbf") return new CredentialRejected("The access token is not valid yet.", detail);
    if (error.claim === "aud") {
      return new CredentialRejected("The access token was not issued for this resource.", detail);
    }
    if (error.claim === "iss")
      return new CredentialRejected("The access token comes from an unknown issuer.", detail);
  }
  return new CredentialRejected("The access token is invalid.", detail);
}

/** A copy the caller may change without touching the cached verdict. */
export function copyPrincipal(principal: Principal): Principal {
  return {
    ...principal,
    groups: [...principal.groups],
    roles: [...principal.roles],
    scopes: [...principal.scopes],
  };
}
