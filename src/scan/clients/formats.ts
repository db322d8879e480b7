import { parseDocument } from "yaml";
import { memberOf, parseJsonc, toPlainValue, type JsonNode } from "./jsonc.js";
import { parseToml, tomlPathKey } from "./toml.js";
import type { ConfigFormat, ServerConfig, ServerTransport } from "./types.js";

/** What one config file declares. */
export interface ParsedServers {
  servers: ServerConfig[];
  /** One sentence per entry that was skipped or partly ignored. */
  warnings: string[];
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Parses the text of a client config into servers. Pure: the caller reads the file.
 *
 * @example
 * parseClientConfig('{"mcpServers":{"mem":{"command":"npx","args":["-y","@modelcontextprotocol/server-memory"]}}}', "mcp-servers")
 *   .servers[0]; // { name: "mem", transport: "stdio", command: "npx", args: [...], path: ["mcpServers", "mem"] }
 * @throws Error naming the syntax problem when the text is not valid for its format.
 */
export function parseClientConfig(text: string, format: ConfigFormat): ParsedServers {
  const out: ParsedServers = { servers: [], warnings: [] };
  switch (format) {
    case "codex-toml": {
      const parsed = parseToml(text);
      readServerMap(parsed.value.mcp_servers, ["mcp_servers"], out);
      for (const server of out.servers) {
        const span = parsed.spans.get(
          tomlPathKey([...server.path.map(String), server.url ? "url" : "command"]),
        );
        if (span) server.line = lineAt(text, span.start);
      }
      return out;
    }
    case "continue-yaml": {
      const yaml = parseDocument(text);
      if (yaml.errors.length) throw new Error(yaml.errors[0]?.message ?? "Invalid YAML");
      const doc: unknown = text.trim() === "" ? {} : yaml.toJS();
      if (!isObject(doc)) throw new Error("Expected a YAML mapping at the top level");
      readServerList(doc.mcpServers, ["mcpServers"], out);
      for (const server of out.servers) {
        const node = yaml.getIn(server.path, true) as { range?: [number, number, number] } | undefined;
        if (node?.range) server.line = lineAt(text, node.range[0]);
      }
      return out;
    }
    default:
      break;
  }
  const root = parseJsonc(text);
  const doc = toPlainValue(root);
  if (!isObject(doc)) throw new Error("Expected a JSON object at the top level");
  try {
    readJsonServers(doc, format, out);
  } finally {
    for (const server of out.servers) {
      const start = keyOffset(root, server.path);
      if (start !== undefined) server.line = lineAt(text, start);
    }
  }
  return out;
}

/** 1-based line of an offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Offset of the key (or element) that a path ends in. */
function keyOffset(root: JsonNode, path: readonly (string | number)[]): number | undefined {
  let node: JsonNode | undefined = root;
  let offset: number | undefined;
  for (const key of path) {
    if (node?.type === "array" && typeof key === "number") {
      node = node.elements[key];
      offset = node?.start;
    } else if (typeof key === "string") {
      const member = memberOf(node, key);
      node = member?.value;
      offset = member?.keyStart;
    } else return undefined;
  }
  return offset;
}

function readJsonServers(doc: Obj, format: ConfigFormat, out: ParsedServers): void {
  switch (format) {
    case "mcp-servers":
      readServerMap(doc.mcpServers, ["mcpServers"], out);
      break;
    case "claude-code":
      readServerMap(doc.mcpServers, ["mcpServers"], out);
      if (isObject(doc.projects)) {
        for (const [project, settings] of Object.entries(doc.projects)) {
          if (!isObject(settings)) continue;
          readServerMap(settings.mcpServers, ["projects", project, "mcpServers"], out, project);
        }
      }
      break;
    case "vscode-mcp":
      readServerMap(doc.servers, ["servers"], out);
      break;
    case "vscode-settings":
      if (isObject(doc.mcp)) readServerMap(doc.mcp.servers, ["mcp", "servers"], out);
      readServerMap(doc["mcp.servers"], ["mcp.servers"], out);
      break;
    case "zed-settings":
      readServerMap(doc.context_servers, ["context_servers"], out);
      break;
    case "continue-json": {
      const experimental = isObject(doc.experimental) ? doc.experimental : {};
      readServerList(
        experimental.modelContextProtocolServers,
        ["experimental", "modelContextProtocolServers"],
        out,
      );
      break;
    }
  }
}

function readServerMap(map: unknown, path: string[], out: ParsedServers, project?: string): void {
  if (map === undefined) return;
  if (!isObject(map)) {
    out.warnings.push(`${path.join(".")} is not an object; its servers were skipped`);
    return;
  }
  for (const [name, raw] of Object.entries(map)) {
    const server = normalizeServer(name, raw, [...path, name], out.warnings, project);
    if (server) out.servers.push(server);
  }
}

function readServerList(list: unknown, path: string[], out: ParsedServers): void {
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) {
    out.warnings.push(`${path.join(".")} is not a list; its servers were skipped`);
    return;
  }
  list.forEach((raw: unknown, index) => {
    if (!isObject(raw)) {
      out.warnings.push(`${path.join(".")}[${index}] is not an object; skipped`);
      return;
    }
    // Continue's older JSON nests the launch under `transport`, and has no names.
    const launch = isObject(raw.transport)
      ? { ...raw.transport, ...raw, transport: raw.transport.type }
      : raw;
    const name = typeof raw.name === "string" && raw.name !== "" ? raw.name : `server-${index + 1}`;
    const server = normalizeServer(name, launch, [...path, index], out.warnings);
    if (server) out.servers.push(server);
  });
}

