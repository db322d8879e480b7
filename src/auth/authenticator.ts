import type { IncomingHttpHeaders } from "node:http";
import type { Store } from "../store/store.js";
import { JwtVerifier } from "./access-token.js";
import { ApiKeyVerifier } from "./api-key-verifier.js";
import { API_KEY_PREFIX, parseApiKey } from "./api-keys.js";
import { isAuthConfigured, type AuthConfig } from "./config.js";
import {
  CredentialRejected,
  IssuerUnavailable,
  credentialsRequired,
  insufficientScope,
  invalidRequest,
  invalidToken,
  lockedOut,
  temporarilyUnavailable,
  type AuthFailure,
  type ChallengeContext,
} from "./failure.js";
import { Introspector } from "./introspection.js";
import { Lockout, lockoutSource, type AuthAlert } from "./lockout.js";
import { parsePublicUrl, resourceMetadataUrl } from "./metadata.js";
import { principalFromCertificate, type PeerCertificateInfo } from "./mtls.js";
import type { Principal } from "./principal.js";

/** Longest `Authorization` header looked at; longer ones are refused before any parsing. */
export const MAX_AUTHORIZATION_BYTES = 8192;

/** Query parameters that would carry a credential in the URL (RFC 6750 §2.3 and common variants). */
const CREDENTIAL_QUERY_PARAMS = new Set([
  "access_token",
  "token",
  "id_token",
  "api_key",
  "apikey",
  "key",
  "bearer",
]);
/** RFC 6750 b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** What the HTTP front knows about one request. */
export interface AuthRequest {
  headers: IncomingHttpHeaders;
  remoteAddress: string;
  /** The request target as received (path and query), so a token in the URL can be refused. */
  url?: string;
  /** The client certificate, when the listener does mTLS (see `peerCertificateOf`). */
  peerCertificate?: PeerCertificateInfo;
}

export type AuthResult = { ok: true; principal: Principal } | AuthFailure;

export interface AuthenticatorOptions {
  store: Store;
  /** The gateway's public URL: the RFC 8707 resource identifier tokens must be issued for. */
  publicUrl: string;
  onAlert?: (alert: AuthAlert) => void;
  now?: () => number;
  /** Minimum seconds between two fetches of the issuer's key set (default 30). */
  jwksCooldownSeconds?: number;
}

/** The one call the HTTP front makes per request. */
export interface Authenticator {
  authenticate(request: AuthRequest): Promise<AuthResult>;
}

/**
 * Builds the authenticator for a validated `auth` config. Accepts JWT access tokens (and
 * opaque tokens through introspection), `bst_` API keys and verified client certificates,
 * counts failures toward lockout, and answers every refusal with the right challenge.
 * @throws when no authentication method is configured or the public URL is unusable.
 * @example
 * const auth = createAuthenticator(config.auth, { store, publicUrl: config.public_url });
 * const result = await auth.authenticate({ headers: req.headers, remoteAddress: req.socket.remoteAddress ?? "", url: req.url });
 */
