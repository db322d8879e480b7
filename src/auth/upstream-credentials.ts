import type { Principal } from "./principal.js";

/** Headers that carry a client's own credentials or session; none of them may reach an upstream. */
const CREDENTIAL_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "cookie2",
  "x-api-key",
  "x-auth-token",
  "x-access-token",
  "x-id-token",
  "mcp-session-id",
]);

/** Header names that look credential-bearing even when not on the list above. */
const CREDENTIAL_NAME = /auth|token|secret|password|api[-_]?key|cookie|session/i;

/** Header values that are credentials whatever header carries them: a bearer token, a JWT, a Bastion key. */
const CREDENTIAL_VALUE = /^\s*(bearer|basic)\s|^eyJ[\w-]*\.[\w-]*\.|bst_[0-9a-f]{12}_/i;

type HeaderBag = Record<string, string | string[] | number | undefined>;

/**
 * The headers of a client request that may be forwarded upstream: every credential removed
 * (Authorization, cookies, API-key and token headers, the client's MCP session id, and any
 * value that is itself a token). This is the only path from client headers to upstream headers;
 * upstream credentials are then added by an {@link UpstreamCredentialProvider}.
 * @example stripClientCredentials({ authorization: "Bearer x", accept: "text/event-stream" }) // { accept: "text/event-stream" }
 */
export function stripClientCredentials(headers: HeaderBag): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [rawName, rawValue] of Object.entries(headers)) {
    if (rawValue === undefined) continue;
    const name = rawName.toLowerCase();
    if (CREDENTIAL_HEADERS.has(name) || CREDENTIAL_NAME.test(name)) continue;
    const value = Array.isArray(rawValue) ? rawValue.join(", ") : String(rawValue);
    if (CREDENTIAL_VALUE.test(value)) continue;
    kept[name] = value;
  }
  return kept;
}

/** What a provider knows when choosing credentials for one upstream call. */
export interface UpstreamCredentialContext {
  /** Upstream server key from the config. */
  server: string;
  /** Who the call is made for. A token-exchange provider (RFC 8693) would trade on this identity. */
  principal: Principal;
}

/**
 * Supplies the credentials the gateway itself presents to an upstream. The client's token is
 * never among them: static headers from config today, and per-user token exchange (RFC 8693)
 * can be added as another implementation without touching callers.
 */
export interface UpstreamCredentialProvider {
  headersFor(context: UpstreamCredentialContext): Promise<Record<string, string>>;
}

/**
 * A provider returning fixed headers per upstream server (already resolved from `${env:…}` or
 * secret files by the config loader).
 */
export function staticHeadersProvider(
  headersByServer: Record<string, Record<string, string> | undefined>,
): UpstreamCredentialProvider {
  const frozen = new Map(
    Object.entries(headersByServer).map(([server, headers]) => [server, { ...(headers ?? {}) }] as const),
  );
  return {
    async headersFor({ server }) {
      return { ...(frozen.get(server) ?? {}) };
    },
  };
}

/**
 * The headers for one upstream request: the client's headers without credentials, then the
 * provider's credentials for that server.
 */
export async function upstreamRequestHeaders(
  clientHeaders: HeaderBag,
  provider: UpstreamCredentialProvider,
  context: UpstreamCredentialContext,
): Promise<Record<string, string>> {
  const own = await provider.headersFor(context);
  const lowered = Object.fromEntries(Object.entries(own).map(([name, value]) => [name.toLowerCase(), value]));
  return { ...stripClientCredentials(clientHeaders), ...lowered };
}
