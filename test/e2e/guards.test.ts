import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { EVERYTHING, startGateway, type TestGateway } from "../support.js";
import type { Guard, GuardContext } from "../../src/guards/guard.js";

const calls: GuardContext[] = [];
/** Test guards proving the contract end to end with a real upstream. */
const guards: Guard[] = [
  {
    name: "record",
    request: (ctx) => (calls.push(ctx), { action: "allow" }),
  },
  {
    name: "no-sum",
    request: (ctx) =>
      ctx.target === "everything__get-sum"
        ? { action: "deny", code: "denied", message: "get-sum is not allowed", detail: "rule t1" }
        : { action: "allow" },
    listItem: (ctx, item) =>
      item.name === "everything__get-sum"
        ? { action: "deny", code: "denied", message: "hidden" }
        : { action: "allow" },
  },
  {
    name: "shout",
    request: (ctx, params) =>
      ctx.target === "everything__echo"
        ? {
            action: "modify",
            value: {
              ...params,
              arguments: { message: String((params.arguments as { message: string }).message).toUpperCase() },
            },
          }
        : { action: "allow" },
    response: (ctx, result) =>
      ctx.target === "everything__echo"
        ? { action: "modify", value: { ...result, _meta: { checked: true } } }
        : { action: "allow" },
  },
  {
    name: "broken",
    request: (ctx) => {
      if (ctx.target === "everything__get-tiny-image") throw new Error("bug in a detector");
      return { action: "allow" };
    },
  },
];

let g: TestGateway;
let client: Client;
before(async () => {
  g = await startGateway(
    { servers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"] } } },
    guards,
  );
  client = new Client({ name: "guards", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(g.url)));
});
after(async () => {
  await client.close();
  await g.close();
});

test("a denied call is a JSON-RPC error with a stable code, and the private detail stays in the gateway", async () => {
  await assert.rejects(
    client.callTool({ name: "everything__get-sum", arguments: { a: 1, b: 2 } }),
    (e: Error & { code?: number; data?: unknown }) => {
      assert.equal(e.code, -32010);
      assert.match(e.message, /get-sum is not allowed/);
      assert.doesNotMatch(JSON.stringify(e), /rule t1/, "the private detail stays in the gateway");
      return true;
    },
  );
});

test("a modify is seen by the upstream and a response modify by the client", async () => {
  const r = await client.callTool({ name: "everything__echo", arguments: { message: "quiet" } });
  assert.deepEqual(r.content, [{ type: "text", text: "Echo: QUIET" }]);
  assert.deepEqual(r._meta, { checked: true });
});

test("a guard that throws fails closed", async () => {
  await assert.rejects(
    client.callTool({ name: "everything__get-tiny-image", arguments: {} }),
    /could not be checked/,
  );
});

test("list results are filtered by the same guards, and guards see who, where and what", async () => {
  const names = (await client.listTools()).tools.map((t) => t.name);
  assert.ok(!names.includes("everything__get-sum"));
  assert.ok(names.includes("everything__echo"));
  const seen = calls.find((c) => c.target === "everything__echo")!;
  assert.equal(seen.server, "everything");
  assert.equal(seen.upstreamTarget, "echo");
  assert.equal(seen.principal.subject, "local");
  assert.equal(seen.client?.name, "guards");
});
