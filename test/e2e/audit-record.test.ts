import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { parseConfig } from "../../src/config/load.js";
import { startGateway, type RunningGateway } from "../../src/gateway/start.js";
import { silentLogger } from "../../src/log.js";
import { EVERYTHING } from "../support.js";

/*
 * What the audit says about a call matches what the client saw: the sizes of the bodies it
 * sent and received, and an upstream that timed out recorded as a timeout, not as a gateway denial.
 */

let dir: string;
let gw: RunningGateway;
let session: string;

const HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

async function post(body: unknown): Promise<Response> {
  return fetch(gw.url, {
    method: "POST",
    headers: { ...HEADERS, "mcp-session-id": session, "mcp-protocol-version": "2025-11-25" },
    body: JSON.stringify(body),
  });
}

function records(): Array<Record<string, unknown>> {
  return readFileSync(join(dir, "audit.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "bastion-audit-record-"));
  const config = parseConfig(
    stringify({
      listen: { host: "127.0.0.1", port: 0 },
      store: `sqlite:${join(dir, "bastion.db")}`,
      servers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"], timeout_ms: 400 } },
      audit: { file: "audit.jsonl", arguments: "full" },
    }),
    "audit-record.yaml",
  );
  gw = await startGateway({ config, baseDir: dir, file: join(dir, "audit-record.yaml") }, silentLogger(), {
    allowUnauthenticatedRemote: false,
  });
  const init = await fetch(gw.url, {
    method: "POST",
    headers: HEADERS,
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    }),
  });
  session = init.headers.get("mcp-session-id") ?? "";
  await init.text();
  await post({ jsonrpc: "2.0", method: "notifications/initialized" });
});

after(async () => {
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
});

test("bytes_in and bytes_out are the sizes of the bodies the client sent and received", async () => {
  const request = {
    jsonrpc: "2.0",
    id: 7,
    method: "tools/call",
    params: { name: "everything__echo", arguments: { message: "size me ✓" } },
  };
  const r = await post(request);
  const body = Buffer.from(await r.arrayBuffer());
  assert.equal(r.status, 200);
  assert.match(body.toString(), /Echo: size me ✓/);
  const rec = records().find((x) => x.target === "everything__echo");
  assert.ok(rec, "the call was recorded");
  assert.equal(rec.bytes_in, Buffer.byteLength(JSON.stringify(request)));
  assert.equal(rec.bytes_out, body.length);
  assert.equal(rec.decision, "allow");
  assert.equal(rec.upstream_status, "ok");
});

test("a stateless (2026-07-28) call's bytes_out is the size of the body the client received", async () => {
  const request = {
    jsonrpc: "2.0",
    id: 9,
    method: "tools/call",
    params: {
      name: "everything__echo",
      arguments: { message: "stateless ✓" },
      _meta: {
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {},
      },
    },
  };
  const r = await fetch(gw.url, {
    method: "POST",
    headers: {
      ...HEADERS,
      "mcp-protocol-version": "2026-07-28",
      "mcp-method": "tools/call",
      "mcp-name": "everything__echo",
    },
    body: JSON.stringify(request),
  });
  const body = Buffer.from(await r.arrayBuffer());
  assert.equal(r.status, 200, body.toString());
  assert.match(body.toString(), /"resultType":"complete"/, "the revision's own result fields are sent");
  const rec = records().find(
    (x) => x.target === "everything__echo" && x.bytes_in === Buffer.byteLength(JSON.stringify(request)),
  );
  assert.ok(rec, "the call was recorded");
  assert.equal(rec.bytes_out, body.length);

  // a list carries the revision's caching hints as well, and they are counted too
  const list = { jsonrpc: "2.0", id: 10, method: "tools/list", params: { _meta: request.params._meta } };
  const listed = await fetch(gw.url, {
    method: "POST",
    headers: { ...HEADERS, "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/list" },
    body: JSON.stringify(list),
  });
  const listBody = Buffer.from(await listed.arrayBuffer());
  assert.match(listBody.toString(), /"ttlMs":0,"cacheScope":"private"/);
  const listRec = records().find(
    (x) => x.method === "tools/list" && x.bytes_in === Buffer.byteLength(JSON.stringify(list)),
  );
  assert.equal(listRec?.bytes_out, listBody.length);
});

test("an upstream that times out is recorded as a timeout the gateway allowed", async () => {
  const r = await post({
    jsonrpc: "2.0",
    id: 8,
    method: "tools/call",
    params: { name: "everything__trigger-long-running-operation", arguments: { duration: 5, steps: 1 } },
  });
  const text = await r.text();
  assert.match(text, /timed out/);
  const rec = records().find((x) => x.target === "everything__trigger-long-running-operation");
  assert.ok(rec, "the call was recorded");
  assert.equal(rec.upstream_status, "timeout");
  assert.equal(rec.decision, "allow");
  assert.equal(rec.rule, null);
});
