import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { stringify } from "yaml";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  CancelledNotificationSchema,
  ListRootsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { loadConfig } from "../../src/config/load.js";
import { startGateway } from "../../src/gateway/start.js";
import { silentLogger } from "../../src/log.js";
import type { AuditRecord } from "../../src/audit/index.js";
import { bastionCli, EVERYTHING, FILESYSTEM, startGateway as startTestGateway } from "../support.js";

const SECRET = "ghp_R8x2mQ7vLk4pZt9wYc3nHb6sJf1dGa5eUo0i";

test("a server's sampling and elicitation requests are audited: the one passed on and the one refused", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bastion-server-requests-"));
  const configFile = join(dir, "bastion.yaml");
  writeFileSync(
    join(dir, "policy.yaml"),
    stringify({
      rules: [{ id: "everyone", effect: "allow" }],
      // the server may ask the client's model, but not ask the user for input
      server_requests: { everything: { allow: ["sampling/*"] } },
    }),
  );
  writeFileSync(
    configFile,
    stringify({
      listen: { host: "127.0.0.1", port: 0 },
      store: "sqlite:bastion.db",
      policy: "policy.yaml",
      audit: { arguments: "redacted" },
      servers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"] } },
    }),
  );
  const gw = await startGateway(loadConfig(configFile), silentLogger(), {
    allowUnauthenticatedRemote: false,
  });
  const client = new Client(
    { name: "sampler", version: "2" },
    { capabilities: { sampling: {}, elicitation: {} } },
  );
  let elicited = 0;
  client.setRequestHandler(CreateMessageRequestSchema, async () => ({
    model: "test-model",
    role: "assistant",
    content: { type: "text", text: "sampled" },
  }));
  client.setRequestHandler(ElicitRequestSchema, async () => {
    elicited += 1;
    return { action: "decline" };
  });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(gw.url)));
    const sampled = await client.callTool({
      name: "everything__trigger-sampling-request",
      arguments: { prompt: `summarise ${SECRET}`, maxTokens: 10 },
    });
    assert.match(JSON.stringify(sampled.content), /sampled/);
    await client
      .callTool({ name: "everything__trigger-elicitation-request", arguments: {} })
      .catch(() => undefined); // the server's own handling of the refusal is not what is tested
    assert.equal(elicited, 0, "the refused elicitation never reached the client");
  } finally {
    await client.close();
    await gw.close();
  }

  const query = await bastionCli("audit", "query", "--json", "--config", configFile);
  assert.equal(query.code, 0, query.out);
  const records = query.out
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as AuditRecord);
  const sampling = records.filter((r) => r.method === "sampling/createMessage");
  assert.equal(sampling.length, 1, query.out);
  assert.equal(sampling[0]!.decision, "allow");
  assert.equal(sampling[0]!.rule, 'server_requests["everything"]');
  assert.equal(sampling[0]!.client, "sampler/2");
  assert.ok(sampling[0]!.bytes_in > 0 && sampling[0]!.bytes_out > 0);
  assert.ok(JSON.stringify(sampling[0]!.args).includes("summarise"), "the request's params are kept");
  const elicitation = records.filter((r) => r.method === "elicitation/create");
  assert.equal(elicitation.length, 1, query.out);
  assert.equal(elicitation[0]!.decision, "deny");
  assert.equal(elicitation[0]!.rule, "default");
  assert.ok(!query.out.includes(SECRET), "a secret the server put in its request reached the audit");
  // the session's opening and the calls that caused them are recorded too, and the chain holds all of it
  const [opened, ...again] = records.filter((r) => r.method === "initialize");
  assert.ok(opened && again.length === 0, query.out);
  assert.equal(opened.decision, "allow");
  assert.equal(opened.client, "sampler/2");
  assert.equal(opened.session, sampling[0]!.session, "one session throughout");
  assert.ok(
    records.some((r) => r.method === "tools/call" && r.target === "everything__trigger-sampling-request"),
  );
  const verify = await bastionCli("audit", "verify", "--config", configFile);
  assert.equal(verify.code, 0, verify.out);
});

test("a server's request whose record cannot be kept is not passed on, and the server is told why", async () => {
  // an audit that can write everything but sampling requests: the call around it still works
  const g = await startTestGateway(
    { servers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"] } } },
    [],
    {
      record: (_session, trace) =>
        trace.method === "sampling/createMessage" ? Promise.reject(new Error("disk full")) : undefined,
    },
  );
  const client = new Client({ name: "sampler", version: "2" }, { capabilities: { sampling: {} } });
  let sampled = 0;
  client.setRequestHandler(CreateMessageRequestSchema, async () => {
    sampled += 1;
    return { model: "test-model", role: "assistant", content: { type: "text", text: "sampled" } };
  });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(g.url)));
    const result = await client
      .callTool({ name: "everything__trigger-sampling-request", arguments: { prompt: "hi", maxTokens: 5 } })
      .then(
        (r) => JSON.stringify(r),
        (e: Error) => e.message,
      );
    assert.equal(sampled, 0, "the client was asked although the request was not recorded");
    assert.match(result, /could not be recorded/, "the server's error reaches the caller");
  } finally {
    await client.close();
    await g.close();
  }
});

