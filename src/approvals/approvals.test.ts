import assert from "node:assert/strict";
import { test } from "node:test";
import { approvalDigest } from "../policy/index.js";
import { MemoryStore } from "../store/memory.js";
import { ApprovalError, Approvals, type ApprovalRequest } from "./approvals.js";
import { previewArguments } from "./record.js";

function setup(ttlSeconds = 600) {
  const clock = { now: 1_700_000_000_000 };
  const now = () => clock.now;
  const store = new MemoryStore(now);
  return { clock, store, approvals: new Approvals(store, { ttlSeconds, now }) };
}

function call(args: unknown = { path: "/srv/a" }, subject = "alice"): ApprovalRequest {
  const binding = { subject, server: "fs", tool: "fs__write_file", args, policyVersion: "v1" };
  return { ...binding, digest: approvalDigest(binding), ruleId: "writes-need-review" };
}

test("a requested approval is pending, stored under approvals/<id> and found by its call's digest", async () => {
  const { store, approvals } = setup();
  const record = await approvals.request(call());
  assert.match(record.id, /^[0-9a-f]{16}$/);
  assert.equal(record.status, "pending");
  assert.equal(record.argsPreview, '{"path":"/srv/a"}');
  assert.deepEqual(await store.get(`approvals/${record.id}`), record);
  assert.deepEqual(await approvals.find(call().digest), record);
  assert.equal(await approvals.find(call({ path: "/srv/b" }).digest), undefined);
});

test("repeating a pending call gives the same approval, not a second one", async () => {
  const { approvals } = setup();
  const first = await approvals.request(call());
  const [second, third] = await Promise.all([approvals.request(call()), approvals.request(call())]);
  assert.equal(second.id, first.id);
  assert.equal(third.id, first.id);
  assert.equal((await approvals.list()).length, 1);
});

test("an approved approval is consumed once and then gone", async () => {
  const { approvals } = setup();
  const record = await approvals.request(call());
  const approved = await approvals.approve(record.id);
  assert.equal(approved.status, "approved");
  assert.ok(approved.decidedAt);
  const found = await approvals.find(call().digest);
  assert.equal(found?.status, "approved");
  const outcomes = await Promise.all([approvals.consume(found!), approvals.consume(found!)]);
  assert.deepEqual(outcomes.sort(), [false, true], "exactly one consumer wins");
  assert.equal(await approvals.find(call().digest), undefined);
  assert.equal(await approvals.get(record.id), undefined);
});

test("an approval expires after its time and can then be neither approved nor consumed", async () => {
  const { clock, approvals } = setup(60);
  const record = await approvals.request(call());
  await approvals.approve(record.id);
  clock.now += 61_000;
  const found = await approvals.find(call().digest);
  assert.ok(found, "an expired approval is still known for an hour, so callers hear it expired");
  assert.equal(approvals.statusOf(found), "expired");
  assert.equal(await approvals.consume(found), false);

  const late = await approvals.request(call({ path: "/srv/late" }));
  clock.now += 61_000;
  await assert.rejects(approvals.approve(late.id), (error: ApprovalError) => {
    assert.equal(error.reason, "expired");
    assert.match(error.message, new RegExp(`approval ${late.id} expired at .*repeat the call`));
    return true;
  });
  clock.now += 3600_000;
  assert.equal(await approvals.get(late.id), undefined, "the store drops it after the retention");
});

test("answering twice, answering an unknown id and answering a malformed id are clear errors", async () => {
  const { approvals } = setup();
  const record = await approvals.request(call());
  await approvals.deny(record.id);
  await assert.rejects(approvals.approve(record.id), /approval [0-9a-f]{16} was already denied at /);
  await assert.rejects(
    approvals.deny("0123456789abcdef"),
    /no approval 0123456789abcdef: it was never requested/,
  );
  await assert.rejects(
    approvals.approve("--all"),
    /"--all" is not an approval id \(expected 16 hex characters/,
  );
});

test("approvals are bound to the subject and the exact arguments", async () => {
  const { approvals } = setup();
  const record = await approvals.request(call());
  await approvals.approve(record.id);
  assert.equal(await approvals.find(call({ path: "/srv/a", mode: "x" }).digest), undefined);
  assert.equal(await approvals.find(call({ path: "/srv/a" }, "mallory").digest), undefined);
  assert.equal((await approvals.find(call({ path: "/srv/a" }).digest))?.id, record.id);
});

test("a new request replaces a settled approval of the same call", async () => {
  const { approvals } = setup();
  const first = await approvals.request(call());
  await approvals.deny(first.id);
  const second = await approvals.request(call());
  assert.notEqual(second.id, first.id);
  assert.equal((await approvals.find(call().digest))?.id, second.id);
});

test("long arguments are previewed with a note of what was left out", () => {
  const preview = previewArguments({ content: "x".repeat(5000) }, 100);
  assert.equal(preview.length < 200, true);
  assert.match(preview, /… \(4914 more characters\)$/);
});

test("a non-positive lifetime is refused", () => {
  assert.throws(
    () => new Approvals(new MemoryStore(), { ttlSeconds: 0 }),
    /positive number of seconds, got 0/,
  );
});
