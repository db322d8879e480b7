import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { createServer as createHttpServer, type IncomingHttpHeaders } from "node:http";
import { stringify } from "yaml";
import { parseConfig } from "../src/config/load.js";
import { buildGateway } from "../src/gateway/build.js";
import { HttpFront } from "../src/transport/http/front.js";
import { silentLogger } from "../src/log.js";
import type { Guard } from "../src/guards/guard.js";
import type { Gateway } from "../src/gateway/gateway.js";

const require = createRequire(import.meta.url);

/** Entry point of an MCP server package installed from npm. */
export function serverEntry(pkg: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), "dist", "index.js");
}

export const EVERYTHING = serverEntry("@modelcontextprotocol/server-everything");
export const MEMORY = serverEntry("@modelcontextprotocol/server-memory");
export const FILESYSTEM = serverEntry("@modelcontextprotocol/server-filesystem");

export interface TestGateway {
  gw: Gateway;
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the real gateway core and HTTP front from a config object, on a free loopback port.
 * `extra` takes the gateway hooks that are not guards (instructions filter, identity check).
 */
export async function startGateway(
  config: Record<string, unknown>,
  guards: Guard[] = [],
  extra: Parameters<typeof buildGateway>[4] = {},
): Promise<TestGateway> {
  const cfg = parseConfig(
    stringify({ listen: { host: "127.0.0.1", port: 0 }, store: "memory", ...config }),
    "test.yaml",
  );
  const gw = buildGateway(cfg, process.cwd(), silentLogger(), guards, extra);
  const front = new HttpFront(gw, {
    host: "127.0.0.1",
    port: 0,
    path: cfg.listen.path,
    allowedHosts: cfg.allowed_hosts,
    allowedOrigins: cfg.allowed_origins,
    maxBodyBytes: cfg.limits.max_body_bytes,
  });
  const address = await front.listen();
  return {
    gw,
    port: address.port,
    url: `http://127.0.0.1:${address.port}/mcp`,
    async close() {
      await front.close();
      await gw.close();
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** Runs server-everything over HTTP (`streamableHttp` or `sse`) and waits until it listens. */
export async function startHttpEverything(
  mode: "streamableHttp" | "sse",
): Promise<{ port: number; child: ChildProcess; stop(): void }> {
  const port = await freePort();
  const child = spawn(process.execPath, [EVERYTHING, mode], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`server-everything ${mode} did not start`)), 15_000);
    const check = (b: Buffer) => {
      if (b.toString().includes(String(port))) {
        clearTimeout(t);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.stderr!.on("data", check);
  });
  return { port, child, stop: () => child.kill("SIGKILL") };
}

/** A raw POST to the gateway, for checks the SDK client would never send. */
export async function post(
  url: string,
  body: string | object,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string; json: () => unknown }> {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

/** Opens a session with a raw initialize and returns its id. */
export async function rawSession(url: string, version = "2025-11-25"): Promise<string> {
  const r = await post(url, {
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "raw", version: "1" } },
  });
  const id = r.headers.get("mcp-session-id");
  if (!id) throw new Error(`initialize failed: ${r.status} ${r.text}`);
  await post(
    url,
    { jsonrpc: "2.0", method: "notifications/initialized" },
    { "mcp-session-id": id, "mcp-protocol-version": version },
  );
  return id;
}

/** One request a fake judge endpoint received. */
export interface JudgeRequestSeen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a fake judge endpoint answers: a status and body, or nothing at all (`hang`). */
export type FakeJudgeReply = { status?: number; body: string } | "hang";

/**
 * A loopback HTTP server standing in for an OpenAI-compatible or Anthropic endpoint: it records
 * every request and answers with `reply`.
 */
export async function startFakeJudge(
  reply: (request: JudgeRequestSeen) => FakeJudgeReply,
): Promise<{ url: string; requests: JudgeRequestSeen[]; close(): Promise<void> }> {
  const requests: JudgeRequestSeen[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const seen = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(seen);
      const r = reply(seen);
      if (r === "hang") return;
      res.writeHead(r.status ?? 200, { "content-type": "application/json" }).end(r.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A chat-completions response whose message is `text`. */
export function openAiReply(text: string): { body: string } {
  return {
    body: JSON.stringify({
      id: "chatcmpl-1",
      object: "chat.completion",
      choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
    }),
  };
}

/** An Anthropic messages response whose text block is `text`. */
export function anthropicReply(text: string): { body: string } {
  return {
    body: JSON.stringify({
      id: "msg_1",
      type: "message",
      role: "assistant",
      content: [{ type: "text", text }],
      stop_reason: "end_turn",
    }),
  };
}

/**
 * Runs the `bastion` CLI from source (so a stale build is never what is tested) and returns its
 * exit code with stdout and stderr together, as a user at a terminal would read them.
 */
export function bastionCli(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ["--import", "tsx", resolve("src/cli/main.ts"), ...args],
      (error, stdout, stderr) =>
        done({ code: error ? Number(error.code) : 0, out: error ? stdout + stderr : stdout }),
    );
  });
}
