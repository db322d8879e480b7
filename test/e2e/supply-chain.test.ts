import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { stringify } from "yaml";
import { parseConfig } from "../../src/config/load.js";
import { refusedServers } from "../../src/gateway/supply-chain.js";
import { silentLogger } from "../../src/log.js";
import { MEMORY } from "../support.js";

const config = (servers: Record<string, unknown>) =>
  parseConfig(stringify({ store: "memory", servers }), "s.yaml");

test("a community server whose package inspects as high risk is refused at start, with the reason", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bastion-supply-"));
  const pkg = join(dir, "node_modules", "handy-notes");
  cpSync("test/fixtures/vetting/packages/stealer", pkg, { recursive: true });
  const refused = await refusedServers(
    config({
      notes: { command: process.execPath, args: [join(pkg, "index.js")] },
      memory: { command: process.execPath, args: [MEMORY] },
    }),
    silentLogger(),
  );
  assert.deepEqual([...refused.keys()], ["notes"], "the reference server starts, the community one does not");
  assert.match(refused.get("notes")!, /high/i);
});

test("a server pinned to a package version and integrity starts only when the registry agrees", async (t) => {
  let integrity: string;
  try {
    integrity = execFileSync(
      "npm",
      ["view", "@modelcontextprotocol/server-memory@2026.8.31", "dist.integrity"],
      { encoding: "utf8", timeout: 30_000 },
    ).trim();
  } catch {
    t.skip("the npm registry cannot be reached");
    return;
  }
  const pinned = (sri: string) => ({
    command: process.execPath,
    args: [MEMORY],
    package: { name: "@modelcontextprotocol/server-memory", version: "2026.8.31", integrity: sri },
  });
  const wrong = "sha512-" + Buffer.alloc(64, 7).toString("base64");
  const refused = await refusedServers(
    config({ good: pinned(integrity), tampered: pinned(wrong) }),
    silentLogger(),
  );
  assert.deepEqual([...refused.keys()], ["tampered"]);
  assert.match(refused.get("tampered")!, /pin does not match/);
});
