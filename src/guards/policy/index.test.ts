import assert from "node:assert/strict";
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { Principal } from "../../auth/principal.js";
import {
  approvalsApproveCommand,
  approvalsDenyCommand,
  approvalsListCommand,
} from "../../approvals/index.js";
import { silentLogger } from "../../log.js";
import { parsePolicy, PolicyHolder } from "../../policy/index.js";
import { MemoryStore } from "../../store/memory.js";
import type { Decision, Guard, GuardContext, JsonObject, ListItemContext, ListKind } from "../guard.js";
import { createPolicyGuard, serverRequestAllowed } from "./index.js";

const POLICY = `
default: deny
rules:
  - id: reads
    effect: allow
    principals: { subjects: [alice] }
    tools: ["fs__read_*"]
    args: { path: { path_under: /srv/data } }
  - id: mail
    effect: allow
    tools: [mail__send]
    rate: { calls: 2, per_seconds: 60 }
  - id: writes-need-review
    effect: approve
    tools: [fs__write_file]
  - id: admin-step-up
    effect: mfa
    tools: ["admin__*"]
  - id: no-deletes
    effect: deny
    tools: ["*__delete_*"]
  - id: docs
    effect: allow
    resources: ["file:///srv/docs/**"]
server_requests:
  assistant: { allow: [sampling] }
`;

const alice: Principal = { subject: "alice", groups: [], roles: [], scopes: [], method: "oauth", mfa: false };

type Elicit = NonNullable<GuardContext["elicit"]>;

function setup(policy = POLICY) {
  const clock = { now: 1_700_000_000_000 };
  const now = () => clock.now;
  const store = new MemoryStore(now);
  const holder = new PolicyHolder(parsePolicy(policy, "policy.yaml"));
  const guard = createPolicyGuard({ holder, store, log: silentLogger(), now, approvalTimeoutMs: 50 });
  return { clock, now, store, holder, guard };
}

function context(
  tool: string,
  opts: { principal?: Principal; elicit?: Elicit; server?: string } = {},
): GuardContext {
  const ctx: GuardContext = {
    sessionId: "s1",
    principal: opts.principal ?? alice,
    method: "tools/call",
    server: opts.server ?? tool.split("__")[0],
    target: tool,
    notes: {},
  };
  if (opts.elicit) ctx.elicit = opts.elicit;
  return ctx;
}

async function call(
  guard: Guard,
  tool: string,
  args: JsonObject = {},
  opts: Parameters<typeof context>[1] = {},
): Promise<{ decision: Decision<JsonObject>; ctx: GuardContext }> {
  const ctx = context(tool, opts);
  const decision = await guard.request!(ctx, { name: tool.split("__")[1], arguments: args });
  return { decision, ctx };
}

function denial(decision: Decision<JsonObject>) {
  assert.equal(decision.action, "deny", `expected a deny, got ${JSON.stringify(decision)}`);
  return decision as Decision<JsonObject> & { action: "deny" };
}

test("an allowed call passes synchronously and names the rule that allowed it", () => {
  const { guard } = setup();
  const ctx = context("fs__read_file");
  const decision = guard.request!(ctx, { name: "read_file", arguments: { path: "/srv/data/a.txt" } });
  assert.deepEqual(decision, { action: "allow" });
  assert.equal(ctx.notes.rule, "reads");
});

test("a denied call gets code denied and a message that does not reveal the policy", async () => {
  const { guard } = setup();
  const { decision, ctx } = await call(guard, "fs__delete_file", { path: "/srv/data/a" });
  const d = denial(decision);
  assert.equal(d.code, "denied");
  assert.equal(d.message, "Denied by policy");
  assert.match(d.detail ?? "", /rule "no-deletes" denies tools\/call fs__delete_file/);
  assert.equal(ctx.notes.rule, "no-deletes");
});

