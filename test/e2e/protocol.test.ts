import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { EVERYTHING, MEMORY, startGateway, startHttpEverything, type TestGateway } from "../support.js";

let g: TestGateway;
let httpUpstream: Awaited<ReturnType<typeof startHttpEverything>>;
let sseUpstream: Awaited<ReturnType<typeof startHttpEverything>>;

before(async () => {
  httpUpstream = await startHttpEverything("streamableHttp");
  sseUpstream = await startHttpEverything("sse");
  g = await startGateway({
    servers: {
      everything: { command: process.execPath, args: [EVERYTHING, "stdio"] },
      memory: {
        command: process.execPath,
        args: [MEMORY],
        env: { MEMORY_FILE_PATH: join(mkdtempSync(join(tmpdir(), "bastion-memory-")), "memory.jsonl") },
      },
      remote: { url: `http://127.0.0.1:${httpUpstream.port}/mcp` },
      legacy: { url: `http://127.0.0.1:${sseUpstream.port}/sse` },
    },
  });
});

after(async () => {
  await g.close();
  httpUpstream.stop();
  sseUpstream.stop();
});

async function connect(capabilities: Record<string, unknown> = {}): Promise<Client> {
  const client = new Client({ name: "e2e", version: "1.0.0" }, { capabilities });
  await client.connect(new StreamableHTTPClientTransport(new URL(g.url)));
  return client;
}

test("one endpoint lists the tools of stdio, Streamable HTTP and legacy SSE servers under their prefixes", async () => {
  const client = await connect();
  const names = (await client.listTools()).tools.map((t) => t.name);
  for (const expected of ["everything__echo", "memory__create_entities", "remote__echo", "legacy__echo"]) {
    assert.ok(names.includes(expected), `${expected} missing from ${names.join(", ")}`);
  }
  assert.ok(names.every((n) => n.length <= 64));
  for (const server of ["everything", "remote", "legacy"]) {
    const r = await client.callTool({ name: `${server}__echo`, arguments: { message: `via ${server}` } });
    assert.deepEqual(r.content, [{ type: "text", text: `Echo: via ${server}` }]);
  }
  const entity = await client.callTool({
    name: "memory__create_entities",
    arguments: { entities: [{ name: "bastion-e2e", entityType: "test", observations: ["seen"] }] },
  });
  assert.ok(JSON.stringify(entity.content).includes("bastion-e2e"));
  await client.close();
});

test("prompts, resources and completion are routed to the server that owns them", async () => {
  const client = await connect();
  const prompts = (await client.listPrompts()).prompts.map((p) => p.name);
  assert.ok(prompts.includes("everything__simple-prompt"));
  const got = await client.getPrompt({ name: "everything__args-prompt", arguments: { city: "Lyon" } });
  assert.ok(JSON.stringify(got.messages).includes("Lyon"));
  const resources = await client.listResources();
  const doc = resources.resources.find((r) => r.uri.startsWith("demo://resource/static/document/"));
  assert.ok(doc, "a static document resource is listed");
  const read = await client.readResource({ uri: doc.uri });
  assert.equal(read.contents[0]!.uri, doc.uri);
  const templates = await client.listResourceTemplates();
  assert.ok(templates.resourceTemplates.length > 0);
  const dynamic = await client.readResource({ uri: "demo://resource/dynamic/text/1" });
  assert.ok(JSON.stringify(dynamic.contents).includes("1"));
  const completion = await client.complete({
    ref: { type: "ref/prompt", name: "everything__completable-prompt" },
    argument: { name: "department", value: "En" },
  });
  assert.ok(completion.completion.values.includes("Engineering"));
  await client.close();
});

test("merged lists page through every server exactly once", async () => {
  const client = await connect();
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await client.listResources(cursor ? { cursor } : {});
    seen.push(...page.resources.map((r) => r.uri));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  assert.equal(new Set(seen).size, seen.length, "no resource is listed twice");
  assert.ok(seen.length >= 3);
  await assert.rejects(client.listResources({ cursor: "not-a-gateway-cursor" }), /cursor/);
  await client.close();
});

test("progress notifications of a long call reach the client that made it", async () => {
  const client = await connect();
  const progress: number[] = [];
  const r = await client.callTool(
    { name: "everything__trigger-long-running-operation", arguments: { duration: 1, steps: 4 } },
    undefined,
    { onprogress: (p) => progress.push(p.progress) },
  );
  assert.ok(JSON.stringify(r.content).includes("completed"));
  assert.deepEqual(progress, [1, 2, 3, 4]);
  await client.close();
});