export function createAuthenticator(config: AuthConfig, options: AuthenticatorOptions): Authenticator {
  if (!isAuthConfigured(config)) {
    throw new Error("no authentication method is configured (set auth.oauth, auth.api_keys or auth.mtls)");
  }
  parsePublicUrl(options.publicUrl);
  const now = options.now ?? Date.now;
  const oauth = config.oauth;
  const audience = oauth?.audience ?? options.publicUrl;
  const requiredScopes = oauth?.required_scopes ?? [];
  const challenge: ChallengeContext = {
    ...(oauth ? { resourceMetadataUrl: resourceMetadataUrl(options.publicUrl) } : {}),
    ...(requiredScopes.length ? { scope: requiredScopes.join(" ") } : {}),
  };
  const lockout = new Lockout(options.store, config.lockout, options.onAlert, now);
  const jwt = oauth
    ? new JwtVerifier(oauth, {
        audience,
        now,
        ...(options.jwksCooldownSeconds !== undefined
          ? { jwksCooldownMs: options.jwksCooldownSeconds * 1000 }
          : {}),
      })
    : undefined;
  const introspector = oauth?.introspection ? new Introspector(oauth, audience, now) : undefined;
  const apiKeys = config.api_keys ? new ApiKeyVerifier(options.store, now) : undefined;

  async function principalForToken(token: string): Promise<Principal> {
    if (token.startsWith(API_KEY_PREFIX)) {
      if (!apiKeys) throw new CredentialRejected("API keys are not accepted here.", "api keys are disabled");
      return apiKeys.verify(token);
    }
    if (!jwt) {
      throw new CredentialRejected("The access token is invalid.", "no authorization server is configured");
    }
    if (token.split(".").length === 3) return jwt.verify(token);
    if (introspector) return introspector.verify(token);
    throw new CredentialRejected(
      "The access token is invalid.",
      "not a JWT and introspection is not configured",
    );
  }

  async function refuse(
    source: string,
    keyPrefix: string | undefined,
    failure: AuthFailure,
  ): Promise<AuthFailure> {
    await lockout.recordFailure(source, keyPrefix);
    return failure;
  }

  async function authenticate(request: AuthRequest): Promise<AuthResult> {
    if (carriesCredentialInUrl(request.url)) {
      return invalidRequest(
        challenge,
        "Send the access token in the Authorization header, never in the URL.",
        "credential in the query string",
      );
    }
    const source = lockoutSource(request.remoteAddress);
    const header: unknown = request.headers.authorization;
    if (typeof header === "string" && header.length > MAX_AUTHORIZATION_BYTES) {
      const failure = invalidRequest(
        challenge,
        "The Authorization header is too large.",
        `authorization header of ${header.length} bytes`,
        400,
      );
      return refuse(source, undefined, failure);
    }
    const lockedSeconds = await lockout.addressLockedFor(source);
    if (lockedSeconds !== undefined) return lockedOut(lockedSeconds, `source ${source} is locked out`);

    if (header === undefined || header === "") {
      if (config.mtls && request.peerCertificate?.authorized) {
        return certificateResult(request.peerCertificate);
      }
      return credentialsRequired(challenge, "no credentials");
    }
    const token = typeof header === "string" ? BEARER.exec(header)?.[1] : undefined;
    if (token === undefined) {
      const failure = invalidRequest(
        challenge,
        "Send credentials as Authorization: Bearer <token>.",
        "not a bearer credential",
      );
      return refuse(source, undefined, failure);
    }
    const keyPrefix = parseApiKey(token)?.prefix;
    if (keyPrefix !== undefined) {
      const keyLockedSeconds = await lockout.keyLockedFor(keyPrefix);
      if (keyLockedSeconds !== undefined) {
        return lockedOut(keyLockedSeconds, `key ${keyPrefix} is locked out`);
      }
    }

    let principal: Principal;
    try {
      principal = await principalForToken(token);
    } catch (error) {
      if (error instanceof CredentialRejected) {
        return refuse(source, keyPrefix, invalidToken(challenge, error.publicMessage, error.detail));
      }
      throw error;
    }
    if (principal.method === "oauth") {
      const missing = requiredScopes.filter((scope) => !principal.scopes.includes(scope));
      if (missing.length) {
        return insufficientScope(
          challenge,
          requiredScopes,
          `${principal.subject} lacks scope ${missing.join(" ")}`,
        );
      }
    }
    return { ok: true, principal };
  }

  function certificateResult(certificate: PeerCertificateInfo): AuthResult {
    try {
      return { ok: true, principal: principalFromCertificate(certificate) };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return credentialsRequired(challenge, `client certificate refused: ${detail}`);
    }
  }

  return {
    async authenticate(request) {
      try {
        return await authenticate(request);
      } catch (error) {
        // Anything unexpected (issuer or store unreachable) refuses the request: fail closed.
        const detail = error instanceof Error ? error.message : String(error);
        return temporarilyUnavailable(
          error instanceof IssuerUnavailable ? detail : `authentication error: ${detail}`,
        );
      }
    },
  };
}

/** Whether the request URL carries something that looks like a credential. */
function carriesCredentialInUrl(url: string | undefined): boolean {
  const queryStart = url?.indexOf("?") ?? -1;
  if (url === undefined || queryStart === -1) return false;
  for (const [name, value] of new URLSearchParams(url.slice(queryStart + 1))) {
    if (CREDENTIAL_QUERY_PARAMS.has(name.toLowerCase())) return true;
    if (value.startsWith(API_KEY_PREFIX) || /^eyJ[\w-]*\.[\w-]*\./.test(value)) return true;
  }
  return false;
}
