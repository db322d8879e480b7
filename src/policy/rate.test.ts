import assert from "node:assert/strict";
import { test } from "node:test";
import type { Principal } from "../auth/principal.js";
import { MemoryStore } from "../store/memory.js";
import { decide } from "./engine.js";
import { parsePolicy } from "./load.js";
import { leaseSize, RateLimiter, rateKey } from "./rate.js";
import type { Store } from "../store/store.js";

const policy = parsePolicy(
  "rules: [{ id: mail, effect: allow, tools: [mail__send], rate: { calls: 2, per_seconds: 60 } }]",
);
const alice: Principal = { subject: "alice", groups: [], roles: [], scopes: [], method: "oauth", mfa: false };
const bob: Principal = { ...alice, subject: "bob" };

test("a rule's rate trips after its calls and refills over its period", async () => {
  let now = 1_000_000;
  const store = new MemoryStore(() => now);
  const decision = decide(policy, alice, { method: "tools/call", tool: "mail__send" });
  assert.ok(decision.rate);
  const limiter = new RateLimiter(store);
  assert.equal((await limiter.take(alice, decision.ruleId, decision.rate)).ok, true);
  assert.equal((await limiter.take(alice, decision.ruleId, decision.rate)).ok, true);
  const third = await limiter.take(alice, decision.ruleId, decision.rate);
  assert.equal(third.ok, false);
  assert.ok(
    third.retryAfterSeconds > 0 && third.retryAfterSeconds <= 30,
    `retry after ${third.retryAfterSeconds}`,
  );
  assert.equal(
    (await limiter.take(bob, decision.ruleId, decision.rate)).ok,
    true,
    "buckets are per principal",
  );
  now += 30_000;
  assert.equal((await limiter.take(alice, decision.ruleId, decision.rate)).ok, true);
});

test("bucket keys are per rule and principal and cannot collide through separators", () => {
  assert.equal(rateKey(alice, "mail"), "rate/mail/alice");
  assert.notEqual(rateKey({ ...alice, subject: "b" }, "a/x"), rateKey({ ...alice, subject: "x/b" }, "a"));
});

/** A store that counts the bucket writes it is asked for. */
function counting(store: Store): { store: Store; writes: () => number } {
  let writes = 0;
  const counted = Object.assign(Object.create(store) as Store, {
    takeTokens: (...args: Parameters<Store["takeTokens"]>) => {
      writes += 1;
      return store.takeTokens(...args);
    },
  });
  return { store: counted, writes: () => writes };
}

test("a busy bucket is written once per lease, and admits exactly its calls, no more", async () => {
  const now = 1_000_000;
  const { store, writes } = counting(new MemoryStore(() => now));
  const limiter = new RateLimiter(store);
  const rate = { calls: 1000, per_seconds: 60 };
  assert.equal(leaseSize(rate), 15);
  let admitted = 0;
  for (let i = 0; i < 1000; i++) if ((await limiter.take(alice, "busy", rate)).ok) admitted++;
  assert.equal(admitted, 1000);
  // 66 leases of 15, a refused 67th, and the 10 tokens left in one go
  assert.equal(writes(), 68);
  for (let i = 0; i < 100; i++) {
    const refused = await limiter.take(alice, "busy", rate);
    assert.equal(refused.ok, false);
    assert.equal(refused.retryAfterSeconds, 1, "a single token comes back within a second");
  }
  assert.equal(writes(), 168, "a refusal costs one write, as without leases");
});

test("gateways sharing a store never admit more than the bucket between them", async () => {
  const now = 1_000_000;
  const store = new MemoryStore(() => now);
  const gateways = [new RateLimiter(store), new RateLimiter(store), new RateLimiter(store)];
  const rate = { calls: 500, per_seconds: 3600 };
  let admitted = 0;
  for (let i = 0; i < 700; i++) if ((await gateways[i % 3]!.take(alice, "shared", rate)).ok) admitted++;
  assert.equal(admitted, 500);
});

test("a small bucket is taken one token at a time, so its limit stays exact", async () => {
  const now = 1_000_000;
  const { store, writes } = counting(new MemoryStore(() => now));
  const limiter = new RateLimiter(store);
  const rate = { calls: 20, per_seconds: 3600 };
  assert.equal(leaseSize(rate), 1);
  let admitted = 0;
  for (let i = 0; i < 25; i++) if ((await limiter.take(alice, "small", rate)).ok) admitted++;
  assert.equal(admitted, 20);
  assert.equal(writes(), 25);
});

test("a burst of calls at once takes one lease at a time, leaving the bucket to other gateways", async () => {
  const now = 1_000_000;
  const store = new MemoryStore(() => now);
  const [first, second] = [new RateLimiter(store), new RateLimiter(store)];
  const rate = { calls: 2048, per_seconds: 3600 };
  assert.equal(leaseSize(rate), 32);
  const burst = await Promise.all(Array.from({ length: 64 }, () => first.take(alice, "burst", rate)));
  assert.ok(burst.every((t) => t.ok));
  // the first gateway holds at most one lease, unspent: everything else is the second's to take
  let secondAdmitted = 0;
  while ((await second.take(alice, "burst", rate)).ok) secondAdmitted++;
  assert.ok(secondAdmitted >= 2048 - 64 - 31, `the second gateway got ${secondAdmitted}`);
  let firstRest = 0;
  while ((await first.take(alice, "burst", rate)).ok) firstRest++;
  assert.equal(64 + secondAdmitted + firstRest, 2048, "never more than the bucket between them");
});

test("calls that wait on a refused lease are refused with it, without asking the store again", async () => {
  const now = 1_000_000;
  const { store, writes } = counting(new MemoryStore(() => now));
  const limiter = new RateLimiter(store);
  const rate = { calls: 128, per_seconds: 3600 };
  while ((await limiter.take(alice, "empty", rate)).ok);
  const before = writes();
  const burst = await Promise.all(Array.from({ length: 10 }, () => limiter.take(alice, "empty", rate)));
  assert.ok(burst.every((t) => !t.ok && t.retryAfterSeconds > 0));
  assert.equal(writes() - before, 1, "one refused lease answers the whole burst");
});