test("path traversal in an argument is denied by default and the audit learns why", async () => {
  const { guard } = setup();
  for (const path of [
    "/srv/data/../../etc/passwd",
    "/srv/data/%2e%2e/%2e%2e/etc/passwd",
    "/srv/data2/a",
    "srv/data/a",
  ]) {
    const { decision, ctx } = await call(guard, "fs__read_file", { path });
    const d = denial(decision);
    assert.equal(d.code, "denied", path);
    assert.equal(ctx.notes.rule, "default", path);
  }
});

test("another principal is denied what alice may do", async () => {
  const { guard } = setup();
  const bob = { ...alice, subject: "bob" };
  assert.equal(
    denial((await call(guard, "fs__read_file", { path: "/srv/data/a" }, { principal: bob })).decision).code,
    "denied",
  );
});

test("a step-up rule asks for multi-factor authentication until the principal has it", async () => {
  const { guard } = setup();
  const d = denial((await call(guard, "admin__reset")).decision);
  assert.equal(d.code, "mfa_required");
  assert.match(d.message, /multi-factor authentication is required/i);
  const withMfa = await call(guard, "admin__reset", {}, { principal: { ...alice, mfa: true } });
  assert.deepEqual(withMfa.decision, { action: "allow" });
  assert.equal(withMfa.ctx.notes.rule, "admin-step-up");
});

test("a rule's rate trips with a retry-after hint and refills with time", async () => {
  const { guard, clock } = setup();
  assert.deepEqual((await call(guard, "mail__send")).decision, { action: "allow" });
  assert.deepEqual((await call(guard, "mail__send")).decision, { action: "allow" });
  const d = denial((await call(guard, "mail__send")).decision);
  assert.equal(d.code, "rate_limited");
  assert.equal(d.retryAfterSeconds, 30);
  assert.equal(d.message, "Rate limit exceeded; retry after 30 seconds");
  assert.deepEqual(
    (await call(guard, "mail__send", {}, { principal: { ...alice, subject: "bob" } })).decision,
    { action: "allow" },
    "buckets are per principal",
  );
  clock.now += 30_000;
  assert.deepEqual((await call(guard, "mail__send")).decision, { action: "allow" });
});

test("an approval asked in the client shows the tool and arguments, and an accept lets the call run", async () => {
  const { guard, store } = setup();
  const asked: Array<Record<string, unknown>> = [];
  const elicit: Elicit = async (params) => {
    asked.push(params);
    return { action: "accept", content: { approve: true } };
  };
  const { decision, ctx } = await call(guard, "fs__write_file", { path: "/srv/out.txt" }, { elicit });
  assert.deepEqual(decision, { action: "allow" });
  assert.equal(ctx.notes.rule, "writes-need-review");
  assert.equal(asked.length, 1);
  assert.match(String(asked[0]!.message), /Tool: fs__write_file on server "fs"/);
  assert.match(String(asked[0]!.message), /Arguments: \{"path":"\/srv\/out\.txt"\}/);
  assert.doesNotMatch(String(asked[0]!.message), /writes-need-review/, "the prompt names no rule");
  assert.deepEqual(asked[0]!.requestedSchema, {
    type: "object",
    properties: {
      approve: {
        type: "boolean",
        title: "Approve this call",
        description: "Run this call once with exactly these arguments",
        default: false,
      },
    },
    required: ["approve"],
  });
  assert.deepEqual(await store.list("approvals/"), [], "an answered prompt leaves nothing pending");
});

test("a declined, cancelled or unticked approval prompt denies the call", async () => {
  const { guard } = setup();
  const answers = [
    { action: "decline" },
    { action: "cancel" },
    { action: "accept", content: { approve: false } },
  ];
  for (const answer of answers) {
    const d = denial(
      (await call(guard, "fs__write_file", { path: "/srv/o" }, { elicit: async () => answer })).decision,
    );
    assert.equal(d.code, "approval_denied", JSON.stringify(answer));
    assert.match(d.message, /not approved: the user declined it/);
  }
});

