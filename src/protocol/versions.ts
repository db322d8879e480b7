/**
 * Protocol revisions the gateway speaks to clients. The session-based revisions use
 * `initialize` and `Mcp-Session-Id`; 2026-07-28 is stateless, with per-request `_meta`.
 */
export const STATELESS_VERSION = "2026-07-28";
export const SESSION_VERSIONS = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"] as const;
export const SUPPORTED_VERSIONS: readonly string[] = [STATELESS_VERSION, ...SESSION_VERSIONS];
export const LATEST_SESSION_VERSION = "2025-11-25";

/** `_meta` keys of the 2026-07-28 revision. */
export const META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
export const META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
export const META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";

export function isSessionVersion(v: string): boolean {
  return (SESSION_VERSIONS as readonly string[]).includes(v);
}
