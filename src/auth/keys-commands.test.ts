import { test } from "node:test";
import assert from "node:assert/strict";
import { MemoryStore } from "../store/memory.js";
import { keysCreateCommand, keysListCommand, keysRevokeCommand } from "./keys-commands.js";
import { parseDuration } from "./duration.js";

const now = () => Date.parse("2030-01-01T00:00:00Z");

test("keys create prints only the key on stdout and warns on stderr that it is shown once", async () => {
  const store = new MemoryStore();
  const out = await keysCreateCommand({ store, name: "ci", scopes: "mcp,tools:read", expires: "30d", now });
  assert.equal(out.exitCode, 0);
  assert.match(out.stdout, /^bst_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\n$/);
  assert.match(out.stderr, /cannot be shown again/);
  assert.match(out.stderr, /scopes: mcp tools:read; expires: 2030-01-31T00:00:00.000Z/);
});

test("keys list shows each key's name, prefix and status but not the key", async () => {
  const store = new MemoryStore();
  const created = await keysCreateCommand({ store, name: "ci", scopes: ["mcp"], now });
  const key = created.stdout.trim();
  const out = await keysListCommand({ store, now });
  assert.equal(out.exitCode, 0);
  const [header, row] = out.stdout.trim().split("\n");
  assert.match(header ?? "", /^NAME\s+PREFIX\s+SCOPES\s+CREATED\s+EXPIRES\s+STATUS$/);
  assert.match(
    row ?? "",
    new RegExp(
      `^ci\\s+${key.slice(0, 16)}\\s+mcp\\s+2030-01-01T00:00:00.000Z\\s+2030-04-01T00:00:00.000Z\\s+active$`,
    ),
  );
  assert.ok(!out.stdout.includes(key));
  const json = await keysListCommand({ store, json: true, now });
  assert.equal((JSON.parse(json.stdout) as Array<{ name: string }>)[0]?.name, "ci");
});

test("keys list on an empty store says so", async () => {
  const out = await keysListCommand({ store: new MemoryStore() });
  assert.deepEqual([out.stdout, out.stderr, out.exitCode], ["", "No API keys.\n", 0]);
});

test("keys revoke removes a key and exits 1 for an unknown name", async () => {
  const store = new MemoryStore();
  await keysCreateCommand({ store, name: "ci" });
  assert.deepEqual(await keysRevokeCommand({ store, name: "ci" }), {
    stdout: 'Revoked API key "ci".\n',
    stderr: "",
    exitCode: 0,
  });
  const again = await keysRevokeCommand({ store, name: "ci" });
  assert.equal(again.exitCode, 1);
  assert.match(again.stderr, /No API key named "ci"/);
});

test("keys create with a bad expiry or name exits 2 and says what is wrong", async () => {
  const store = new MemoryStore();
  const badExpiry = await keysCreateCommand({ store, name: "ci", expires: "30 days" });
  assert.equal(badExpiry.exitCode, 2);
  assert.match(badExpiry.stderr, /"30 days" is not a duration/);
  assert.equal(badExpiry.stdout, "");
  const badName = await keysCreateCommand({ store, name: "has space" });
  assert.equal(badName.exitCode, 2);
  assert.match(badName.stderr, /key name "has space"/);
});

test("durations read seconds, minutes, hours, days and weeks, and refuse anything else", () => {
  assert.deepEqual(
    ["90s", "15m", "12h", "30d", "2w"].map(parseDuration),
    [90, 900, 43_200, 2_592_000, 1_209_600],
  );
  for (const bad of ["", "0d", "30", "d", "1.5h", "-1d", "3651d", "1y"]) {
    assert.throws(() => parseDuration(bad), /duration/, bad);
  }
});
