import { readFile, readdir } from "node:fs/promises";
import { basename, extname, join, sep } from "node:path";
import { parseClientConfig } from "./formats.js";
import { parseJsonc, toPlainValue } from "./jsonc.js";
import { CLIENT_CATALOG, configLocations, type ConfigLocation, type LocationContext } from "./locations.js";
import type { ClientConfig, ConfigFormat } from "./types.js";

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/** Parses one file's text; a syntax error becomes the config's `error`, never a throw. */
function toClientConfig(location: Omit<ConfigLocation, "pattern">, text: string): ClientConfig {
  const base = {
    client: location.client,
    clientName: location.clientName,
    scope: location.scope,
    file: location.file,
    format: location.format,
  };
  try {
    const parsed = parseClientConfig(text, location.format);
    return { ...base, servers: parsed.servers, warnings: parsed.warnings };
  } catch (err) {
    return {
      ...base,
      servers: [],
      warnings: [],
      error: `Cannot parse ${location.file}: ${errorMessage(err)}`,
    };
  }
}

async function readLocation(location: ConfigLocation): Promise<ClientConfig[]> {
  if (location.directory) {
    let names: string[];
    try {
      names = (await readdir(location.file)).filter((n) => /\.(ya?ml|json)$/i.test(n)).sort();
    } catch (err) {
      if (isMissing(err)) return [];
      return [{ ...locationBase(location), error: `Cannot read ${location.file}: ${errorMessage(err)}` }];
    }
    return Promise.all(
      names.map((name) => readLocation({ ...location, directory: false, file: join(location.file, name) })),
    ).then((lists) => lists.flat());
  }
  let text: string;
  try {
    text = await readFile(location.file, "utf8");
  } catch (err) {
    if (isMissing(err)) return [];
    return [{ ...locationBase(location), error: `Cannot read ${location.file}: ${errorMessage(err)}` }];
  }
  return [toClientConfig(location, text)];
}

function locationBase(location: Omit<ConfigLocation, "pattern">): ClientConfig {
  return {
    client: location.client,
    clientName: location.clientName,
    scope: location.scope,
    file: location.file,
    format: location.format,
    servers: [],
    warnings: [],
  };
}

/**
 * Finds and parses every MCP client config on this machine (see docs/scan-paths.md). Files that
 * do not exist are skipped; unreadable or malformed ones come back with an `error`.
 *
 * @example
 * const configs = await discoverClientConfigs({ home: os.homedir(), platform: "linux", cwd: process.cwd() });
 */
export async function discoverClientConfigs(ctx: LocationContext): Promise<ClientConfig[]> {
  const lists = await Promise.all(configLocations(ctx).map(readLocation));
  return lists.flat();
}

/** Guesses the format of a JSON config from its top-level keys. */
function jsonFormatOf(doc: unknown): ConfigFormat {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return "mcp-servers";
  const o = doc as Record<string, unknown>;
  if ("projects" in o && ("mcpServers" in o || "numStartups" in o)) return "claude-code";
  if ("mcpServers" in o) return "mcp-servers";
  if ("servers" in o) return "vscode-mcp";
  if ("mcp" in o || "mcp.servers" in o) return "vscode-settings";
  if ("context_servers" in o) return "zed-settings";
  if ("experimental" in o) return "continue-json";
  return "mcp-servers";
}

/** The catalog entry whose documented path ends like this file, if any. */
function catalogEntryOf(file: string): (typeof CLIENT_CATALOG)[number] | undefined {
  const normalized = file.split(sep).join("/");
  for (const entry of CLIENT_CATALOG) {
    if (entry.directory) continue;
    for (const pattern of Object.values(entry.patterns)) {
      // Placeholders (~, {config}, <project>, $CODEX_HOME) match anything; compare what is fixed.
      const fixed = pattern.split("/").filter((part) => !/^[~{<$]/.test(part));
      if (normalized.endsWith(`/${fixed.slice(-2).join("/")}`)) return entry;
    }
  }
  return undefined;
}

/**
 * Reads one config file given on the command line (`bastion scan --config-file`). A path that
 * ends like a documented location takes that client's format; otherwise the format is guessed
 * from the extension and top-level keys. A missing file is reported as an `error`.
 */
export async function readConfigFile(file: string): Promise<ClientConfig> {
  const entry = catalogEntryOf(file);
  const client = entry?.client ?? "config-file";
  const clientName = entry?.clientName ?? basename(file);
  const scope = entry?.scope ?? "user";
  const ext = extname(file).toLowerCase();
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const format: ConfigFormat = entry?.format ?? (ext === ".toml" ? "codex-toml" : "mcp-servers");
    return {
      ...locationBase({ client, clientName, scope, format, file }),
      error: `Cannot read ${file}: ${errorMessage(err)}`,
    };
  }
  let format: ConfigFormat;
  if (entry) format = entry.format;
  else if (ext === ".toml") format = "codex-toml";
  else if (ext === ".yaml" || ext === ".yml") format = "continue-yaml";
  else {
    try {
      format = jsonFormatOf(toPlainValue(parseJsonc(text)));
    } catch {
      format = "mcp-servers"; // the parse error is reported by toClientConfig below
    }
  }
  return toClientConfig({ client, clientName, scope, format, file }, text);
}
