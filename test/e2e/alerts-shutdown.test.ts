import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { resolve } from "node:path";
import pino from "pino";
import { stringify } from "yaml";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { parseConfig } from "../../src/config/load.js";
import { startGateway } from "../../src/gateway/start.js";
import type { Alert } from "../../src/alerts/index.js";

const ECHO = resolve("test/fixtures/echo-server.mjs");

/** A loopback webhook that takes `holdMs` to answer each alert, as a slow chat service does. */
async function slowWebhook(holdMs: number) {
  const received: Alert[] = [];
  let answered = 0;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push(JSON.parse(body) as Alert);
      setTimeout(() => {
        res.writeHead(204).end();
        answered += 1;
      }, holdMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/alerts`,
    received,
    answered: () => answered,
    close: () => new Promise((r) => server.close(r)),
  };
}

test("a stopping gateway delivers the alerts still queued for its webhook before it closes", async () => {
  const hook = await slowWebhook(600);
  const config = parseConfig(
    stringify({
      listen: { host: "127.0.0.1", port: 0 },
      store: "memory",
      servers: { echo: { command: process.execPath, args: [ECHO] } },
      // every response is an oversized transfer, and each one is its own alert
      alerts: { webhook: hook.url, data_transfer: { bytes: 1, window_seconds: 60 }, dedup_seconds: 0.001 },
    }),
    "alerts-shutdown.yaml",
  );
  const gw = await startGateway(
    { config, file: "alerts-shutdown.yaml", baseDir: process.cwd() },
    pino({ level: "silent" }),
    { allowUnauthenticatedRemote: false },
  );
  const client = new Client({ name: "shutdown", version: "1" });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(gw.url)));
    for (const text of ["one", "two"]) {
      const echoed = await client.callTool({ name: "echo__echo", arguments: { text } });
      assert.deepEqual(echoed.content, [{ type: "text", text }]);
      await new Promise((r) => setTimeout(r, 20)); // a distinct alert time for each
    }
    // the webhook still holds the first alert; the others wait behind it in the gateway
  } finally {
    await client.close();
    await gw.close();
  }
  try {
    // one alert per response the client got: the session's opening and both calls
    assert.equal(hook.received.length, 3, "every alert reached the webhook before close() returned");
    assert.equal(hook.answered(), 3, "close() waited for the webhook's answers");
    assert.deepEqual(
      hook.received.map((a) => a.type),
      ["data.transfer", "data.transfer", "data.transfer"],
    );
  } finally {
    await hook.close();
  }
});
