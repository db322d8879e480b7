import assert from "node:assert/strict";
import { test } from "node:test";
import type { Principal } from "../auth/principal.js";
import { MemoryStore } from "../store/memory.js";
import { decide } from "./engine.js";
import { parsePolicy } from "./load.js";
import { checkRate, rateKey } from "./rate.js";

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
  assert.equal((await checkRate(store, alice, decision.ruleId, decision.rate)).ok, true);
  assert.equal((await checkRate(store, alice, decision.ruleId, decision.rate)).ok, true);
  const third = await checkRate(store, alice, decision.ruleId, decision.rate);
  assert.equal(third.ok, false);
  assert.ok(
    third.retryAfterSeconds > 0 && third.retryAfterSeconds <= 30,
    `retry after ${third.retryAfterSeconds}`,
  );
  assert.equal(
    (await checkRate(store, bob, decision.ruleId, decision.rate)).ok,
    true,
    "buckets are per principal",
  );
  now += 30_000;
  assert.equal((await checkRate(store, alice, decision.ruleId, decision.rate)).ok, true);
});

test("bucket keys are per rule and principal and cannot collide through separators", () => {
  assert.equal(rateKey(alice, "mail"), "rate/mail/alice");
  assert.notEqual(rateKey({ ...alice, subject: "b" }, "a/x"), rateKey({ ...alice, subject: "x/b" }, "a"));
});
