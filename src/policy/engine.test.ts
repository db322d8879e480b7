import assert from "node:assert/strict";
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { Principal } from "../auth/principal.js";
import { decide, explain, visible } from "./engine.js";
import { parsePolicy } from "./load.js";
import { resolveRequestPaths } from "./real-paths.js";

const policy = parsePolicy(`
rules:
  - id: alice-reads
    effect: allow
    principals: { subjects: [alice] }
    tools: ["fs__read_*", "fs__list_*"]
    args: { path: { path_under: /srv/data } }
  - id: no-private-listing
    effect: deny
    tools: ["fs__list_private"]
  - id: no-reads-of-keys
    effect: deny
    tools: ["fs__read_*"]
    args: { path: { path_under: /srv/data/keys } }
  - id: alice-docs
    effect: allow
    principals: { subjects: [alice] }
    resources: ["file:///srv/docs/**"]
    prompts: ["docs__*"]
  - id: finance-step-up
    effect: mfa
    principals: { groups: [finance] }
    tools: ["pay__*"]
  - id: no-archive
    effect: deny
    resources: ["file:///srv/docs/archive/**"]
`);

const alice: Principal = { subject: "alice", groups: [], roles: [], scopes: [], method: "oauth", mfa: false };
const fred: Principal = {
  subject: "fred",
  groups: ["finance"],
  roles: [],
  scopes: [],
  method: "oauth",
  mfa: false,
};
const nobody: Principal = {
  subject: "nobody",
  groups: [],
  roles: [],
  scopes: [],
  method: "oauth",
  mfa: false,
};

test("list items are visible exactly when some call to them could be allowed", () => {
  assert.equal(visible(policy, alice, "tools", "fs__read_file"), true);
  assert.equal(visible(policy, alice, "tools", "fs__list_directory"), true);
  assert.equal(visible(policy, alice, "tools", "fs__write_file"), false);
  assert.equal(visible(policy, nobody, "tools", "fs__read_file"), false);
});

test("an argument-free deny hides an item; a deny on arguments does not", () => {
  assert.equal(visible(policy, alice, "tools", "fs__list_private"), false);
  assert.equal(visible(policy, alice, "tools", "fs__read_text"), true);
});

test("a tool hidden from the list is also denied when called by name", () => {
  for (const tool of ["fs__list_private", "fs__write_file"]) {
    assert.equal(visible(policy, alice, "tools", tool), false);
    assert.equal(
      decide(policy, alice, { method: "tools/call", tool, args: { path: "/srv/data/x" } }).effect,
      "deny",
    );
  }
});

test("step-up rules keep their tools visible", () => {
  assert.equal(visible(policy, fred, "tools", "pay__transfer"), true);
});

test("prompts, resources and resource templates are filtered by the same rules", () => {
  assert.equal(visible(policy, alice, "prompts", "docs__summary"), true);
  assert.equal(visible(policy, nobody, "prompts", "docs__summary"), false);
  assert.equal(visible(policy, alice, "resources", "file:///srv/docs/a.md"), true);
  assert.equal(visible(policy, alice, "resources", "file:///srv/docs/archive/old.md"), false);
  assert.equal(visible(policy, alice, "resources", "file:///etc/passwd"), false);
  assert.equal(visible(policy, alice, "resourceTemplates", "file:///srv/docs/{name}"), true);
  assert.equal(visible(policy, alice, "resourceTemplates", "file:///srv/docs/archive/{name}"), false);
});

test("a policy with default allow shows items no rule mentions", () => {
  const open = parsePolicy("default: allow\nrules: [{ id: no-shell, effect: deny, tools: ['sh__*'] }]");
  assert.equal(visible(open, nobody, "tools", "fs__read_file"), true);
  assert.equal(visible(open, nobody, "tools", "sh__run"), false);
});

test("explain reports every rule's part and the deciding rule", () => {
  const { decision, trace } = explain(policy, alice, {
    method: "tools/call",
    tool: "fs__read_file",
    args: { path: "/srv/data/keys/k" },
  });
  assert.equal(decision.ruleId, "no-reads-of-keys");
  assert.equal(trace.length, policy.rules.length);
  assert.deepEqual(
    trace.filter((entry) => entry.applies).map((entry) => entry.ruleId),
    ["alice-reads", "no-reads-of-keys"],
  );
  const skipped = trace.find((entry) => entry.ruleId === "alice-docs");
  assert.match(skipped?.detail ?? "", /names no tools/);
});

test("a default deny names the closest allow rule and why it missed", () => {
  const decision = decide(policy, alice, {
    method: "tools/call",
    tool: "fs__read_file",
    args: { path: "/srv/other" },
  });
  assert.equal(decision.ruleId, "default");
  assert.match(
    decision.reason,
    /closest: rule "alice-reads": argument "path" resolves to \/srv\/other, outside \/srv\/data/,
  );
});

test("a deny that applied out of doubt says what could not be judged", () => {
  const decision = decide(policy, alice, { method: "tools/call", tool: "fs__read_file", args: {} });
  assert.equal(decision.ruleId, "no-reads-of-keys");
  assert.match(decision.reason, /argument "path" is absent/);
});

test("with resolve_symlinks, a link out of the root is denied and paths must be resolved", async (t) => {
  const base = await realpath(await mkdtemp(join(tmpdir(), "bastion-policy-links-")));
  t.after(() => rm(base, { recursive: true, force: true }));
  await mkdir(join(base, "data"));
  await mkdir(join(base, "outside"));
  await writeFile(join(base, "outside", "secret"), "x");
  await writeFile(join(base, "data", "ok.txt"), "x");
  await symlink(join(base, "outside"), join(base, "data", "escape"));
  const linked = parsePolicy(`
resolve_symlinks: true
rules:
  - id: read-data
    effect: allow
    tools: [fs__read_file]
    args: { path: { path_under: ${JSON.stringify(join(base, "data"))} } }
`);
  const ask = async (path: string, resolve = true) => {
    const request = { method: "tools/call", tool: "fs__read_file", args: { path } };
    const realPaths = resolve ? await resolveRequestPaths(linked, request) : undefined;
    return decide(linked, nobody, { ...request, realPaths });
  };
  assert.equal((await ask(join(base, "data", "ok.txt"))).effect, "allow");
  assert.equal((await ask(join(base, "data", "not-yet-written.txt"))).effect, "allow");
  const escaped = await ask(join(base, "data", "escape", "secret"));
  assert.equal(escaped.effect, "deny");
  assert.match(escaped.reason, /leads through a symlink/);
  assert.equal((await ask(join(base, "data", "ok.txt"), false)).effect, "deny");
});
