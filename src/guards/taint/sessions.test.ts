import assert from "node:assert/strict";
import { test } from "node:test";
import { SessionTaints } from "./sessions.js";

function clocked(opts: { maxSessions?: number; idleSeconds?: number } = {}) {
  const clock = { now: 1_000_000 };
  const evicted: string[] = [];
  const taints = new SessionTaints({ ...opts, now: () => clock.now, onEvict: (s) => evicted.push(s) });
  return { clock, taints, evicted };
}

test("a session records each label and the calls that brought it, once per tool", () => {
  const { taints, clock } = clocked();
  taints.record("s1", "untrusted", "web__fetch_url");
  clock.now += 5;
  taints.record("s1", "untrusted", "web__fetch_url");
  taints.record("s1", "private", "files__read_file");
  const t = taints.get("s1")!;
  assert.deepEqual([...t.touched].sort(), ["private", "untrusted"]);
  assert.deepEqual(
    t.chain.map((s) => `${s.label}:${s.target}`),
    ["untrusted:web__fetch_url", "private:files__read_file"],
  );
  assert.equal(t.chain[0]!.at, 1_000_000);
});

test("a session that touched nothing has no taint and takes no room", () => {
  const { taints } = clocked();
  assert.equal(taints.get("fresh"), undefined);
  assert.equal(taints.size, 0);
});

test("taint is forgotten after the idle time, and activity keeps it alive", () => {
  const { taints, clock } = clocked({ idleSeconds: 60 });
  taints.record("busy", "private", "files__read_file");
  taints.record("idle", "private", "files__read_file");
  clock.now += 40_000;
  assert.ok(taints.get("busy"));
  clock.now += 30_000;
  assert.equal(taints.get("idle"), undefined, "idle 70 s");
  assert.ok(taints.get("busy"), "seen 30 s ago");
  clock.now += 60_000;
  assert.equal(taints.get("busy"), undefined);
});

test("past the session bound the least recently active session is forgotten and reported", () => {
  const { taints, evicted } = clocked({ maxSessions: 2 });
  taints.record("a", "private", "t");
  taints.record("b", "private", "t");
  taints.get("a");
  taints.record("c", "private", "t");
  assert.deepEqual(evicted, ["b"]);
  assert.ok(taints.get("a"));
  assert.ok(taints.get("c"));
  assert.equal(taints.size, 2);
});

test("the chain is bounded however many tools a session calls", () => {
  const { taints } = clocked();
  for (let i = 0; i < 100; i++) taints.record("s", "untrusted", `web__tool_${i}`);
  taints.record("s", "private", "files__read_file");
  const t = taints.get("s")!;
  assert.equal(t.chain.length, 32);
  assert.ok(t.touched.has("private"), "a label still counts when the chain is full");
});

test("nonsense bounds are refused with the option named", () => {
  assert.throws(() => new SessionTaints({ maxSessions: 0 }), /maxSessions must be a positive number/);
  assert.throws(() => new SessionTaints({ idleSeconds: Number.NaN }), /idleSeconds/);
});