test("an unanswered prompt leaves a pending approval; approving it out of band releases the same call once", async () => {
  const { guard, store, now } = setup();
  const silent: Elicit = () => Promise.reject(new Error("the client did not answer within 50 ms"));
  const first = denial(
    (await call(guard, "fs__write_file", { path: "/srv/o" }, { elicit: silent })).decision,
  );
  assert.equal(first.code, "approval_required");
  const id = /Approval ([0-9a-f]{16}) is pending/.exec(first.message)?.[1];
  assert.ok(id, first.message);
  assert.match(first.message, new RegExp(`bastion approvals approve ${id}`));

  const again = denial((await call(guard, "fs__write_file", { path: "/srv/o" })).decision);
  assert.match(
    again.message,
    new RegExp(`Approval ${id} is pending`),
    "a repeat does not open a second approval",
  );
  assert.match(
    (await approvalsListCommand({ store, now })).stdout,
    new RegExp(`${id}  pending   alice  fs  fs__write_file`),
  );

  assert.equal((await approvalsApproveCommand({ store, id, now })).exitCode, 0);
  const other = denial((await call(guard, "fs__write_file", { path: "/srv/other" })).decision);
  assert.equal(other.code, "approval_required", "other arguments are not covered by the approval");
  const released = await call(guard, "fs__write_file", { path: "/srv/o" });
  assert.deepEqual(released.decision, { action: "allow" });
  assert.equal(released.ctx.notes.approval, id);
  const reused = denial((await call(guard, "fs__write_file", { path: "/srv/o" })).decision);
  assert.equal(reused.code, "approval_required", "an approval is single-use");
  assert.doesNotMatch(reused.message, new RegExp(id));
});

test("an approval does not carry over to another principal or a changed policy", async () => {
  const { guard, store, holder, now } = setup();
  const first = denial((await call(guard, "fs__write_file", { path: "/srv/o" })).decision);
  const id = /Approval ([0-9a-f]{16})/.exec(first.message)![1]!;
  await approvalsApproveCommand({ store, id, now });
  const bob = { ...alice, subject: "bob" };
  assert.equal(
    denial((await call(guard, "fs__write_file", { path: "/srv/o" }, { principal: bob })).decision).code,
    "approval_required",
  );
  assert.equal(holder.update(POLICY.replace("calls: 2", "calls: 3")).ok, true);
  const after = denial((await call(guard, "fs__write_file", { path: "/srv/o" })).decision);
  assert.equal(after.code, "approval_required");
  assert.doesNotMatch(after.message, new RegExp(id), "the approval was for the previous policy version");
});

test("an approval denied out of band is reported once, then the call may be asked for again", async () => {
  const { guard, store, now } = setup();
  const first = denial((await call(guard, "fs__write_file", { path: "/srv/o" })).decision);
  const id = /Approval ([0-9a-f]{16})/.exec(first.message)![1]!;
  await approvalsDenyCommand({ store, id, now });
  const denied = denial((await call(guard, "fs__write_file", { path: "/srv/o" })).decision);
  assert.equal(denied.code, "approval_denied");
  assert.match(denied.message, new RegExp(`approval ${id} was denied by an approver`));
  assert.equal(
    denial((await call(guard, "fs__write_file", { path: "/srv/o" })).decision).code,
    "approval_required",
  );
});

test("an approval that expires unused is reported and replaced by a new one", async () => {
  const { guard, store, now, clock } = setup();
  const first = denial((await call(guard, "fs__write_file", { path: "/srv/o" })).decision);
  const id = /Approval ([0-9a-f]{16})/.exec(first.message)![1]!;
  await approvalsApproveCommand({ store, id, now });
  clock.now += 601_000;
  const late = denial((await call(guard, "fs__write_file", { path: "/srv/o" })).decision);
  assert.equal(late.code, "approval_required");
  assert.match(
    late.message,
    new RegExp(
      `^Approval ${id} expired at .* before it was used\\. This call needs approval\\. Approval [0-9a-f]{16} is pending`,
    ),
  );
});

