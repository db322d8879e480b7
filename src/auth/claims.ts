import type { OAuthConfig } from "./config.js";
import { CredentialRejected } from "./failure.js";
import type { Principal } from "./principal.js";

/**
 * Builds the principal from verified token claims (a JWT payload or an introspection answer).
 * Scopes come from `scope` (space-separated) or `scp`; the client from `client_id` or `azp`;
 * multi-factor from an `amr` value or an `acr` value the config names.
 * @throws CredentialRejected when the token names no subject.
 */
export function principalFromClaims(claims: Record<string, unknown>, oauth: OAuthConfig): Principal {
  const subject = claims.sub;
  if (typeof subject !== "string" || subject === "") {
    throw new CredentialRejected("The access token names no subject.", "token has no sub claim");
  }
  const principal: Principal = {
    subject,
    groups: stringList(readPath(claims, oauth.claims.groups), false),
    roles: stringList(readPath(claims, oauth.claims.roles), false),
    scopes: scopesOf(claims),
    method: "oauth",
    mfa: usedMfa(claims, oauth),
  };
  const displayName = firstString(
    readPath(claims, oauth.claims.name),
    claims.preferred_username,
    claims.email,
  );
  if (displayName !== undefined) principal.displayName = displayName;
  const clientId = firstString(claims.client_id, claims.azp);
  if (clientId !== undefined) principal.clientId = clientId;
  return principal;
}

/** Scopes granted by a token: `scope` (RFC 8693/9068, space-separated) or `scp` (list or string). */
export function scopesOf(claims: Record<string, unknown>): string[] {
  return stringList(claims.scope ?? claims.scp, true);
}

function usedMfa(claims: Record<string, unknown>, oauth: OAuthConfig): boolean {
  const amr = stringList(claims.amr, false);
  if (amr.some((method) => oauth.mfa_amr_values.includes(method))) return true;
  return typeof claims.acr === "string" && (oauth.mfa_acr_values ?? []).includes(claims.acr);
}

/** Reads a claim by name, or by a dotted path for nested claims (`realm_access.roles`). */
function readPath(claims: Record<string, unknown>, path: string): unknown {
  if (path in claims) return claims[path];
  let value: unknown = claims;
  for (const part of path.split(".")) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A list claim as strings: an array keeps its string items; a string is one item, or split on spaces. */
function stringList(value: unknown, spaceSeparated: boolean): string[] {
  if (typeof value === "string") {
    return spaceSeparated ? value.split(" ").filter((item) => item !== "") : value === "" ? [] : [value];
  }
  if (Array.isArray(value))
    return value.filter((item): item is string => typeof item === "string" && item !== "");
  return [];
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === "string" && value !== "");
}
