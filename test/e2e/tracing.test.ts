import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { stringify } from "yaml";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";
import { parseConfig } from "../../src/config/load.js";
import { startGateway, type RunningGateway } from "../../src/gateway/start.js";
import { silentLogger } from "../../src/log.js";
import { parseTraceparent } from "../../src/tracing/index.js";
import { UpstreamConnection } from "../../src/upstream/connection.js";
import { HttpTransport } from "../../src/upstream/http-transport.js";
import { localPrincipal } from "../../src/auth/principal.js";
import { staticHeadersProvider } from "../../src/auth/upstream-credentials.js";
import type { JsonRpcResponse } from "../../src/protocol/jsonrpc.js";
import { EVERYTHING } from "../support.js";

/*
 * Tracing through the real gateway: the official SDK client calls it, server-everything (stdio)
 * and a loopback HTTP MCP server answer, and a loopback OTLP/HTTP collector receives the spans.
 * Each test closes its gateway before reading the collector: closing flushes the export.
 */

const CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CLIENT_SPAN = "00f067aa0ba902b7";
const CLIENT_PARENT = `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01`;

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{
    key: string;
    value: { stringValue?: string; intValue?: string; doubleValue?: number };
  }>;
  status: { code: number; message?: string };
}

const SERVER_KIND = 2;
const CLIENT_KIND = 3;
const STATUS_ERROR = 2;

/** A loopback OTLP/HTTP receiver keeping every span it is sent. */
const exported: OtlpSpan[] = [];
let collector: Server;
let collectorUrl: string;

/** What the HTTP upstream saw of each tool call: the HTTP `traceparent` and the one in `_meta`. */
interface Seen {
  who: string;
  header: string | undefined;
  meta: string | undefined;
}
const seen: Seen[] = [];
let upstream: Server;
let upstreamUrl: string;
let meeting: Array<() => void> = [];

