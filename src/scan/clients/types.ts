/** The shapes shared by client-config discovery, the scanner and `bastion protect`. */

/** Operating systems whose config locations Bastion knows (Node's `process.platform` names). */
export type Platform = "darwin" | "win32" | "linux";

/** The file formats MCP clients store their server lists in. */
export type ConfigFormat =
  /** `{ "mcpServers": { name: server } }` (Claude Desktop, Cursor, Windsurf, Gemini CLI, Cline, …). */
  | "mcp-servers"
  /** `~/.claude.json`: top-level `mcpServers` plus `projects.<path>.mcpServers`. */
  | "claude-code"
  /** VS Code `mcp.json`: `{ "servers": { name: server } }`. */
  | "vscode-mcp"
  /** VS Code `settings.json`: `"mcp": { "servers": … }` or the dotted key `"mcp.servers"`. */
  | "vscode-settings"
  /** Codex `config.toml`: `[mcp_servers.<name>]` tables. */
  | "codex-toml"
  /** Zed `settings.json`: `"context_servers": { name: server }`. */
  | "zed-settings"
  /** Continue YAML: `mcpServers: [ { name, command, args, env } ]`. */
  | "continue-yaml"
  /** Continue's older `config.json`: `experimental.modelContextProtocolServers[].transport`. */
  | "continue-json";

/** How a server is reached. */
export type ServerTransport = "stdio" | "http" | "sse";

/** One MCP server as a client config declares it, in a uniform shape. */
export interface ServerConfig {
  name: string;
  transport: ServerTransport;
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  url?: string;
  headers?: Record<string, string>;
  /** True when the client config switches the server off; it is still scanned, and marked. */
  disabled?: boolean;
  /** For Claude Code's per-project servers: the project directory they belong to. */
  project?: string;
  /** 1-based line of the server's entry in its file, when known. */
  line?: number;
  /** Keys leading from the document root to this server's entry (used to edit the file). */
  path: (string | number)[];
}

/** One config file of one client, with the servers it declares. */
export interface ClientConfig {
  /** Stable client id, for example `claude-desktop` or `vscode`. */
  client: string;
  /** Human name, for example `Claude Desktop`. */
  clientName: string;
  /** `user` for per-user files, `project` for files in the working directory. */
  scope: "user" | "project";
  file: string;
  format: ConfigFormat;
  servers: ServerConfig[];
  /** Why the file could not be read or parsed; the scan reports it and carries on. */
  error?: string;
  /** Entries that were skipped because they are malformed, one sentence each. */
  warnings: string[];
}