test("opening a session is audited, and so is a session the gateway refuses", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bastion-sessions-"));
  const configFile = join(dir, "bastion.yaml");
  writeFileSync(
    configFile,
    stringify({
      listen: { host: "127.0.0.1", port: 0 },
      store: "sqlite:bastion.db",
      audit: { arguments: "none" },
      limits: { max_sessions: 1 },
      servers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"] } },
    }),
  );
  const gw = await startGateway(loadConfig(configFile), silentLogger(), {
    allowUnauthenticatedRemote: false,
  });
  const first = new Client({ name: "first", version: "1" });
  const second = new Client({ name: "second", version: "1" });
  try {
    await first.connect(new StreamableHTTPClientTransport(new URL(gw.url)));
    await assert.rejects(
      second.connect(new StreamableHTTPClientTransport(new URL(gw.url))),
      /Too many open sessions/,
    );
  } finally {
    await first.close();
    await second.close();
    await gw.close();
  }
  const query = await bastionCli("audit", "query", "--json", "--config", configFile);
  assert.equal(query.code, 0, query.out);
  const opening = query.out
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as AuditRecord)
    .filter((r) => r.method === "initialize")
    .map((r) => [r.client, r.decision, r.rule, r.principal]);
  assert.deepEqual(opening, [
    ["first/1", "allow", null, "local"],
    ["second/1", "deny", "too_many_sessions", "local"],
  ]);
});

test("a session whose record cannot be kept is closed again and the client told why", async () => {
  const g = await startTestGateway(
    { servers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"] } } },
    [],
    {
      record: (_s, trace) =>
        trace.method === "initialize" ? Promise.reject(new Error("disk full")) : undefined,
    },
  );
  const client = new Client({ name: "unrecorded", version: "1" });
  try {
    await assert.rejects(
      client.connect(new StreamableHTTPClientTransport(new URL(g.url))),
      /The session could not be recorded/,
    );
    assert.equal(g.gw.sessions.size, 0, "the session was left open");
  } finally {
    await client.close();
    await g.close();
  }
});

test("a server asking for roots while its session's opening is being recorded gets the client's roots", async () => {
  const served = mkdtempSync(join(tmpdir(), "bastion-served-"));
  const rooted = mkdtempSync(join(tmpdir(), "bastion-rooted-"));
  // an audit slow to keep the session's record: the server's roots/list comes in meanwhile
  const g = await startTestGateway(
    { servers: { fs: { command: process.execPath, args: [FILESYSTEM, served] } } },
    [],
    {
      record: (_s, trace) =>
        trace.method === "initialize" ? new Promise((r) => setTimeout(r, 300)) : undefined,
    },
  );
  const client = new Client({ name: "rooted", version: "1" }, { capabilities: { roots: {} } });
  let asked = 0;
  client.setRequestHandler(ListRootsRequestSchema, async () => {
    asked += 1;
    return { roots: [{ uri: pathToFileURL(rooted).href, name: "work" }] };
  });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(g.url)));
    for (let i = 0; i < 100 && asked === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(asked, 1, "the server's roots/list reached the client");
    const allowed = await client.callTool({ name: "fs__list_allowed_directories", arguments: {} });
    const text = JSON.stringify(allowed.content);
    assert.ok(text.includes(realpathSync(rooted)), text);
  } finally {
    await client.close();
    await g.close();
  }
});

test("a server request withdrawn while it is being recorded never reaches the client, nor does its withdrawal", async () => {
  // the audit holds sampling records long enough for the server to withdraw its request meanwhile
  const g = await startTestGateway(
    {
      servers: { w: { command: process.execPath, args: [resolve("test/fixtures/withdrawing-server.mjs")] } },
    },
    [],
    {
      record: (_s, trace) =>
        trace.method === "sampling/createMessage" ? new Promise((r) => setTimeout(r, 300)) : undefined,
    },
  );
  const client = new Client({ name: "sampler", version: "1" }, { capabilities: { sampling: {} } });
  let asked = 0;
  const stray: unknown[] = [];
  client.setRequestHandler(CreateMessageRequestSchema, async () => {
    asked += 1;
    return { model: "m", role: "assistant", content: { type: "text", text: "x" } };
  });
  client.setNotificationHandler(CancelledNotificationSchema, async (n) => void stray.push(n.params));
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(g.url)));
    const r = await client.callTool({ name: "w__ask-and-withdraw", arguments: {} });
    assert.deepEqual(r.content, [{ type: "text", text: "withdrawn" }]);
    await new Promise((done) => setTimeout(done, 400)); // past the record, when it would be sent
    assert.equal(asked, 0, "the withdrawn request was sent to the client");
    assert.deepEqual(stray, [], "the client was told to cancel a request it never received");
  } finally {
    await client.close();
    await g.close();
  }
});
