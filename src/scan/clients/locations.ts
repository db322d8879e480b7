import { join } from "node:path";
import type { ConfigFormat, Platform } from "./types.js";

/** Everything a location depends on, passed in so tests can use a fixture home. */
export interface LocationContext {
  home: string;
  platform: Platform;
  cwd: string;
  /** Environment used for `APPDATA`, `XDG_CONFIG_HOME` and `CODEX_HOME`; empty means derive from `home`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** One place a client may keep its MCP server list. */
export interface ConfigLocation {
  client: string;
  clientName: string;
  scope: "user" | "project";
  format: ConfigFormat;
  /** The path as docs/scan-paths.md writes it (`~`, `{config}`, `<project>` placeholders). */
  pattern: string;
  /** A directory whose `*.yaml`/`*.json` files are each a config of this format. */
  directory?: boolean;
  /** The resolved absolute path. */
  file: string;
}

interface CatalogEntry {
  client: string;
  clientName: string;
  scope: "user" | "project";
  format: ConfigFormat;
  /** Per platform, or for all platforms under the key `any`. */
  patterns: Partial<Record<Platform | "any", string>>;
  directory?: boolean;
}

/** VS Code's user directory; extensions such as Cline keep their settings below it. */
const VSCODE_USER = "{config}/Code/User";

/**
 * Every location Bastion reads, per client. `{config}` is the platform's per-user configuration
 * directory (macOS `~/Library/Application Support`, Windows `%APPDATA%`, Linux `$XDG_CONFIG_HOME`
 * or `~/.config`) and `<project>` the working directory. docs/scan-paths.md lists the same table.
 */
export const CLIENT_CATALOG: readonly CatalogEntry[] = [
  {
    client: "claude-desktop",
    clientName: "Claude Desktop",
    scope: "user",
    format: "mcp-servers",
    patterns: { any: "{config}/Claude/claude_desktop_config.json" },
  },
  {
    client: "claude-code",
    clientName: "Claude Code",
    scope: "user",
    format: "claude-code",
    patterns: { any: "~/.claude.json" },
  },
  {
    client: "claude-code",
    clientName: "Claude Code",
    scope: "project",
    format: "mcp-servers",
    patterns: { any: "<project>/.mcp.json" },
  },
  {
    client: "cursor",
    clientName: "Cursor",
    scope: "user",
    format: "mcp-servers",
    patterns: { any: "~/.cursor/mcp.json" },
  },
  {
    client: "cursor",
    clientName: "Cursor",
    scope: "project",
    format: "mcp-servers",
    patterns: { any: "<project>/.cursor/mcp.json" },
  },
  {
    client: "vscode",
    clientName: "VS Code",
    scope: "user",
    format: "vscode-mcp",
    patterns: { any: `${VSCODE_USER}/mcp.json` },
  },
  {
    client: "vscode",
    clientName: "VS Code",
    scope: "user",
    format: "vscode-settings",
    patterns: { any: `${VSCODE_USER}/settings.json` },
  },
  {
    client: "vscode-insiders",
    clientName: "VS Code Insiders",
    scope: "user",
    format: "vscode-mcp",
    patterns: { any: "{config}/Code - Insiders/User/mcp.json" },
  },
  {
    client: "vscode",
    clientName: "VS Code",
    scope: "project",
    format: "vscode-mcp",
    patterns: { any: "<project>/.vscode/mcp.json" },
  },
  {
    client: "vscode",
    clientName: "VS Code",
    scope: "project",
    format: "vscode-settings",
    patterns: { any: "<project>/.vscode/settings.json" },
  },
  {
    client: "windsurf",
    clientName: "Windsurf",
    scope: "user",
    format: "mcp-servers",
    patterns: { any: "~/.codeium/windsurf/mcp_config.json" },
  },
  {
    client: "gemini-cli",
    clientName: "Gemini CLI",
    scope: "user",
    format: "mcp-servers",
    patterns: { any: "~/.gemini/settings.json" },
  },
  {
    client: "gemini-cli",
    clientName: "Gemini CLI",
    scope: "project",
    format: "mcp-servers",
    patterns: { any: "<project>/.gemini/settings.json" },
  },
  {
    client: "codex",
    clientName: "Codex",
    scope: "user",
    format: "codex-toml",
    patterns: { any: "$CODEX_HOME/config.toml" },
  },
  {
    client: "codex",
    clientName: "Codex",
    scope: "project",
    format: "codex-toml",
    patterns: { any: "<project>/.codex/config.toml" },
  },
  {
    client: "zed",
    clientName: "Zed",
    scope: "user",
    format: "zed-settings",
    patterns: {
      darwin: "~/.config/zed/settings.json",
      linux: "{config}/zed/settings.json",
      win32: "{config}/Zed/settings.json",
    },
  },
  {
    client: "zed",
    clientName: "Zed",
    scope: "project",
    format: "zed-settings",
    patterns: { any: "<project>/.zed/settings.json" },
  },
  {
    client: "continue",
    clientName: "Continue",
    scope: "user",
    format: "continue-yaml",
    patterns: { any: "~/.continue/config.yaml" },
  },
  {
    client: "continue",
    clientName: "Continue",
    scope: "user",
    format: "continue-json",
    patterns: { any: "~/.continue/config.json" },
  },
  {
    client: "continue",
    clientName: "Continue",
    scope: "project",
    format: "continue-yaml",
    patterns: { any: "<project>/.continue/mcpServers/" },
    directory: true,
  },
  {
    client: "cline",
    clientName: "Cline",
    scope: "user",
    format: "mcp-servers",
    patterns: { any: `${VSCODE_USER}/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json` },
  },
  {
    client: "roo-code",
    clientName: "Roo Code",
    scope: "user",
    format: "mcp-servers",
    patterns: { any: `${VSCODE_USER}/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json` },
  },
  {
    client: "roo-code",
    clientName: "Roo Code",
    scope: "project",
    format: "mcp-servers",
    patterns: { any: "<project>/.roo/mcp.json" },
  },
  {
    client: "amazon-q",
    clientName: "Amazon Q",
    scope: "user",
    format: "mcp-servers",
    patterns: { any: "~/.aws/amazonq/mcp.json" },
  },
  {
    client: "amazon-q",
    clientName: "Amazon Q",
    scope: "project",
    format: "mcp-servers",
    patterns: { any: "<project>/.amazonq/mcp.json" },
  },
  {
    client: "lm-studio",
    clientName: "LM Studio",
    scope: "user",
    format: "mcp-servers",
    patterns: { any: "~/.lmstudio/mcp.json" },
  },
];

/** The platform's per-user configuration directory. */
export function configDir(ctx: LocationContext): string {
  const env = ctx.env ?? {};
  switch (ctx.platform) {
    case "darwin":
      return join(ctx.home, "Library", "Application Support");
    case "win32":
      return env.APPDATA || join(ctx.home, "AppData", "Roaming");
    default:
      return env.XDG_CONFIG_HOME || join(ctx.home, ".config");
  }
}

/** Replaces the placeholders of a catalog pattern with real directories. */
export function resolvePattern(pattern: string, ctx: LocationContext): string {
  const env = ctx.env ?? {};
  const [head = "", ...rest] = pattern.split("/").filter((part, i) => part !== "" || i === 0);
  const base =
    head === "~"
      ? ctx.home
      : head === "{config}"
        ? configDir(ctx)
        : head === "<project>"
          ? ctx.cwd
          : head === "$CODEX_HOME"
            ? env.CODEX_HOME || join(ctx.home, ".codex")
            : head;
  return join(base, ...rest);
}

/**
 * The config files to look at on this machine, de-duplicated (a project directory that is the
 * home directory would otherwise list `~/.cursor/mcp.json` twice).
 *
 * @example
 * configLocations({ home: "/home/ada", platform: "linux", cwd: "/work/app" })
 *   .find((l) => l.client === "cursor")?.file; // "/home/ada/.cursor/mcp.json"
 */
export function configLocations(ctx: LocationContext): ConfigLocation[] {
  const seen = new Set<string>();
  const out: ConfigLocation[] = [];
  for (const entry of CLIENT_CATALOG) {
    const pattern = entry.patterns[ctx.platform] ?? entry.patterns.any;
    if (!pattern) continue;
    const file = resolvePattern(pattern, ctx);
    const key = `${entry.format}\u0000${file}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      client: entry.client,
      clientName: entry.clientName,
      scope: entry.scope,
      format: entry.format,
      pattern,
      file,
      ...(entry.directory ? { directory: true } : {}),
    });
  }
  return out;
}