test("a cancelled call ends at once and the session keeps working", async () => {
  const client = await connect();
  const ac = new AbortController();
  const started = Date.now();
  const call = client.callTool(
    { name: "everything__trigger-long-running-operation", arguments: { duration: 20, steps: 20 } },
    undefined,
    { signal: ac.signal },
  );
  setTimeout(() => ac.abort("user cancelled"), 300);
  await assert.rejects(call);
  assert.ok(Date.now() - started < 3000);
  const session = [...g.gw.sessions.values()].at(-1)!;
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(session.inflight.size, 0, "the gateway forgot the cancelled call");
  const echo = await client.callTool({ name: "everything__echo", arguments: { message: "still here" } });
  assert.deepEqual(echo.content, [{ type: "text", text: "Echo: still here" }]);
  await client.close();
});

test("sampling and elicitation requests from a server come back to the calling client and its answers return", async () => {
  const client = await connect({ sampling: {}, elicitation: {} });
  client.setRequestHandler(CreateMessageRequestSchema, async (req) => ({
    model: "test-model",
    role: "assistant",
    content: {
      type: "text",
      text: `sampled: ${JSON.stringify(req.params.messages[0]!.content).slice(0, 40)}`,
    },
  }));
  client.setRequestHandler(ElicitRequestSchema, async () => ({
    action: "accept",
    content: {
      name: "Ada",
      check: true,
      firstLine: "x",
      email: "ada@example.com",
      homepage: "https://example.com",
      birthdate: "1990-01-01",
      integer: 5,
      number: 3,
      untitledSingleSelectEnum: "option1",
      untitledMultipleSelectEnum: ["option1"],
      titledSingleSelectEnum: "value1",
      titledMultipleSelectEnum: ["value1"],
      legacyTitledEnum: "opt1",
    },
  }));
  const names = (await client.listTools()).tools.map((t) => t.name);
  assert.ok(
    names.includes("everything__trigger-sampling-request"),
    "the server saw the client's sampling capability",
  );
  const sampled = await client.callTool({
    name: "everything__trigger-sampling-request",
    arguments: { prompt: "hello", maxTokens: 10 },
  });
  assert.ok(JSON.stringify(sampled.content).includes("sampled:"));
  const remote = await client.callTool({
    name: "remote__trigger-sampling-request",
    arguments: { prompt: "over http", maxTokens: 10 },
  });
  assert.ok(JSON.stringify(remote.content).includes("sampled:"));
  const elicited = await client.callTool({ name: "everything__trigger-elicitation-request", arguments: {} });
  assert.ok(JSON.stringify(elicited.content).includes("Ada"));
  await client.close();
});

test("a client without sampling does not see the tools that need it", async () => {
  const client = await connect();
  const names = (await client.listTools()).tools.map((t) => t.name);
  assert.ok(!names.includes("everything__trigger-sampling-request"));
  await client.close();
});

test("resource subscriptions deliver updates and logging levels reach the servers", async () => {
  const client = await connect();
  const updates: string[] = [];
  const logs: unknown[] = [];
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updates.push(n.params.uri));
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params.data));
  await client.setLoggingLevel("debug");
  const uri = "demo://resource/static/document/architecture.md";
  await client.subscribeResource({ uri });
  await client.callTool({ name: "everything__toggle-subscriber-updates", arguments: {} });
  const deadline = Date.now() + 12_000;
  while (!updates.includes(uri) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  assert.ok(updates.includes(uri), "an update for the subscribed resource arrived");
  assert.ok(logs.length > 0, "the server's log messages reached the client");
  await client.unsubscribeResource({ uri });
  await client.callTool({ name: "everything__toggle-subscriber-updates", arguments: {} });
  await client.close();
});

test("a legacy SSE client can use the gateway", async () => {
  const client = new Client({ name: "legacy", version: "1" });
  await client.connect(new SSEClientTransport(new URL(g.url.replace("/mcp", "/sse"))));
  const r = await client.callTool({ name: "everything__echo", arguments: { message: "old transport" } });
  assert.deepEqual(r.content, [{ type: "text", text: "Echo: old transport" }]);
  await client.close();
});
