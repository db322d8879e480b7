import assert from "node:assert/strict";
import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { Principal } from "../auth/principal.js";
import { decide } from "./engine.js";
import { PolicyHolder, watchPolicyFile, type ReloadResult } from "./holder.js";
import { loadPolicyFile, parsePolicy } from "./load.js";

const alice: Principal = { subject: "alice", groups: [], roles: [], scopes: [], method: "oauth", mfa: false };
const readA = { method: "tools/call", tool: "fs__read" };
const ALLOW = "rules: [{ id: read, effect: allow, tools: [fs__read] }]\n";
const DENY = "rules: [{ id: no-read, effect: deny, tools: [fs__read] }]\n";

test("a valid update swaps the policy in", () => {
  const holder = new PolicyHolder(parsePolicy(ALLOW, "p.yaml"));
  const result = holder.update(DENY);
  assert.equal(result.ok && result.changed, true);
  assert.equal(decide(holder.current, alice, readA).effect, "deny");
  assert.equal(holder.current.source, "p.yaml");
});

test("an invalid update is refused with a clear error and the old policy stays", () => {
  const holder = new PolicyHolder(parsePolicy(ALLOW, "p.yaml"));
  const before = holder.current;
  const result = holder.update("rules: [{ id: read, effect: permit }]\n");
  assert.equal(result.ok, false);
  assert.match(result.ok ? "" : result.error.message, /p\.yaml:1: rules\[0\]\.effect: expected one of/);
  assert.equal(holder.current, before);
  assert.equal(decide(holder.current, alice, readA).effect, "allow");
});

test("an update that only changes comments is not a change", () => {
  const holder = new PolicyHolder(parsePolicy(ALLOW));
  const before = holder.current;
  const result = holder.update("# reviewed\n" + ALLOW);
  assert.equal(result.ok && result.changed, false);
  assert.equal(holder.current, before);
});

/** Waits for the first reload result that `wanted` accepts (a write may raise several events). */
function nextReload(wanted: (result: ReloadResult) => boolean): {
  seen: Promise<ReloadResult>;
  onReload: (result: ReloadResult) => void;
} {
  let resolve: (result: ReloadResult) => void = () => undefined;
  const seen = new Promise<ReloadResult>((r) => (resolve = r));
  return { seen, onReload: (result) => wanted(result) && resolve(result) };
}

const swapped = (result: ReloadResult) => result.ok && result.changed;
const refused = (result: ReloadResult) => !result.ok;

test("a watched file is reloaded on change, and a broken edit keeps the last good policy", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "bastion-policy-watch-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, "policy.yaml");
  await writeFile(file, ALLOW);
  const holder = new PolicyHolder(await loadPolicyFile(file));
  let waiter = nextReload(swapped);
  const watcher = watchPolicyFile(file, holder, { debounceMs: 50, onReload: (r) => waiter.onReload(r) });
  t.after(() => watcher.close());

  await writeFile(file, DENY);
  await waiter.seen;
  assert.equal(decide(holder.current, alice, readA).effect, "deny");

  waiter = nextReload(refused);
  await writeFile(file, "rules: [ {id: x, effect: allow, tols: [a]} ]\n");
  const bad = await waiter.seen;
  assert.match(bad.ok ? "" : bad.error.message, /policy\.yaml:1: rules\[0\]\.tols: unknown key/);
  assert.equal(decide(holder.current, alice, readA).effect, "deny");

  waiter = nextReload(swapped);
  const temp = join(dir, "policy.yaml.tmp");
  await writeFile(temp, ALLOW);
  await rename(temp, file);
  await waiter.seen;
  assert.equal(decide(holder.current, alice, readA).effect, "allow");
});

test("a reload of a deleted file reports it and keeps the policy", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "bastion-policy-watch-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, "policy.yaml");
  await writeFile(file, ALLOW);
  const holder = new PolicyHolder(await loadPolicyFile(file));
  const watcher = watchPolicyFile(file, holder, { debounceMs: 10_000 });
  t.after(() => watcher.close());
  await rm(file);
  const result = await watcher.reload();
  assert.equal(result.ok, false);
  assert.match(
    result.ok ? "" : result.error.message,
    /cannot be read \(ENOENT\); keeping the previous policy/,
  );
  assert.equal(decide(holder.current, alice, readA).effect, "allow");
});