function item(kind: ListKind, target: string, principal = alice, server = "fs"): ListItemContext {
  return { sessionId: "s1", principal, method: `${kind}/list`, server, target, kind, notes: {} };
}

test("lists show exactly what the principal may use", () => {
  const { guard } = setup();
  const shown = (kind: ListKind, name: string, principal = alice) =>
    (guard.listItem!(item(kind, name, principal), {}) as Decision<JsonObject>).action === "allow";
  assert.equal(shown("tools", "fs__read_file"), true);
  assert.equal(shown("tools", "fs__read_file", { ...alice, subject: "bob" }), false);
  assert.equal(shown("tools", "fs__write_file"), true, "a tool that needs approval can still be called");
  assert.equal(shown("tools", "fs__delete_file"), false);
  assert.equal(shown("tools", "fs__move_file"), false, "default deny hides what no rule allows");
  assert.equal(shown("resources", "file:///srv/docs/a/b.md"), true);
  assert.equal(shown("resources", "file:///srv/secret.md"), false);
  assert.equal(shown("resourceTemplates", "file:///srv/docs/{name}"), true);
  const hidden = guard.listItem!(item("tools", "fs__delete_file"), {}) as Decision<JsonObject> & {
    action: "deny";
  };
  assert.equal(hidden.code, "denied");
});

test("a policy swapped in by reload decides the next call", async () => {
  const { guard, holder } = setup();
  assert.deepEqual((await call(guard, "mail__send")).decision, { action: "allow" });
  assert.equal(holder.update("default: deny\nrules: []\n").ok, true);
  assert.equal(denial((await call(guard, "mail__send")).decision).code, "denied");
  assert.equal(holder.update("rules: [{ id: broken, effect: permit }]\n").ok, false);
  assert.equal(
    denial((await call(guard, "mail__send")).decision).code,
    "denied",
    "a refused edit changes nothing",
  );
});

test("server requests are allowed or denied per server", () => {
  const { holder } = setup();
  assert.deepEqual(serverRequestAllowed(holder, "assistant", "sampling/createMessage"), {
    allowed: true,
    ruleId: 'server_requests["assistant"]',
  });
  assert.deepEqual(serverRequestAllowed(holder, "assistant", "elicitation/create"), {
    allowed: false,
    ruleId: "default",
  });
  assert.deepEqual(serverRequestAllowed(holder, "fs", "sampling/createMessage"), {
    allowed: false,
    ruleId: "default",
  });
});

test("with resolve_symlinks a link out of the allowed tree is denied", async (t) => {
  const dir = await realpath(await mkdtemp(join(tmpdir(), "bastion-policy-guard-")));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, "data"));
  await mkdir(join(dir, "outside"));
  await writeFile(join(dir, "outside", "secret"), "s");
  await writeFile(join(dir, "data", "plain"), "p");
  await symlink(join(dir, "outside"), join(dir, "data", "link"));
  const rules = (resolve: boolean) =>
    `default: deny\nresolve_symlinks: ${resolve}\nrules:\n  - id: reads\n    effect: allow\n    tools: [fs__read_file]\n    args: { path: { path_under: ${JSON.stringify(join(dir, "data"))} } }\n`;
  const resolving = setup(rules(true)).guard;
  const linked = { path: join(dir, "data", "link", "secret") };
  assert.equal(denial((await call(resolving, "fs__read_file", linked)).decision).code, "denied");
  assert.deepEqual((await call(resolving, "fs__read_file", { path: join(dir, "data", "plain") })).decision, {
    action: "allow",
  });
  assert.deepEqual((await call(setup(rules(false)).guard, "fs__read_file", linked)).decision, {
    action: "allow",
  });
});

test("a request the guard cannot map fails closed through the chain", () => {
  const { guard } = setup();
  const ctx: GuardContext = {
    sessionId: "s1",
    principal: alice,
    method: "tools/call",
    server: "fs",
    notes: {},
  };
  assert.throws(() => guard.request!(ctx, { name: "read_file" }), /without a target/);
  assert.equal(guard.failureMode, "closed");
});
