/**
 * Authentication for the HTTP front: who is calling, as a {@link Principal}. The front calls
 * `createAuthenticator(...).authenticate(request)` once per request and serves
 * `metadataResponse(...)` at the well-known paths; the CLI's `keys` commands use the
 * `keys*Command` functions.
 */
export { authConfigSchema, isAuthConfigured, ASYMMETRIC_ALGORITHMS } from "./config.js";
export type { AuthConfig, OAuthConfig, MtlsConfig, LockoutConfig } from "./config.js";
export { createAuthenticator, MAX_AUTHORIZATION_BYTES } from "./authenticator.js";
export type { Authenticator, AuthenticatorOptions, AuthRequest, AuthResult } from "./authenticator.js";
export type { AuthFailure } from "./failure.js";
export type { AuthAlert, LockoutAlert } from "./lockout.js";
export {
  metadataResponse,
  protectedResourceMetadata,
  protectedResourceMetadataPaths,
  resourceMetadataUrl,
  parsePublicUrl,
} from "./metadata.js";
export type { ProtectedResourceMetadata } from "./metadata.js";
export {
  createApiKey,
  listApiKeys,
  revokeApiKey,
  API_KEY_PREFIX,
  DEFAULT_API_KEY_LIFETIME,
} from "./api-keys.js";
export type { ApiKeyInfo, CreateApiKeyOptions } from "./api-keys.js";
export { keysCreateCommand, keysListCommand, keysRevokeCommand } from "./keys-commands.js";
export type { CommandOutput } from "./keys-commands.js";
export { parseDuration } from "./duration.js";
export { needsMfa, mfaChallenge } from "./mfa.js";
export { mtlsServerOptions, peerCertificateOf, principalFromCertificate } from "./mtls.js";
export type { PeerCertificateInfo } from "./mtls.js";
export {
  stripClientCredentials,
  staticHeadersProvider,
  upstreamRequestHeaders,
} from "./upstream-credentials.js";
export type { UpstreamCredentialProvider, UpstreamCredentialContext } from "./upstream-credentials.js";
export { assertListenAllowed, ALLOW_UNAUTHENTICATED_REMOTE_FLAG } from "./listen.js";
export { isLoopbackHost } from "./loopback.js";
export { localPrincipal } from "./principal.js";
export type { Principal } from "./principal.js";
