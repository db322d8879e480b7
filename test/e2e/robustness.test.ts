import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { EVERYTHING, post, rawSession, startGateway, type TestGateway } from "../support.js";

let g: TestGateway;
let sid: string;

before(async () => {
  g = await startGateway({
    servers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"], prefix: false } },
    limits: { max_body_bytes: 64 * 1024, request_timeout_ms: 1500 },
  });
  sid = await rawSession(g.url);
});
after(() => g.close());

const headers = () => ({ "mcp-session-id": sid, "mcp-protocol-version": "2025-11-25" });
const call = (id: number, message = "ok") => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name: "echo", arguments: { message } },
});

async function stillServes(): Promise<void> {
  const r = await post(g.url, call(99, "alive"), headers());
  assert.equal(r.status, 200);
  assert.ok(r.text.includes("Echo: alive"));
}

test("malformed JSON gets 400 with a JSON-RPC parse error, and the gateway keeps serving", async () => {
  const r = await post(g.url, '{"jsonrpc": "2.0", "id": 1, "method": ', headers());
  assert.equal(r.status, 400);
  assert.equal((r.json() as { error: { code: number } }).error.code, -32700);
  await stillServes();
});

test("a JSON-RPC batch is refused with a message that says batches are not supported", async () => {
  const r = await post(g.url, [call(1), call(2)], headers());
  assert.equal(r.status, 400);
  const body = r.json() as { error: { code: number; message: string } };
  assert.equal(body.error.code, -32600);
  assert.match(body.error.message, /batch/i);
  await stillServes();
});

test("a body over the size limit is refused with 413 before it is buffered", async () => {
  const r = await post(g.url, call(3, "x".repeat(200 * 1024)), headers());
  assert.equal(r.status, 413);
  assert.match(r.text, /limit of 65536 bytes/);
  await stillServes();
});

test("requests without a session, or with an unknown one, get 400 and 404", async () => {
  const missing = await post(g.url, call(4), { "mcp-protocol-version": "2025-11-25" });
  assert.equal(missing.status, 400);
  assert.match(missing.text, /Mcp-Session-Id header is required/);
  const unknown = await post(g.url, call(5), {
    "mcp-session-id": "no-such-session",
    "mcp-protocol-version": "2025-11-25",
  });
  assert.equal(unknown.status, 404);
  await stillServes();
});

test("a wrong or unsupported protocol version header gets 400 naming the versions", async () => {
  const bad = await post(g.url, call(6), { "mcp-session-id": sid, "mcp-protocol-version": "1999-01-01" });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /unsupported protocol version 1999-01-01/);
  const other = await post(g.url, call(7), { "mcp-session-id": sid, "mcp-protocol-version": "2025-03-26" });
  assert.equal(other.status, 400);
  assert.match(other.text, /does not match/);
  await stillServes();
});

test("a foreign Origin or Host is refused with 403 (DNS rebinding)", async () => {
  const origin = await post(g.url, call(8), { ...headers(), origin: "http://evil.example.com" });
  assert.equal(origin.status, 403);
  const host = await new Promise<number>((resolve, reject) => {
    const req = request(
      g.url,
      {
        method: "POST",
        headers: {
          host: "evil.example.com",
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...headers(),
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(call(9)));
  });
  assert.equal(host, 403);
  const local = await post(g.url, call(10), { ...headers(), origin: `http://localhost:${g.port}` });
  assert.equal(local.status, 200);
});

test("wrong media types get 415 and 406", async () => {
  const type = await post(g.url, call(11), { ...headers(), "content-type": "text/plain" });
  assert.equal(type.status, 415);
  const accept = await post(g.url, call(12), { ...headers(), accept: "text/html" });
  assert.equal(accept.status, 406);
});

test("an unknown tool is a clear JSON-RPC error, and an unknown method is passed to the server", async () => {
  const tool = await post(
    g.url,
    { jsonrpc: "2.0", id: 13, method: "tools/call", params: { name: "nope", arguments: {} } },
    headers(),
  );
  assert.match(tool.text, /nope/);
  const method = await post(
    g.url,
    { jsonrpc: "2.0", id: 14, method: "vendor/unknown", params: {} },
    headers(),
  );
  const body = method.json() as { error: { code: number } };
  assert.equal(body.error.code, -32601, "the upstream's own method-not-found comes back");
});

test("a call that outlives the request timeout gets a timeout error naming the server", async () => {
  const started = Date.now();
  const r = await post(
    g.url,
    {
      jsonrpc: "2.0",
      id: 15,
      method: "tools/call",
      params: { name: "trigger-long-running-operation", arguments: { duration: 5, steps: 1 } },
    },
    headers(),
  );
  const body = r.json() as { error: { code: number; message: string } };
  assert.equal(body.error.code, -32001);
  assert.match(body.error.message, /timed out after 1500 ms waiting for upstream "everything"/);
  assert.ok(Date.now() - started < 4000);
  await stillServes();
});

test("a deleted session is gone and its id no longer works", async () => {
  const id = await rawSession(g.url);
  const del = await fetch(g.url, { method: "DELETE", headers: { "mcp-session-id": id } });
  assert.equal(del.status, 200);
  const after = await post(g.url, call(16), { "mcp-session-id": id, "mcp-protocol-version": "2025-11-25" });
  assert.equal(after.status, 404);
});

test("health and readiness endpoints answer", async () => {
  const h = await fetch(g.url.replace("/mcp", "/healthz"));
  assert.equal(h.status, 200);
  const r = await fetch(g.url.replace("/mcp", "/readyz"));
  assert.equal(r.status, 200);
});

test("the SDK client still works after all of the above", async () => {
  const client = new Client({ name: "after", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(g.url)));
  const r = await client.callTool({ name: "echo", arguments: { message: "fine" } });
  assert.deepEqual(r.content, [{ type: "text", text: "Echo: fine" }]);
  await client.close();
});
