import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { loadConfig } from "../../src/config/load.js";
import { startGateway, type RunningGateway } from "../../src/gateway/start.js";
import { createIdentityPinning } from "../../src/guards/pinning/index.js";
import { silentLogger } from "../../src/log.js";
import { SqliteStore } from "../../src/store/sqlite.js";
import type { StdioTransport } from "../../src/upstream/stdio-transport.js";
import { bastionCli, freePort, startGateway as startTestGateway } from "../support.js";

const dir = mkdtempSync(join(tmpdir(), "bastion-pin-server-"));
const configFile = join(dir, "bastion.yaml");
const identityFile = join(dir, "identity.json");
const FIXTURE = resolve("test/fixtures/identity-server.mjs");
const FIRST = "Use forecast for weather questions. Give temperatures in Celsius.";
const SECOND = "Use forecast for weather questions. Give temperatures in Fahrenheit.";
let gw: RunningGateway;
let hook: Server;
const alerts: Array<{ type: string; server?: string; target?: string; summary: string }> = [];

/** What the fixture server says about itself the next time it starts. */
function serverSays(identity: { version: string; instructions?: string }): void {
  writeFileSync(identityFile, JSON.stringify(identity));
}

/** Runs the real CLI against the gateway's own config and store. */
const bastion = (...args: string[]) => bastionCli(...args, "--config", configFile);

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: "pin-server", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

/** A new session's view: the instructions it was given, and whether the tool still works. */
async function newSession(): Promise<{ instructions: string | undefined; tools: string[]; call: unknown }> {
  const client = await connect(gw.url);
  try {
    const tools = (await client.listTools()).tools.map((t) => t.name);
    const r = await client.callTool({ name: "ident__forecast", arguments: { city: "Oslo" } });
    return { instructions: client.getInstructions(), tools, call: r.content };
  } finally {
    await client.close();
  }
}

async function alertFor(target: string): Promise<(typeof alerts)[number] | undefined> {
  for (let i = 0; i < 100; i++) {
    const found = alerts.find((a) => a.type === "pin.changed" && a.target === target);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}

before(async () => {
  hook = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      alerts.push(JSON.parse(body) as (typeof alerts)[number]);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  const hookPort = (hook.address() as { port: number }).port;
  serverSays({ version: "1.0.0", instructions: FIRST });
  writeFileSync(
    configFile,
    stringify({
      listen: { host: "127.0.0.1", port: await freePort() },
      store: "sqlite:bastion.db",
      pinning: { mode: "tofu" },
      alerts: { webhook: `http://127.0.0.1:${hookPort}/alerts` },
      servers: { ident: { command: process.execPath, args: [FIXTURE, identityFile], cwd: process.cwd() } },
    }),
  );
  gw = await startGateway(loadConfig(configFile), silentLogger(), { allowUnauthenticatedRemote: false });
});
after(async () => {
  await gw.close();
  await new Promise((r) => hook.close(r));
});

test("changed server instructions are withheld until approved, while the server's tools keep working", async () => {
  const first = await connect(gw.url);
  assert.equal(first.getInstructions(), FIRST, "first sight is pinned and shown (tofu)");
  const firstSession = [...gw.gateway.sessions.values()][0]!;

  serverSays({ version: "1.0.0", instructions: SECOND });
  const changed = await newSession();
  assert.equal(changed.instructions, undefined, "the changed instructions never reach the client");
  assert.deepEqual(changed.tools, ["ident__forecast"], "the unchanged tool is still listed");
  assert.deepEqual(changed.call, [{ type: "text", text: "Sunny in Oslo" }]);
  const alert = await alertFor("instructions");
  assert.ok(alert, "a pin.changed alert went out");
  assert.equal(alert.server, "ident");
  assert.match(alert.summary, /server instructions on ident changed after it was pinned/);

  // a restart that brings the new instructions into an open session does not bring them in either
  const conn = firstSession.upstreams.get("ident")!;
  const before = conn.result;
  process.kill((conn.transportForTests as StdioTransport).pid!, "SIGKILL");
  for (let i = 0; i < 200 && (conn.result === before || conn.state !== "ready"); i++)
    await new Promise((r) => setTimeout(r, 50));
  assert.equal(conn.result?.instructions, SECOND, "the restarted server says the new instructions");
  assert.equal(gw.gateway.describe(firstSession).instructions, undefined);
  await first.close();

  const list = await bastion("pins", "list");
  assert.equal(list.code, 1, "something waits for approval");
  assert.match(list.out, /^ident {2}server {2}instructions {2}CHANGED, awaiting approval$/m);
  assert.match(list.out, /^ident {2}server {2}info {2}approved$/m);
  assert.match(list.out, /^ident {2}tools {2}forecast {2}approved$/m);

  const diff = await bastion("pins", "diff", "ident", "instructions");
  assert.match(diff.out, /^- {5}Give temperatures in Celsius\.$/m);
  assert.match(diff.out, /^\+ {5}Give temperatures in Fahrenheit\.$/m);

  const approve = await bastion("pins", "approve", "ident");
  assert.match(approve.out, /approved 1 definition/);
  assert.equal((await newSession()).instructions, SECOND, "approved instructions are shown");
  assert.equal((await bastion("pins", "list")).code, 0, "nothing waits any more");
});

test("a new version alone waits for approval and alerts, but withholds neither instructions nor tools", async () => {
  serverSays({ version: "2.0.0", instructions: SECOND });
  const upgraded = await newSession();
  assert.equal(upgraded.instructions, SECOND);
  assert.deepEqual(upgraded.tools, ["ident__forecast"]);
  assert.deepEqual(upgraded.call, [{ type: "text", text: "Sunny in Oslo" }]);
  assert.ok(await alertFor("info"), "a pin.changed alert went out for the version");

  const list = await bastion("pins", "list", "ident");
  assert.equal(list.code, 1);
  assert.match(list.out, /^ident {2}server {2}info {2}CHANGED, awaiting approval$/m);
  assert.match(list.out, /^ident {2}server {2}instructions {2}approved$/m);
  const diff = await bastion("pins", "diff", "ident", "info");
  assert.match(diff.out, /^- \/version: "1\.0\.0"$/m);
  assert.match(diff.out, /^\+ \/version: "2\.0\.0"$/m);

  const reject = await bastion("pins", "reject", "ident", "info");
  assert.match(reject.out, /rejected/);
  assert.equal((await newSession()).instructions, SECOND, "seen again, the version waits again");
  assert.match(
    (await bastion("pins", "list")).out,
    /^ident {2}server {2}info {2}CHANGED, awaiting approval$/m,
  );
  assert.match((await bastion("pins", "approve", "ident", "info")).out, /approved 1 definition/);
  assert.equal((await bastion("pins", "list")).code, 0);
});

test("when the pin store fails, the server's instructions are withheld and its tools still answer", async () => {
  const broken = new SqliteStore(join(dir, "broken.db"));
  await broken.close();
  serverSays({ version: "1.0.0", instructions: FIRST });
  const g = await startTestGateway(
    { servers: { ident: { command: process.execPath, args: [FIXTURE, identityFile] } } },
    [],
    { serverIdentity: createIdentityPinning({ store: broken, mode: "tofu" }) },
  );
  try {
    const client = await connect(g.url);
    assert.equal(client.getInstructions(), undefined);
    const r = await client.callTool({ name: "ident__forecast", arguments: { city: "Oslo" } });
    assert.deepEqual(r.content, [{ type: "text", text: "Sunny in Oslo" }]);
    await client.close();
  } finally {
    await g.close();
  }
});
