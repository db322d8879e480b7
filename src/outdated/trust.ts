import { packageSpecOf, type LaunchCommand } from "./package-spec.js";

/**
 * How much a server is trusted by default: `reference` for the protocol project's own servers,
 * `official` for packages under scopes or from publishers the config trusts, `community` for
 * everything else.
 */
export type TrustTier = "reference" | "official" | "community";

/** The trust settings of the gateway config. */
export interface TrustPolicy {
  /** npm scopes whose packages are official, for example `["@cloudflare"]`. */
  trustedScopes?: readonly string[];
  /** npm user names whose packages are official. */
  trustedPublishers?: readonly string[];
  /** The publishers of this server's package, when the caller has looked them up. */
  publishers?: readonly string[];
}

/** A server as trust tiers see it: its launch and an optional tier set in the config. */
export interface TieredServer extends LaunchCommand {
  /** A tier the config gives explicitly; it wins over every inference. */
  tier?: TrustTier;
}

/** The npm scope of the Model Context Protocol project's reference servers. */
const REFERENCE_NPM_SCOPE = "@modelcontextprotocol";
/** The protocol project's reference servers published to PyPI. */
const REFERENCE_PYPI = new Set([
  "mcp-server-fetch",
  "mcp-server-git",
  "mcp-server-time",
  "mcp-server-sqlite",
]);

function normalizeScope(scope: string): string {
  const s = scope.trim().toLowerCase();
  return s.startsWith("@") ? s : `@${s}`;
}

/**
 * The trust tier of a server. Pure: package publishers must be supplied by the caller.
 *
 * @example
 * trustTierOf({ command: "npx", args: ["-y", "@modelcontextprotocol/server-memory"] }, {}); // "reference"
 * trustTierOf({ command: "npx", args: ["@acme/mcp"] }, { trustedScopes: ["@acme"] }); // "official"
 */
export function trustTierOf(server: TieredServer, policy: TrustPolicy = {}): TrustTier {
  if (server.tier) return server.tier;
  const spec = packageSpecOf(server);
  if (!spec) return "community";
  const name = spec.name.toLowerCase();
  if (spec.ecosystem === "npm" && name.startsWith(`${REFERENCE_NPM_SCOPE}/`)) return "reference";
  if (spec.ecosystem === "pypi" && REFERENCE_PYPI.has(name)) return "reference";
  if (spec.ecosystem === "npm" && name.startsWith("@")) {
    const scope = name.slice(0, name.indexOf("/"));
    if ((policy.trustedScopes ?? []).some((s) => normalizeScope(s) === scope)) return "official";
  }
  const trusted = new Set((policy.trustedPublishers ?? []).map((p) => p.toLowerCase()));
  if ((policy.publishers ?? []).some((p) => trusted.has(p.toLowerCase()))) return "official";
  return "community";
}
