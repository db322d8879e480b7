/**
 * The one identity object every guard sees. Built by the authentication layer from a token,
 * an API key, a client certificate, or (on a loopback listener with no auth) the local user.
 */
export interface Principal {
  /** Stable subject: JWT `sub`, `key:<name>` for API keys, the certificate subject, or `local`. */
  subject: string;
  displayName?: string;
  groups: string[];
  roles: string[];
  scopes: string[];
  clientId?: string;
  /** Name of the API key used, when `method` is `api_key`. */
  keyName?: string;
  method: "local" | "oauth" | "api_key" | "mtls" | "stdio";
  /** Whether multi-factor authentication was used (from `amr`, or an `acr` value the config names). */
  mfa: boolean;
}

/** The principal of an unauthenticated loopback listener or of `bastion wrap`. */
export function localPrincipal(method: "local" | "stdio" = "local"): Principal {
  return { subject: "local", groups: [], roles: [], scopes: [], method, mfa: false };
}
