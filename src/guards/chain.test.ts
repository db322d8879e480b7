import { test } from "node:test";
import assert from "node:assert/strict";
import { filterList, runChain, runConnect } from "./chain.js";
import type { Guard, GuardContext, ListItemContext } from "./guard.js";
import { localPrincipal } from "../auth/principal.js";

const ctx: GuardContext = {
  sessionId: "s",
  principal: localPrincipal(),
  method: "tools/call",
  server: "fs",
  target: "fs__read",
  notes: {},
};
const seen: string[] = [];
const allow = (name: string): Guard => ({ name, request: () => (seen.push(name), { action: "allow" }) });
const deny = (name: string): Guard => ({
  name,
  request: () => (
    seen.push(name),
    { action: "deny", code: "denied", message: "no", detail: "secret rule r7" }
  ),
});

test("an empty chain allows and returns the value unchanged, synchronously", () => {
  const value = { a: 1 };
  const r = runChain([], "request", ctx, value);
  assert.ok(!(r instanceof Promise));
  assert.deepEqual(r, { ok: true, value, modifiedBy: [] });
  assert.equal((r as { value: unknown }).value, value, "not copied");
});

test("the first deny short-circuits: later guards never run", async () => {
  seen.length = 0;
  const r = await runChain([allow("a"), deny("b"), allow("c")], "request", ctx, {});
  assert.equal(r.ok, false);
  assert.deepEqual(seen, ["a", "b"]);
  if (!r.ok) {
    assert.equal(r.guard, "b");
    assert.equal(r.code, "denied");
    assert.equal(r.detail, "secret rule r7");
  }
});

test("a modify is what the next guard sees and what comes out", async () => {
  let sawByNext: unknown;
  const redact: Guard = {
    name: "redact",
    request: (_c, v) => ({ action: "modify", value: { ...v, token: "[REDACTED]" } }),
  };
  const watcher: Guard = { name: "watch", request: (_c, v) => ((sawByNext = v), { action: "allow" }) };
  const r = await runChain([redact, watcher], "request", ctx, { token: "abc", keep: 1 });
  assert.deepEqual(sawByNext, { token: "[REDACTED]", keep: 1 });
  assert.deepEqual(r, { ok: true, value: { token: "[REDACTED]", keep: 1 }, modifiedBy: ["redact"] });
});

test("a throwing guard fails closed by default, and open only when it says so", async () => {
  const boom: Guard = {
    name: "boom",
    request: () => {
      throw new Error("detector crashed");
    },
  };
  const r = await runChain([boom, allow("after")], "request", ctx, {});
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.code, "guard_failed");
    assert.match(r.detail!, /detector crashed/);
    assert.doesNotMatch(r.message, /crashed/, "the client never sees the internal detail");
  }
  const open: Guard = { ...boom, failureMode: "open" };
  assert.equal((await runChain([open], "request", ctx, {})).ok, true);
});

test("a rejected promise fails closed too, and async guards keep their order", async () => {
  seen.length = 0;
  const slow: Guard = {
    name: "slow",
    request: async () => (await new Promise((r) => setTimeout(r, 5)), seen.push("slow"), { action: "allow" }),
  };
  const rejects: Guard = {
    name: "rejects",
    request: async () => {
      throw new Error("store down");
    },
  };
  const r = await runChain([slow, allow("sync"), rejects, allow("never")], "request", ctx, {});
  assert.equal(r.ok, false);
  assert.deepEqual(seen, ["slow", "sync"]);
});

test("list results are filtered item by item, in order", async () => {
  const hideDeletes: Guard = {
    name: "no-deletes",
    listItem: (_c, item) =>
      String(item.name).includes("delete")
        ? { action: "deny", code: "denied", message: "hidden" }
        : { action: "allow" },
  };
  const lctx: ListItemContext = { ...ctx, method: "tools/list", kind: "tools" };
  const r = await filterList([hideDeletes], lctx, [
    { name: "fs__read" },
    { name: "fs__delete" },
    { name: "fs__write" },
  ]);
  assert.deepEqual(
    r.items.map((i) => i.name),
    ["fs__read", "fs__write"],
  );
  assert.deepEqual(
    r.withheld.map((w) => w.item.name),
    ["fs__delete"],
  );
});

test("a connect hook that denies refuses the session", async () => {
  const r = await runConnect(
    [{ name: "gate", connect: () => ({ action: "deny", code: "denied", message: "not today" }) }],
    ctx,
  );
  assert.equal(r.ok, false);
});