before(async () => {
  collector = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/v1/traces") {
        const request = JSON.parse(body) as {
          resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
        };
        for (const r of request.resourceSpans) for (const s of r.scopeSpans) exported.push(...s.spans);
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => collector.listen(0, "127.0.0.1", r));
  collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;

  upstream = createServer(async (req, res) => {
    const server = new McpServer({ name: "http-upstream", version: "1" });
    const note = (
      who: string,
      extra: { requestInfo?: { headers: Record<string, unknown> }; _meta?: object },
    ) => {
      const header = extra.requestInfo?.headers.traceparent;
      const meta = (extra._meta as { traceparent?: unknown } | undefined)?.traceparent;
      seen.push({
        who,
        header: typeof header === "string" ? header : undefined,
        meta: typeof meta === "string" ? meta : undefined,
      });
    };
    server.registerTool("hello", { description: "Says hello" }, async (extra) => {
      note("hello", extra);
      return { content: [{ type: "text", text: "hello" }] };
    });
    // answers only once two calls are in, so both are in flight through the gateway at once
    server.registerTool(
      "meet",
      { description: "Waits for a second caller", inputSchema: { who: z.string() } },
      async ({ who }, extra) => {
        note(who, extra);
        await new Promise<void>((resolve) => {
          meeting.push(resolve);
          if (meeting.length < 2) return;
          for (const go of meeting) go();
          meeting = [];
        });
        return { content: [{ type: "text", text: `met ${who}` }] };
      },
    );
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => void transport.close());
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/mcp`;
});

after(async () => {
  collector.closeAllConnections();
  upstream.closeAllConnections();
  await new Promise<void>((r) => collector.close(() => r()));
  await new Promise<void>((r) => upstream.close(() => r()));
});

beforeEach(() => {
  exported.length = 0;
  seen.length = 0;
});

/** The real gateway (config → tracer → HTTP front) with `extra` merged into its config. */
function gateway(extra: Record<string, unknown>): Promise<RunningGateway> {
  const text = stringify({ listen: { host: "127.0.0.1", port: 0 }, store: "memory", ...extra });
  return startGateway(
    { config: parseConfig(text, "tracing.yaml"), file: "tracing.yaml", baseDir: process.cwd() },
    silentLogger(),
    { allowUnauthenticatedRemote: false },
  );
}

async function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: "tracing-test", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

function attr(span: OtlpSpan | undefined, key: string): string | number | undefined {
  const v = span?.attributes.find((a) => a.key === key)?.value;
  return v?.stringValue ?? (v?.intValue !== undefined ? Number(v.intValue) : v?.doubleValue);
}

function named(name: string): OtlpSpan[] {
  return exported.filter((s) => s.name === name);
}

const tracing = () => ({ endpoint: collectorUrl, service_name: "bastion-e2e", export_interval_ms: 60_000 });

test("a tool call is one trace: a server span for the client's request, a client span for the upstream call", async () => {
  const gw = await gateway({
    tracing: tracing(),
    servers: { everything: { command: process.execPath, args: [EVERYTHING] } },
  });
  const client = await connect(gw.url);
  const r = await client.callTool({ name: "everything__echo", arguments: { message: "traced" } });
  assert.equal((r.content as Array<{ text: string }>)[0]?.text, "Echo: traced");
  await client.close();
  await gw.close();

  const [server] = named("tools/call everything__echo");
  const [call] = named("tools/call echo");
  assert.ok(server, `no server span among ${exported.map((s) => s.name).join(", ")}`);
  assert.ok(call, "no span for the upstream call");
  assert.equal(server.kind, SERVER_KIND);
  assert.equal(server.parentSpanId, undefined, "a request without trace context starts a trace");
  assert.equal(attr(server, "mcp.method.name"), "tools/call");
  assert.equal(attr(server, "gen_ai.tool.name"), "everything__echo");
  assert.equal(attr(server, "bastion.server"), "everything");
  assert.equal(attr(server, "bastion.decision"), "allow");
  assert.match(String(attr(server, "mcp.session.id")), /^[0-9a-f-]{36}$/);
  assert.equal(server.status.code, 0);

  assert.equal(call.kind, CLIENT_KIND);
  assert.equal(call.traceId, server.traceId);
  assert.equal(call.parentSpanId, server.spanId);
  assert.equal(attr(call, "gen_ai.tool.name"), "echo", "the upstream span names the upstream's tool");
  assert.equal(attr(call, "bastion.server"), "everything");
  assert.equal(attr(call, "bastion.upstream_status"), "ok");
});

test("a client's traceparent header is continued: same trace, the client's span as parent", async () => {
  const gw = await gateway({ tracing: tracing(), servers: { web: { url: upstreamUrl } } });
  const client = await connect(gw.url, { traceparent: CLIENT_PARENT, tracestate: "client=1" });
  await client.callTool({ name: "web__hello", arguments: {} });
  await client.close();
  await gw.close();

  const [server] = named("tools/call web__hello");
  const [call] = named("tools/call hello");
  assert.ok(server && call);
  assert.equal(server.traceId, CLIENT_TRACE);
  assert.equal(server.parentSpanId, CLIENT_SPAN);
  assert.equal(call.traceId, CLIENT_TRACE);
  assert.equal(call.parentSpanId, server.spanId);

  const [hello] = seen;
  assert.ok(hello?.header, "the HTTP upstream received no traceparent");
  assert.deepEqual(parseTraceparent(hello.header), {
    traceId: CLIENT_TRACE,
    spanId: call.spanId,
    sampled: true,
  });
  assert.equal(hello.meta, undefined, "nothing is added to the message itself");
});

test("opening a session is a trace: a server span for initialize, a client span per upstream handshake", async () => {
  const gw = await gateway({
    tracing: tracing(),
    servers: {
      everything: { command: process.execPath, args: [EVERYTHING] },
      web: { url: upstreamUrl },
      broken: { command: process.execPath, args: [resolve("test/fixtures/crashing-server.mjs")] },
    },
  });
  const client = await connect(gw.url, { traceparent: CLIENT_PARENT });
  await client.close();
  await gw.close();

  const opened = named("initialize").filter((s) => s.kind === SERVER_KIND);
  assert.equal(opened.length, 1, `spans: ${exported.map((s) => s.name).join(", ")}`);
  const [server] = opened;
  assert.ok(server);
  assert.equal(server.traceId, CLIENT_TRACE, "the client's traceparent header is continued");
  assert.equal(server.parentSpanId, CLIENT_SPAN);
  assert.equal(attr(server, "mcp.method.name"), "initialize");
  assert.match(String(attr(server, "mcp.session.id")), /^[0-9a-f-]{36}$/);
  assert.equal(attr(server, "bastion.upstreams_ready"), 2, "everything and web, not broken");
  assert.equal(server.status.code, 0);

  const handshakes = named("initialize").filter((s) => s.kind === CLIENT_KIND);
  assert.deepEqual(handshakes.map((s) => attr(s, "bastion.server")).sort(), ["broken", "everything", "web"]);
  for (const h of handshakes) {
    assert.equal(h.traceId, CLIENT_TRACE);
    assert.equal(h.parentSpanId, server.spanId);
  }
  const broken = handshakes.find((s) => attr(s, "bastion.server") === "broken");
  assert.equal(broken?.status.code, STATUS_ERROR);
  assert.equal(attr(broken, "error.type"), "upstream_unavailable");
  assert.ok(handshakes.filter((s) => s !== broken).every((s) => s.status.code === 0));
});

test("requests sent in the same tick on one HTTP upstream connection each carry their own headers", async () => {
  const log = silentLogger();
  const conn = new UpstreamConnection(
    "web",
    () =>
      new HttpTransport(
        {
          url: upstreamUrl,
          server: "web",
          principal: localPrincipal(),
          credentials: staticHeadersProvider({}),
        },
        log,
      ),
    { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "tracing-test", version: "1" } },
    { onServerRequest: () => {}, onServerNotification: () => {} },
    log,
    { connectTimeoutMs: 10_000, restart: { minMs: 250, maxMs: 1000, enabled: false } },
  );
  await conn.start();
  const traceparent = (who: string) => `00-${who.repeat(32)}-${"d".repeat(16)}-01`;
  const call = (who: string) =>
    new Promise<JsonRpcResponse>((resolve) =>
      conn.forward("tools/call", { name: "meet", arguments: { who } }, resolve, {
        traceparent: traceparent(who),
      }),
    );
  const responses = await Promise.all([call("a"), call("b")]);
  await conn.close();
  assert.ok(responses.every((r) => "result" in r));
  assert.deepEqual(seen.map((s) => [s.who, s.header]).sort(), [
    ["a", traceparent("a")],
    ["b", traceparent("b")],
  ]);
});

test("calls in flight together through the gateway each reach the HTTP upstream in their own trace", async () => {
  const gw = await gateway({
    tracing: tracing(),
    servers: { web: { url: upstreamUrl, timeout_ms: 10_000 } },
  });
  const client = await connect(gw.url);
  const traces = { a: "a".repeat(32), b: "b".repeat(32) };
  const call = (who: "a" | "b") =>
    client.callTool({
      name: "web__meet",
      arguments: { who },
      _meta: { traceparent: `00-${traces[who]}-${"c".repeat(16)}-01` },
    });
  const results = await Promise.all([call("a"), call("b")]);
  assert.deepEqual(
    results.map((r) => (r.content as Array<{ text: string }>)[0]?.text),
    ["met a", "met b"],
  );
  await client.close();
  await gw.close();

  assert.equal(seen.length, 2);
  const calls = named("tools/call meet");
  for (const who of ["a", "b"] as const) {
    const s = seen.find((x) => x.who === who);
    const header = parseTraceparent(s?.header);
    assert.equal(header?.traceId, traces[who], `call ${who} went upstream in another trace`);
    const span = calls.find((c) => c.spanId === header?.spanId);
    assert.ok(span, `call ${who}: the upstream's parent is not a span the gateway exported`);
    assert.equal(span.traceId, traces[who]);
    assert.equal(
      s?.meta,
      s?.header,
      "the client's _meta.traceparent is replaced by the gateway's span, as in the header",
    );
  }
  const servers = named("tools/call web__meet");
  assert.deepEqual(servers.map((s) => s.parentSpanId).sort(), ["c".repeat(16), "c".repeat(16)]);
});

