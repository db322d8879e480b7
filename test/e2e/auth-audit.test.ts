import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import Database from "better-sqlite3";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { parseConfig } from "../../src/config/load.js";
import { startGateway, type RunningGateway } from "../../src/gateway/start.js";
import { silentLogger } from "../../src/log.js";
import { createApiKey, revokeApiKey } from "../../src/auth/index.js";
import { AUDIT_LOG, verifyAudit, withJournal } from "../../src/audit/index.js";
import { startLocalIssuer, type LocalIssuer } from "../../src/auth/local-issuer.test-support.js";
import { freePort } from "../support.js";

/** An HTTP MCP upstream that records every header it receives. */
const seenHeaders: Array<Record<string, string | string[] | undefined>> = [];
let upstream: Server;
let issuer: LocalIssuer;
let gw: RunningGateway;
let dir: string;

before(async () => {
  upstream = createServer(async (req, res) => {
    seenHeaders.push({ ...req.headers });
    const server = new McpServer({ name: "recorder", version: "1" });
    server.registerTool("hello", { description: "Says hello" }, async () => ({
      content: [{ type: "text", text: "hello" }],
    }));
    server.registerTool("vault", { description: "Opens the vault" }, async () => ({
      content: [{ type: "text", text: "opened" }],
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => void transport.close());
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  issuer = await startLocalIssuer();
  dir = mkdtempSync(join(tmpdir(), "bastion-auth-"));
  const port = await freePort();
  const text = stringify({
    listen: { host: "127.0.0.1", port },
    public_url: `http://127.0.0.1:${port}/mcp`,
    store: `sqlite:${join(dir, "bastion.db")}`,
    servers: {
      rec: {
        url: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/mcp`,
        headers: { "x-upstream-credential": "from-config" },
      },
    },
    auth: {
      oauth: { issuer: issuer.url, required_scopes: ["mcp"] },
      api_keys: true,
      lockout: { max_failures: 3, window_seconds: 60, lock_seconds: 30 },
      mfa: { tools: ["rec/vault"] },
    },
    audit: { file: join(dir, "audit.jsonl"), arguments: "redacted" },
    metrics: { enabled: true },
    policy: { default: "allow", rules: [] },
  });
  gw = await startGateway(
    { config: parseConfig(text, "auth.yaml"), file: "auth.yaml", baseDir: dir },
    silentLogger(),
    {
      allowUnauthenticatedRemote: false,
    },
  );
});

after(async () => {
  await gw.close();
  await issuer.close();
  upstream.closeAllConnections();
  await new Promise<void>((r) => upstream.close(() => r()));
});

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: "authed", version: "1" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(gw.url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

test("no token gets 401 pointing at the protected resource metadata, which names the issuer", async () => {
  const r = await fetch(gw.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: "{}",
  });
  assert.equal(r.status, 401);
  const challenge = r.headers.get("www-authenticate") ?? "";
  const m = /resource_metadata="([^"]+)"/.exec(challenge);
  assert.ok(m, challenge);
  const doc = (await (await fetch(m[1]!)).json()) as { resource: string; authorization_servers: string[] };
  assert.equal(doc.resource, gw.url);
  assert.deepEqual(doc.authorization_servers, [issuer.url]);
});

test("a valid token works end to end and the upstream never sees it", async () => {
  const token = await issuer.sign({ sub: "alice", aud: gw.url, scope: "mcp" });
  const client = await connect(token);
  const r = await client.callTool({ name: "rec__hello", arguments: {} });
  assert.deepEqual(r.content, [{ type: "text", text: "hello" }]);
  await client.close();
  assert.ok(seenHeaders.length > 0);
  for (const h of seenHeaders) {
    assert.equal(h.authorization, undefined, "no client Authorization upstream");
    assert.ok(!JSON.stringify(h).includes(token), "the token appears nowhere upstream");
    assert.equal(
      h["x-upstream-credential"],
      "from-config",
      "the upstream gets its own configured credential",
    );
  }
});

test("a tool marked for MFA answers a principal without MFA with an RFC 9470 step-up challenge", async () => {
  const plain = await issuer.sign({ sub: "carol", aud: gw.url, scope: "mcp" });
  const headers = {
    authorization: `Bearer ${plain}`,
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
  };
  const init = await fetch(gw.url, {
    method: "POST",
    headers,
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    }),
  });
  const sid = init.headers.get("mcp-session-id")!;
  const call = await fetch(gw.url, {
    method: "POST",
    headers: { ...headers, "mcp-session-id": sid, "mcp-protocol-version": "2025-11-25" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "rec__vault", arguments: {} },
    }),
  });
  assert.equal(call.status, 401, await call.clone().text());
  assert.match(call.headers.get("www-authenticate") ?? "", /insufficient_user_authentication/);
  const strong = await issuer.sign({ sub: "carol", aud: gw.url, scope: "mcp", amr: ["pwd", "mfa"] });
  const client = await connect(strong);
  assert.deepEqual((await client.callTool({ name: "rec__vault", arguments: {} })).content, [
    { type: "text", text: "opened" },
  ]);
  await client.close();
});

test("a token without the required scope gets 403 insufficient_scope", async () => {
  const token = await issuer.sign({ sub: "bob", aud: gw.url, scope: "other" });
  const r = await fetch(gw.url, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    },
    body: "{}",
  });
  assert.equal(r.status, 403);
  assert.match(r.headers.get("www-authenticate") ?? "", /insufficient_scope/);
});

test("an API key works until it is revoked", async () => {
  const { store } = gw;
  const { key } = await createApiKey(store, { name: "ci-bot", scopes: ["mcp"] });
  const client = await connect(key);
  assert.deepEqual((await client.callTool({ name: "rec__hello", arguments: {} })).content, [
    { type: "text", text: "hello" },
  ]);
  await client.close();
  await revokeApiKey(store, "ci-bot");
  await assert.rejects(connect(key));
  assert.ok(!seenHeaders.some((h) => JSON.stringify(h).includes(key)), "the key never reached the upstream");
});

test("repeated failures lock the source out with Retry-After", async () => {
  let last: Response | undefined;
  for (let i = 0; i < 5; i++) {
    last = await fetch(gw.url, {
      method: "POST",
      headers: {
        authorization: "Bearer bst_000000000000_garbage",
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: "{}",
    });
  }
  assert.equal(last!.status, 429);
  assert.ok(Number(last!.headers.get("retry-after")) > 0);
});

test("every call is in a verifiable audit log, and /metrics counts it", async () => {
  const records = readFileSync(join(dir, "audit.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const call = records.find((r) => r.method === "tools/call" && r.principal === "alice");
  assert.ok(call, "alice's call was recorded");
  for (const field of [
    "time",
    "id",
    "session",
    "principal",
    "client",
    "server",
    "method",
    "target",
    "decision",
    "rule",
    "findings",
    "latency_ms",
    "bytes_in",
    "bytes_out",
    "upstream_status",
    "hash",
    "prev_hash",
  ]) {
    assert.ok(field in call, `audit record has ${field}`);
  }
  assert.equal(call.server, "rec");
  assert.equal(call.target, "rec__hello");
  assert.equal(call.decision, "allow");
  // The running gateway moves records from its journal into the store in bulk; the audit
  // commands read both, as this does.
  const audit = withJournal(gw.store);
  const stored = (await audit.read(AUDIT_LOG)).length;
  assert.equal(stored, records.length, "the store and the file hold the same records");
  assert.deepEqual(await verifyAudit(audit), { ok: true, count: stored, checkpoints: 0 });
  const inSqlite = () => {
    const db = new Database(join(dir, "bastion.db"), { readonly: true });
    try {
      return (db.prepare("SELECT COUNT(*) AS n FROM logs WHERE log = 'audit'").get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  for (let i = 0; i < 50 && inSqlite() < stored; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(inSqlite(), stored, "the SQLite file itself holds them within a second");
  const metrics = await (await fetch(gw.url.replace("/mcp", "/metrics"))).text();
  assert.match(metrics, /bastion_requests_total\{server="rec",method="tools\/call",decision="allow"\} [1-9]/);
  assert.match(metrics, /bastion_auth_failures_total [1-9]/);
});
