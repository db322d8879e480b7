import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { DEFAULT_INHERITED_ENV_VARS, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { ServerConfig } from "./types.js";
import { expandRecord, expandVariables, type VariableValues } from "./variables.js";

/** Everything a server exposes before any tool is called. */
export interface ServerSnapshot {
  serverInfo?: { name: string; version: string };
  /** Capability names the server announced (`tools`, `prompts`, `resources`, …). */
  capabilities: string[];
  instructions?: string;
  tools: Record<string, unknown>[];
  prompts: Record<string, unknown>[];
  resources: Record<string, unknown>[];
  resourceTemplates: Record<string, unknown>[];
  /** Lists the server announced but failed to return, one sentence each. */
  notes: string[];
}

/** How to reach servers. */
export interface ConnectOptions {
  /** Whole budget for one server: start, initialize and every list request. */
  timeoutMs: number;
  /** Values for `${…}` references and the scrubbed environment's `PATH` and `HOME`. */
  variables: VariableValues;
  /** The client name Bastion announces in `initialize`. */
  clientInfo?: { name: string; version: string };
}

/** Why a server could not be listed; `stderr` holds the last lines the process printed. */
export class ServerConnectError extends Error {
  constructor(
    message: string,
    readonly stderr?: string,
  ) {
    super(message);
    this.name = "ServerConnectError";
  }
}

const MAX_PAGES = 50;
const STDERR_TAIL = 2000;

/**
 * The environment a stdio server starts with during a scan: `PATH` and `HOME` (plus `SYSTEMROOT`
 * on Windows, without which processes cannot load system libraries) and the variables its config
 * declares. Nothing else from the user's shell reaches a server that has not been vetted.
 */
export function scrubbedEnvironment(
  server: Pick<ServerConfig, "env">,
  values: VariableValues,
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  // The SDK merges its own list of inherited variables under ours; blanking them keeps them out.
  for (const name of DEFAULT_INHERITED_ENV_VARS) env[name] = undefined;
  const path = values.env.PATH ?? values.env.Path;
  if (path !== undefined) env.PATH = path;
  env.HOME = values.home;
  if (values.env.SYSTEMROOT !== undefined) env.SYSTEMROOT = values.env.SYSTEMROOT;
  Object.assign(env, expandRecord(server.env, values));
  return env;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Turns transport and protocol errors into sentences a user can act on. */
function explain(err: unknown, server: ServerConfig, stderr: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" && server.transport === "stdio") return `Command not found: ${server.command}`;
  if (code === "EACCES" && server.transport === "stdio")
    return `Command is not executable: ${server.command}`;
  const message = messageOf(err);
  if (/connection closed/i.test(message)) {
    const lastLine = stderr.trim().split("\n").pop();
    return `Server exited before answering${lastLine ? `: ${lastLine}` : ""}`;
  }
  const cause = (err as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (message === "fetch failed" && cause) {
    const reason = NETWORK_ERRORS[cause.code ?? ""] ?? cause.code ?? cause.message ?? "network error";
    return `Cannot reach ${server.url}: ${reason}`;
  }
  // The SDK's HTTP errors carry the status as a numeric code and often an empty message.
  if (typeof code === "number" && code >= 100 && code < 600)
    return `${server.url} answered HTTP ${code}${/:\s*$/.test(message) ? "" : `: ${message}`}`;
  return message;
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ECONNRESET: "connection reset",
  ETIMEDOUT: "connection timed out",
  CERT_HAS_EXPIRED: "TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed TLS certificate",
};

async function listAll(
  fetchPage: (cursor: string | undefined) => Promise<{ nextCursor?: string; items: unknown[] }>,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await fetchPage(cursor);
    out.push(...(result.items as Record<string, unknown>[]));
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return out;
}

function stdioTransport(server: ServerConfig, options: ConnectOptions): StdioClientTransport {
  const values = options.variables;
  return new StdioClientTransport({
    command: expandVariables(server.command ?? "", values),
    args: (server.args ?? []).map((a) => expandVariables(a, values)),
    // Undefined entries are dropped by child_process; the SDK's type does not allow them.
    env: scrubbedEnvironment(server, values) as Record<string, string>,
    cwd: server.cwd ? expandVariables(server.cwd, values) : undefined,
    stderr: "pipe",
  });
}

function httpTransport(server: ServerConfig, options: ConnectOptions, kind: "http" | "sse"): Transport {
  const url = new URL(expandVariables(server.url ?? "", options.variables));
  const headers = expandRecord(server.headers, options.variables) ?? {};
  return kind === "sse"
    ? new SSEClientTransport(url, { requestInit: { headers } })
    : new StreamableHTTPClientTransport(url, { requestInit: { headers } });
}

async function snapshotOf(client: Client, remaining: () => number): Promise<ServerSnapshot> {
  const capabilities = client.getServerCapabilities() ?? {};
  const version = client.getServerVersion();
  const snapshot: ServerSnapshot = {
    capabilities: Object.keys(capabilities).sort(),
    tools: [],
    prompts: [],
    resources: [],
    resourceTemplates: [],
    notes: [],
  };
  if (version) snapshot.serverInfo = { name: version.name, version: version.version };
  const instructions = client.getInstructions();
  if (instructions) snapshot.instructions = instructions;
  const opts = () => ({ timeout: Math.max(1, remaining()) });
  const lists: [
    keyof ServerSnapshot & ("tools" | "prompts" | "resources" | "resourceTemplates"),
    boolean,
    () => Promise<Record<string, unknown>[]>,
  ][] = [
    [
      "tools",
      "tools" in capabilities,
      () =>
        listAll(async (cursor) => {
          const r = await client.listTools(cursor ? { cursor } : undefined, opts());
          return { items: r.tools, nextCursor: r.nextCursor };
        }),
    ],
    [
      "prompts",
      "prompts" in capabilities,
      () =>
        listAll(async (cursor) => {
          const r = await client.listPrompts(cursor ? { cursor } : undefined, opts());
          return { items: r.prompts, nextCursor: r.nextCursor };
        }),
    ],
    [
      "resources",
      "resources" in capabilities,
      () =>
        listAll(async (cursor) => {
          const r = await client.listResources(cursor ? { cursor } : undefined, opts());
          return { items: r.resources, nextCursor: r.nextCursor };
        }),
    ],
    [
      "resourceTemplates",
      "resources" in capabilities,
      () =>
        listAll(async (cursor) => {
          const r = await client.listResourceTemplates(cursor ? { cursor } : undefined, opts());
          return { items: r.resourceTemplates, nextCursor: r.nextCursor };
        }),
    ],
  ];
  for (const [key, announced, fetchList] of lists) {
    if (!announced) continue;
    try {
      snapshot[key] = await fetchList();
    } catch (err) {
      // A server may announce a capability and still not implement every list of it.
      snapshot.notes.push(`${key} could not be listed: ${messageOf(err)}`);
    }
  }
  return snapshot;
}

async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ServerConnectError(`Timed out after ${ms} ms while ${what}`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function connectOnce(
  server: ServerConfig,
  options: ConnectOptions,
  kind: "stdio" | "http" | "sse",
): Promise<ServerSnapshot> {
  const started = Date.now();
  const remaining = () => options.timeoutMs - (Date.now() - started);
  const transport = kind === "stdio" ? stdioTransport(server, options) : httpTransport(server, options, kind);
  let stderr = "";
  if (transport instanceof StdioClientTransport) {
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_TAIL);
    });
  }
  const client = new Client(options.clientInfo ?? { name: "bastion-scan", version: "1" }, {
    capabilities: {},
  });
  try {
    const work = (async () => {
      await client.connect(transport, { timeout: Math.max(1, remaining()) });
      return snapshotOf(client, remaining);
    })();
    return await withDeadline(work, options.timeoutMs, "connecting and listing");
  } catch (err) {
    if (err instanceof ServerConnectError) throw new ServerConnectError(err.message, stderr || undefined);
    // the SDK's own request timeout runs on the same budget and may fire first: same verdict
    if ((err as { code?: unknown }).code === -32001) {
      throw new ServerConnectError(
        `Timed out after ${options.timeoutMs} ms while connecting and listing`,
        stderr || undefined,
      );
    }
    throw new ServerConnectError(explain(err, server, stderr), stderr || undefined);
  } finally {
    await client.close().catch(() => undefined);
  }
}

/**
 * Starts or connects to one server, lists everything it exposes and disconnects.
 *
 * Stdio servers run in a scrubbed environment ({@link scrubbedEnvironment}); HTTP servers get
 * their configured headers, and a URL without an explicit type is tried as streamable HTTP first,
 * then as SSE.
 *
 * @throws ServerConnectError with a sentence saying why (command not found, timed out, exited…).
 */
export async function connectAndList(server: ServerConfig, options: ConnectOptions): Promise<ServerSnapshot> {
  if (server.transport === "stdio") return connectOnce(server, options, "stdio");
  if (server.transport === "sse") return connectOnce(server, options, "sse");
  try {
    return await connectOnce(server, options, "http");
  } catch (err) {
    if (/timed out/i.test(messageOf(err))) throw err;
    try {
      return await connectOnce(server, options, "sse");
    } catch {
      throw err;
    }
  }
}