test("a denied call's span carries the decision and the rule, and no upstream call is made", async () => {
  const gw = await gateway({
    tracing: tracing(),
    servers: { web: { url: upstreamUrl } },
    policy: { default: "allow", rules: [{ id: "no-hello", effect: "deny", tools: ["web__hello"] }] },
  });
  const client = await connect(gw.url);
  const r = await client.callTool({ name: "web__hello", arguments: {} }).catch((e: Error) => e);
  assert.ok(r instanceof Error, "the call was not refused");
  await client.close();
  await gw.close();

  const [server] = named("tools/call web__hello");
  assert.ok(server);
  assert.equal(attr(server, "bastion.decision"), "deny");
  assert.equal(attr(server, "bastion.rule"), "no-hello");
  assert.equal(attr(server, "bastion.error_code"), "denied");
  assert.equal(attr(server, "error.type"), "-32010");
  assert.equal(server.status.code, STATUS_ERROR);
  assert.equal(named("tools/call hello").length, 0);
  assert.equal(seen.length, 0);
});

test("without an endpoint nothing is exported and nothing is added on the way upstream", async () => {
  const gw = await gateway({
    tracing: { service_name: "unused", headers: { "x-key": "k" } },
    servers: { web: { url: upstreamUrl } },
  });
  const client = await connect(gw.url, { traceparent: CLIENT_PARENT });
  await client.callTool({ name: "web__hello", arguments: {} });
  await client.callTool({ name: "web__hello", arguments: {}, _meta: { traceparent: CLIENT_PARENT } });
  await client.close();
  await gw.close();

  assert.deepEqual(
    seen.map((s) => [s.header, s.meta]),
    [
      [undefined, undefined],
      [undefined, CLIENT_PARENT],
    ],
    "the upstream sees no traceparent header and the client's _meta unchanged",
  );
  assert.equal(exported.length, 0);
});
