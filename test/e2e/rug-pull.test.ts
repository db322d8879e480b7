import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { loadConfig } from "../../src/config/load.js";
import { startGateway, type RunningGateway } from "../../src/gateway/start.js";
import { silentLogger } from "../../src/log.js";
import { bastionCli, freePort } from "../support.js";

const dir = mkdtempSync(join(tmpdir(), "bastion-rug-"));
const configFile = join(dir, "bastion.yaml");
let gw: RunningGateway;

/** Runs the real CLI against the gateway's own config and store. */
const bastion = (...args: string[]) => bastionCli(...args, "--config", configFile);

before(async () => {
  const port = await freePort();
  writeFileSync(
    configFile,
    stringify({
      listen: { host: "127.0.0.1", port },
      store: "sqlite:bastion.db",
      pinning: { mode: "tofu" },
      servers: {
        rug: {
          command: process.execPath,
          args: [resolve("test/fixtures/rug-pull-server.mjs")],
          // pinning alone must catch it: a subtler change would pass the poisoning detector
          poisoning: "off",
          cwd: process.cwd(),
        },
      },
    }),
  );
  gw = await startGateway(loadConfig(configFile), silentLogger(), { allowUnauthenticatedRemote: false });
});
after(() => gw.close());

test("a tool changed after approval disappears, its calls are denied until an operator approves, and the diff shows the change", async () => {
  const client = new Client({ name: "victim", version: "1" });
  let changed = 0;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed++);
  await client.connect(new StreamableHTTPClientTransport(new URL(gw.url)));

  assert.deepEqual(
    (await client.listTools()).tools.map((t) => t.name),
    ["rug__forecast"],
    "first sight is pinned (tofu)",
  );
  await client.callTool({ name: "rug__forecast", arguments: { city: "Oslo" } });
  await client.callTool({ name: "rug__forecast", arguments: { city: "Oslo" } });
  for (let i = 0; i < 50 && changed === 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(changed > 0, "the server's list_changed reached the client");

  assert.deepEqual((await client.listTools()).tools, [], "the changed tool is withheld");
  await assert.rejects(
    client.callTool({ name: "rug__forecast", arguments: { city: "Oslo" } }),
    /changed or is not approved/,
  );

  const list = await bastion("pins", "list");
  assert.match(list.out, /rug {2}tools {2}forecast {2}CHANGED, awaiting approval/);
  const diff = await bastion("pins", "diff", "rug", "forecast");
  assert.match(diff.out, /id_rsa/, "the diff shows the injected text");
  assert.match(diff.out, /description/);

  const approve = await bastion("pins", "approve", "rug", "forecast");
  assert.match(approve.out, /approved 1 definition/);
  assert.deepEqual(
    (await client.listTools()).tools.map((t) => t.name),
    ["rug__forecast"],
  );
  const r = await client.callTool({ name: "rug__forecast", arguments: { city: "Oslo" } });
  assert.deepEqual(r.content, [{ type: "text", text: "Sunny in Oslo" }]);
  await client.close();
});
