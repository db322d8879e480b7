import type { AuthConfig } from "./config.js";

const WELL_KNOWN = "/.well-known/oauth-protected-resource";

/** RFC 9728 protected resource metadata, as served to clients. */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  scopes_supported?: string[];
  bearer_methods_supported: ["header"];
  resource_name: string;
}

/**
 * Checks the gateway's public URL (the resource identifier of RFC 8707) and returns it parsed.
 * @throws when it is not an absolute http(s) URL, or carries a query or fragment.
 */
export function parsePublicUrl(publicUrl: string): URL {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new Error(
      `public_url "${publicUrl}" is not an absolute URL (for example https://gateway.example.com/mcp)`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`public_url "${publicUrl}" must use https (or http for local use)`);
  }
  if (url.search !== "" || url.hash !== "") {
    throw new Error(`public_url "${publicUrl}" must not contain a query or fragment`);
  }
  return url;
}

/**
 * The paths the metadata document is served at: the form suffixed with the MCP endpoint's path
 * (which clients try first) and the root form.
 * @example protectedResourceMetadataPaths("https://gw.example.com/mcp")
 * // ["/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"]
 */
export function protectedResourceMetadataPaths(publicUrl: string): string[] {
  const path = parsePublicUrl(publicUrl).pathname.replace(/\/+$/, "");
  return path === "" ? [WELL_KNOWN] : [`${WELL_KNOWN}${path}`, WELL_KNOWN];
}

/** The absolute URL of the metadata document, as named in `WWW-Authenticate: resource_metadata`. */
export function resourceMetadataUrl(publicUrl: string): string {
  const [first] = protectedResourceMetadataPaths(publicUrl);
  return `${parsePublicUrl(publicUrl).origin}${first}`;
}

/**
 * The RFC 9728 document for this gateway, or undefined when no authorization server is
 * configured (API keys and client certificates are not discovered through it).
 */
export function protectedResourceMetadata(
  publicUrl: string,
  config: AuthConfig | undefined,
): ProtectedResourceMetadata | undefined {
  parsePublicUrl(publicUrl);
  if (!config?.oauth) return undefined;
  const scopes = config.oauth.required_scopes;
  return {
    resource: publicUrl,
    authorization_servers: [config.oauth.issuer],
    ...(scopes.length ? { scopes_supported: [...scopes] } : {}),
    bearer_methods_supported: ["header"],
    resource_name: "Bastion MCP gateway",
  };
}

/**
 * The response for a GET of `pathname` when it is one of the metadata paths, else undefined.
 * The document is public, so any origin may read it (browser-based MCP clients fetch it).
 */
export function metadataResponse(
  pathname: string,
  publicUrl: string,
  config: AuthConfig | undefined,
): { status: 200; headers: Record<string, string>; body: string } | undefined {
  if (!protectedResourceMetadataPaths(publicUrl).includes(pathname)) return undefined;
  const document = protectedResourceMetadata(publicUrl, config);
  if (!document) return undefined;
  return {
    status: 200,
    headers: {
      "content-type": "application/json",
      "cache-control": "public, max-age=300",
      "access-control-allow-origin": "*",
    },
    body: JSON.stringify(document),
  };
}
