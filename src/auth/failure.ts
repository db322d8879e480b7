/**
 * The HTTP answer to a request that did not authenticate. The front sends `status`, `headers`
 * and `body` as they are; `reason` is the private detail for the audit log, never sent.
 */
export interface AuthFailure {
  ok: false;
  status: 400 | 401 | 403 | 429 | 503;
  headers: Record<string, string>;
  body: string;
  reason: string;
}

/** What every Bearer challenge of one gateway repeats. */
export interface ChallengeContext {
  /** RFC 9728 metadata URL; only present when an authorization server is configured. */
  resourceMetadataUrl?: string;
  /** Scopes a token needs here (space-separated), as guidance for the client. */
  scope?: string;
}

/** A credential that was presented and refused: bad signature, expired, unknown key... */
export class CredentialRejected extends Error {
  constructor(
    /** Safe to show the client. */
    readonly publicMessage: string,
    /** For the audit log only. */
    readonly detail: string,
  ) {
    super(detail);
    this.name = "CredentialRejected";
  }
}

/** The identity provider could not be reached and no keys are cached: not the client's fault. */
export class IssuerUnavailable extends Error {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(detail, options);
    this.name = "IssuerUnavailable";
  }
}

/** A `WWW-Authenticate: Bearer …` value; parameters left undefined are omitted. */
export function bearerChallenge(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${typeof value === "number" ? value : quote(value)}`);
  return parts.length ? `Bearer ${parts.join(", ")}` : "Bearer";
}

function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, "\\$&").replace(/[\r\n]/g, " ")}"`;
}

function jsonHeaders(extra: Record<string, string>): Record<string, string> {
  return { "content-type": "application/json", "cache-control": "no-store", ...extra };
}

function errorBody(error: string, description: string): string {
  return JSON.stringify({ error, error_description: description });
}

/** 401 for a request with no credentials: a plain challenge, no error code (RFC 6750 §3.1). */
export function credentialsRequired(ctx: ChallengeContext, reason: string): AuthFailure {
  const challenge = bearerChallenge({ resource_metadata: ctx.resourceMetadataUrl, scope: ctx.scope });
  return {
    ok: false,
    status: 401,
    headers: jsonHeaders({ "www-authenticate": challenge }),
    body: errorBody("unauthorized", "Authentication is required."),
    reason,
  };
}

/** 401 for a credential that was presented but is not acceptable. */
export function invalidToken(ctx: ChallengeContext, description: string, reason: string): AuthFailure {
  const challenge = bearerChallenge({
    resource_metadata: ctx.resourceMetadataUrl,
    scope: ctx.scope,
    error: "invalid_token",
    error_description: description,
  });
  return {
    ok: false,
    status: 401,
    headers: jsonHeaders({ "www-authenticate": challenge }),
    body: errorBody("invalid_token", description),
    reason,
  };
}

/** 401 for a request that sends its credential the wrong way (for example in the URL). */
export function invalidRequest(
  ctx: ChallengeContext,
  description: string,
  reason: string,
  status: 400 | 401 = 401,
): AuthFailure {
  const challenge = bearerChallenge({
    resource_metadata: ctx.resourceMetadataUrl,
    error: "invalid_request",
    error_description: description,
  });
  return {
    ok: false,
    status,
    headers: jsonHeaders({ "www-authenticate": challenge }),
    body: errorBody("invalid_request", description),
    reason,
  };
}

/** 403 for a valid token without the scopes this resource needs (step-up, RFC 6750 §3.1). */
export function insufficientScope(ctx: ChallengeContext, needed: string[], reason: string): AuthFailure {
  const description = `The access token lacks the required scope: ${needed.join(" ")}`;
  const challenge = bearerChallenge({
    error: "insufficient_scope",
    scope: needed.join(" "),
    resource_metadata: ctx.resourceMetadataUrl,
    error_description: description,
  });
  return {
    ok: false,
    status: 403,
    headers: jsonHeaders({ "www-authenticate": challenge }),
    body: errorBody("insufficient_scope", description),
    reason,
  };
}

/** 429 for a source or key locked out after repeated failures. */
export function lockedOut(retryAfterSeconds: number, reason: string): AuthFailure {
  return {
    ok: false,
    status: 429,
    headers: jsonHeaders({ "retry-after": String(retryAfterSeconds) }),
    body: errorBody("too_many_failures", "Too many failed authentication attempts; try again later."),
    reason,
  };
}

/** 503 when credentials cannot be checked right now (identity provider or store unreachable). */
export function temporarilyUnavailable(reason: string): AuthFailure {
  return {
    ok: false,
    status: 503,
    headers: jsonHeaders({ "retry-after": "5" }),
    body: errorBody("temporarily_unavailable", "Credentials cannot be checked right now; try again shortly."),
    reason,
  };
}