function stringRecord(v: unknown, what: string, warnings: string[]): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) {
    warnings.push(`${what} is not an object; ignored`);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) {
    if (typeof value === "string") out[k] = value;
    else if (typeof value === "number" || typeof value === "boolean") out[k] = String(value);
    else warnings.push(`${what}.${k} is not a string; ignored`);
  }
  return out;
}

function transportOf(raw: Obj, hasUrl: boolean): ServerTransport | string {
  const declared =
    typeof raw.type === "string" ? raw.type : typeof raw.transport === "string" ? raw.transport : undefined;
  if (declared !== undefined) {
    const t = declared.toLowerCase();
    if (t === "stdio" || t === "local") return "stdio";
    if (t === "sse") return "sse";
    if (["http", "streamable-http", "streamablehttp", "streamable_http", "remote"].includes(t)) return "http";
    return declared;
  }
  if (hasUrl) return "http";
  return "stdio";
}

/**
 * Turns one raw entry into a {@link ServerConfig}, accepting each client's spelling of the same
 * fields (`url`, `serverUrl`, `httpUrl`; `type` or `transport`; Zed's nested `command`).
 */
function normalizeServer(
  name: string,
  input: unknown,
  path: (string | number)[],
  warnings: string[],
  project?: string,
): ServerConfig | undefined {
  const where = `server "${name}"${project ? ` of project ${project}` : ""}`;
  if (!isObject(input)) {
    warnings.push(`${where} is not an object; skipped`);
    return undefined;
  }
  // Zed's older form nests the launch: { "command": { "path", "args", "env" } }.
  const raw: Obj = isObject(input.command)
    ? { ...input, command: input.command.path, args: input.command.args, env: input.command.env }
    : input;
  // Untyped URLs (Gemini's SSE `url` among them) are tried as streamable HTTP, then SSE, on connect.
  const url = [raw.url, raw.serverUrl, raw.httpUrl].find(
    (u): u is string => typeof u === "string" && u !== "",
  );
  const transport = transportOf(raw, url !== undefined);
  if (transport !== "stdio" && transport !== "http" && transport !== "sse") {
    warnings.push(`${where} has an unknown transport type ${JSON.stringify(transport)}; skipped`);
    return undefined;
  }
  const server: ServerConfig = { name, transport, path };
  if (project) server.project = project;
  if (transport === "stdio") {
    if (typeof raw.command !== "string" || raw.command.trim() === "") {
      warnings.push(`${where} has no command; skipped`);
      return undefined;
    }
    server.command = raw.command;
    if (raw.args !== undefined) {
      if (
        !Array.isArray(raw.args) ||
        !raw.args.every((a) => typeof a === "string" || typeof a === "number")
      ) {
        warnings.push(`${where} has args that are not a list of strings; skipped`);
        return undefined;
      }
      server.args = raw.args.map(String);
    }
    const env = stringRecord(raw.env, `${where} env`, warnings);
    if (env) server.env = env;
    if (typeof raw.cwd === "string") server.cwd = raw.cwd;
  } else {
    if (url === undefined) {
      warnings.push(`${where} uses ${transport} but has no url; skipped`);
      return undefined;
    }
    server.url = url;
    const headers = stringRecord(raw.headers ?? raw.http_headers, `${where} headers`, warnings);
    if (headers) server.headers = headers;
  }
  if (raw.disabled === true || raw.enabled === false) server.disabled = true;
  return server;
}
