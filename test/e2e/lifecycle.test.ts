import { test } from "node:test";
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport, getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { EVERYTHING, startGateway } from "../support.js";
import type { StdioTransport } from "../../src/upstream/stdio-transport.js";

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: "lifecycle", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

test("an upstream killed mid-call answers the call with an error within a second, and the next call works once it is back", async () => {
  const g = await startGateway({
    servers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"], prefix: false } },
  });
  try {
    const client = await connect(g.url);
    const session = [...g.gw.sessions.values()][0]!;
    const pid = (session.upstreams.get("everything")!.transportForTests as StdioTransport).pid!;
    const call = client.callTool({
      name: "trigger-long-running-operation",
      arguments: { duration: 30, steps: 30 },
    });
    await new Promise((r) => setTimeout(r, 300));
    const killedAt = Date.now();
    process.kill(pid, "SIGKILL");
    const outcome = await call.then(
      (r) => r,
      (e: Error) => e,
    );
    const waited = Date.now() - killedAt;
    const text = outcome instanceof Error ? outcome.message : JSON.stringify(outcome);
    assert.match(text, /Upstream "everything" exited on signal SIGKILL while handling the request/);
    assert.ok(waited < 1000, `error took ${waited} ms`);
    const deadline = Date.now() + 10_000;
    let echoed: unknown;
    while (Date.now() < deadline) {
      try {
        echoed = await client.callTool({ name: "echo", arguments: { message: "back" } });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    assert.deepEqual((echoed as { content: unknown }).content, [{ type: "text", text: "Echo: back" }]);
    const newPid = (session.upstreams.get("everything")!.transportForTests as StdioTransport).pid!;
    assert.notEqual(newPid, pid, "a new process serves the session");
    await client.close();
  } finally {
    await g.close();
  }
});

test("a child gets only the variables its config declares, plus PATH and HOME", async () => {
  process.env.BASTION_TEST_GATEWAY_SECRET = "gateway-only-secret-value";
  process.env.BASTION_TEST_DECLARED = "declared-value";
  const g = await startGateway({
    servers: {
      everything: {
        command: process.execPath,
        args: [EVERYTHING, "stdio"],
        prefix: false,
        env: { GIVEN: "${env:BASTION_TEST_DECLARED}" },
      },
    },
  });
  try {
    const client = await connect(g.url);
    const r = await client.callTool({ name: "get-env", arguments: {} });
    const text = JSON.stringify(r.content);
    assert.ok(
      !text.includes("gateway-only-secret-value"),
      "the gateway's own secret did not reach the child",
    );
    assert.ok(text.includes("declared-value"), "the declared variable did");
    const env = JSON.parse((r.content as Array<{ text: string }>)[0]!.text) as Record<string, string>;
    assert.deepEqual(Object.keys(env).sort(), ["GIVEN", "HOME", "PATH"].filter((k) => k in env).sort());
    await client.close();
  } finally {
    delete process.env.BASTION_TEST_GATEWAY_SECRET;
    await g.close();
  }
});

test("closing the gateway shuts every child down", async () => {
  const g = await startGateway({
    servers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"] } },
  });
  const client = await connect(g.url);
  const session = [...g.gw.sessions.values()][0]!;
  const pid = (session.upstreams.get("everything")!.transportForTests as StdioTransport).pid!;
  await g.close();
  assert.throws(() => process.kill(pid, 0), /ESRCH/, "the child process is gone");
  await client.close().catch(() => {});
});

test("bastion wrap puts the gateway between a stdio client and a stdio server", async () => {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      "--import",
      "tsx",
      "src/cli/main.ts",
      "wrap",
      "--name",
      "everything",
      "--",
      process.execPath,
      EVERYTHING,
      "stdio",
    ],
    stderr: "pipe",
    env: { ...getDefaultEnvironment(), HOME: mkdtempSync(join(tmpdir(), "bastion-home-")) },
  });
  const client = new Client({ name: "desktop", version: "1" });
  await client.connect(transport);
  const tools = (await client.listTools()).tools.map((t) => t.name);
  assert.ok(tools.includes("echo"), "names pass through unprefixed under wrap");
  const r = await client.callTool({ name: "echo", arguments: { message: "wrapped" } });
  assert.deepEqual(r.content, [{ type: "text", text: "Echo: wrapped" }]);
  await client.close();
});

test("bastion wrap guards even without a config: a poisoned tool of the wrapped server is withheld", async () => {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      "--import",
      "tsx",
      "src/cli/main.ts",
      "wrap",
      "--",
      process.execPath,
      resolve("test/fixtures/poisoned-server.mjs"),
    ],
    stderr: "pipe",
    env: { ...getDefaultEnvironment(), HOME: mkdtempSync(join(tmpdir(), "bastion-home-")) },
  });
  const client = new Client({ name: "desktop", version: "1" });
  await client.connect(transport);
  const tools = (await client.listTools()).tools.map((t) => t.name);
  assert.deepEqual(tools, ["add"]);
  await client.close();
});
