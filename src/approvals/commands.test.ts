import assert from "node:assert/strict";
import { test } from "node:test";
import { approvalDigest } from "../policy/index.js";
import { MemoryStore } from "../store/memory.js";
import { Approvals } from "./approvals.js";
import { approvalsApproveCommand, approvalsDenyCommand, approvalsListCommand } from "./commands.js";

async function withPending(args: Record<string, unknown> = { path: "/srv/a" }) {
  const store = new MemoryStore();
  const binding = { subject: "alice", server: "fs", tool: "fs__write_file", args, policyVersion: "v1" };
  const record = await new Approvals(store).request({
    ...binding,
    digest: approvalDigest(binding),
    ruleId: "writes-need-review",
  });
  return { store, record };
}

test("list shows each approval with its status, caller, tool, server and arguments", async () => {
  const { store, record } = await withPending();
  const out = await approvalsListCommand({ store });
  assert.equal(out.exitCode, 0);
  assert.match(out.stdout, new RegExp(`^${record.id}  pending   alice  fs  fs__write_file  expires `));
  assert.match(out.stdout, /args \{"path":"\/srv\/a"\}/);
  assert.match(out.stdout, /rule writes-need-review/);
});

test("list --json gives the records with their current status", async () => {
  const { store, record } = await withPending();
  await approvalsApproveCommand({ store, id: record.id });
  const rows = JSON.parse((await approvalsListCommand({ store, json: true })).stdout) as Array<{
    id: string;
    status: string;
  }>;
  assert.deepEqual(
    rows.map((r) => [r.id, r.status]),
    [[record.id, "approved"]],
  );
});

test("list of an empty store says so", async () => {
  assert.equal((await approvalsListCommand({ store: new MemoryStore() })).stdout, "no approvals\n");
});

test("approve confirms what it approved and until when", async () => {
  const { store, record } = await withPending();
  const out = await approvalsApproveCommand({ store, id: record.id });
  assert.equal(out.exitCode, 0);
  assert.equal(out.stderr, "");
  assert.match(out.stdout, new RegExp(`^approved ${record.id}: fs__write_file on fs for alice with`));
  assert.match(out.stdout, /may now run once, until \d{4}-/);
});

test("deny confirms, and a second answer fails with exit code 1 and the reason on stderr", async () => {
  const { store, record } = await withPending();
  const denied = await approvalsDenyCommand({ store, id: record.id });
  assert.equal(denied.exitCode, 0);
  assert.match(denied.stdout, new RegExp(`^denied ${record.id}:`));
  const again = await approvalsApproveCommand({ store, id: record.id });
  assert.equal(again.exitCode, 1);
  assert.equal(again.stdout, "");
  assert.match(again.stderr, /^error: approval [0-9a-f]{16} was already denied/);
});

test("an expired approval cannot be approved", async () => {
  let now = 1_700_000_000_000;
  const clock = () => now;
  const store = new MemoryStore(clock);
  const binding = { subject: "alice", server: "fs", tool: "fs__write_file", args: {}, policyVersion: "v1" };
  const record = await new Approvals(store, { now: clock }).request({
    ...binding,
    digest: approvalDigest(binding),
    ruleId: "r",
  });
  now += 601_000;
  const out = await approvalsApproveCommand({ store, id: record.id, now: clock });
  assert.equal(out.exitCode, 1);
  assert.match(out.stderr, /expired at .*repeat the call to request a new one/);
});

test("an unknown or malformed id fails with exit code 1", async () => {
  const store = new MemoryStore();
  assert.match(
    (await approvalsApproveCommand({ store, id: "ffffffffffffffff" })).stderr,
    /no approval ffffffffffffffff/,
  );
  const bad = await approvalsDenyCommand({ store, id: "../keys/admin" });
  assert.equal(bad.exitCode, 1);
  assert.match(bad.stderr, /is not an approval id/);
});
