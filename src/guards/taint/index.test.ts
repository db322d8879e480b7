import assert from "node:assert/strict";
import { test } from "node:test";
import type { Principal } from "../../auth/principal.js";
import { Approvals } from "../../approvals/index.js";
import { silentLogger } from "../../log.js";
import { MemoryStore } from "../../store/memory.js";
import type { Decision, Guard, GuardContext, JsonObject, ListItemContext } from "../guard.js";
import { createTaintGuard, type TaintGuardOptions, type TaintLabel } from "./index.js";

const alice: Principal = { subject: "alice", groups: [], roles: [], scopes: [], method: "oauth", mfa: false };
type Elicit = NonNullable<GuardContext["elicit"]>;

const LABELS: TaintGuardOptions["labels"] = new Map<string, Record<string, TaintLabel[]>>([
  ["web", { fetch_url: ["untrusted"] }],
  ["files", { read_file: ["private"] }],
  ["mail", { send_email: ["egress"] }],
]);

function guardWith(over: Partial<TaintGuardOptions> = {}) {
  const blocked: Array<{ principal: string; server: string; target: string; chain: string[] }> = [];
  const guard = createTaintGuard({
    labels: LABELS,
    onTrifecta: "deny",
    log: silentLogger(),
    onBlocked: (e) => blocked.push(e),
    ...over,
  });
  return { guard, blocked };
}

function context(session: string, tool: string, elicit?: Elicit): GuardContext {
  const [server, name] = tool.split("__");
  const ctx: GuardContext = {
    sessionId: session,
    principal: alice,
    method: "tools/call",
    server,
    target: tool,
    upstreamTarget: name,
    notes: {},
  };
  if (elicit) ctx.elicit = elicit;
  return ctx;
}

/** One call through the guard: request, then (when allowed) the upstream's result. */
async function call(
  guard: Guard,
  session: string,
  tool: string,
  opts: { result?: JsonObject; args?: JsonObject; elicit?: Elicit } = {},
): Promise<{ decision: Decision<JsonObject>; ctx: GuardContext }> {
  const ctx = context(session, tool, opts.elicit);
  const params = { name: ctx.upstreamTarget, arguments: opts.args ?? {} };
  const decision = await guard.request!(ctx, params);
  if (decision.action !== "deny") {
    await guard.response!(ctx, opts.result ?? { content: [{ type: "text", text: "ok" }] });
  }
  return { decision, ctx };
}

async function trifectaLegs(guard: Guard, session: string): Promise<void> {
  assert.equal((await call(guard, session, "web__fetch_url")).decision.action, "allow");
  assert.equal((await call(guard, session, "files__read_file")).decision.action, "allow");
}

function denial(decision: Decision<JsonObject>) {
  assert.equal(decision.action, "deny", `expected a deny, got ${JSON.stringify(decision)}`);
  return decision as Decision<JsonObject> & { action: "deny" };
}

test("after untrusted content and private data, an egress call is denied with the chain in the audit", async () => {
  const { guard, blocked } = guardWith();
  await trifectaLegs(guard, "s1");
  const { decision, ctx } = await call(guard, "s1", "mail__send_email", { args: { to: "x@example.com" } });
  const d = denial(decision);
  assert.equal(d.code, "taint_blocked");
  assert.match(d.message, /read untrusted content \(web__fetch_url\) and private data \(files__read_file\)/);
  assert.match(d.message, /mail__send_email can send data out/);
  assert.equal(ctx.notes.rule, "taint:trifecta:denied");
  assert.deepEqual(ctx.notes.findings, [
    "taint:untrusted:web__fetch_url",
    "taint:private:files__read_file",
    "taint:egress:mail__send_email",
  ]);
  assert.deepEqual(blocked, [
    {
      principal: "alice",
      server: "mail",
      target: "mail__send_email",
      chain: ["untrusted:web__fetch_url", "private:files__read_file"],
    },
  ]);
});

test("the same egress call in a fresh session is allowed", async () => {
  const { guard } = guardWith();
  await trifectaLegs(guard, "s1");
  const { decision, ctx } = await call(guard, "s2", "mail__send_email");
  assert.deepEqual(decision, { action: "allow" });
  assert.deepEqual(ctx.notes, {});
});

test("one leg missing leaves egress open, whichever leg it is", async () => {
  const { guard } = guardWith();
  await call(guard, "only-untrusted", "web__fetch_url");
  assert.deepEqual((await call(guard, "only-untrusted", "mail__send_email")).decision, { action: "allow" });
  await call(guard, "only-private", "files__read_file");
  assert.deepEqual((await call(guard, "only-private", "mail__send_email")).decision, { action: "allow" });
});

test("taint comes from completed calls: an error result or a denied call taints nothing", async () => {
  const { guard } = guardWith();
  await call(guard, "s", "web__fetch_url", {
    result: { isError: true, content: [{ type: "text", text: "404" }] },
  });
  await call(guard, "s", "files__read_file");
  assert.deepEqual((await call(guard, "s", "mail__send_email")).decision, { action: "allow" });
  const attempted = context("s", "web__fetch_url");
  await guard.request!(attempted, { name: "fetch_url", arguments: {} });
  assert.deepEqual(
    (await call(guard, "s", "mail__send_email")).decision,
    { action: "allow" },
    "a request that never got its result taints nothing",
  );
});

test("order does not matter: private first, then untrusted, still closes egress", async () => {
  const { guard } = guardWith();
  await call(guard, "s", "files__read_file");
  await call(guard, "s", "web__fetch_url");
  assert.equal(denial((await call(guard, "s", "mail__send_email")).decision).code, "taint_blocked");
});

test("labels derived from listed annotations close the trifecta without any configuration", async () => {
  const { guard } = guardWith({ labels: new Map() });
  const list = (server: string, name: string, annotations: JsonObject) => {
    const ctx: ListItemContext = {
      ...context("s", `${server}__${name}`),
      method: "tools/list",
      kind: "tools",
    };
    return guard.listItem!(ctx, { name: `${server}__${name}`, annotations });
  };
  assert.deepEqual(await list("web", "fetch_url", { openWorldHint: true, readOnlyHint: true }), {
    action: "allow",
  });
  await list("files", "read_file", { openWorldHint: false, readOnlyHint: true });
  await list("mail", "send_email", { openWorldHint: true, readOnlyHint: false });
  await trifectaLegs(guard, "s");
  assert.equal(denial((await call(guard, "s", "mail__send_email")).decision).code, "taint_blocked");
});

test("an open-world fetcher that can also send is itself the egress leg", async () => {
  const { guard } = guardWith({ labels: new Map([["files", { read_file: ["private" as const] }]]) });
  const ctx: ListItemContext = { ...context("s", "web__fetch"), method: "tools/list", kind: "tools" };
  await guard.listItem!(ctx, { name: "web__fetch", annotations: { openWorldHint: true } });
  assert.deepEqual((await call(guard, "s", "web__fetch")).decision, { action: "allow" });
  await call(guard, "s", "files__read_file");
  assert.equal(denial((await call(guard, "s", "web__fetch")).decision).code, "taint_blocked");
});

test("in log mode the egress call passes and the audit still gets the chain", async () => {
  const { guard, blocked } = guardWith({ onTrifecta: "log" });
  await trifectaLegs(guard, "s");
  const { decision, ctx } = await call(guard, "s", "mail__send_email");
  assert.deepEqual(decision, { action: "allow" });
  assert.equal(ctx.notes.rule, "taint:trifecta:logged");
  assert.equal((ctx.notes.findings as string[]).length, 3);
  assert.deepEqual(blocked, []);
});

test("with the check off, nothing is tracked or refused", async () => {
  const { guard } = guardWith({ onTrifecta: "off" });
  assert.equal(guard.request, undefined);
  assert.equal(guard.response, undefined);
});

test("an unknown action is refused when the guard is built", () => {
  assert.throws(
    () => guardWith({ onTrifecta: "warn" as "log" }),
    /taint\.on_trifecta must be deny, approve, log or off, got "warn"/,
  );
});

test("in approve mode the client is asked, and an accept lets this one call through", async () => {
  const { guard, blocked } = guardWith({ onTrifecta: "approve" });
  await trifectaLegs(guard, "s");
  const asked: Array<Record<string, unknown>> = [];
  const elicit: Elicit = async (params) => {
    asked.push(params);
    return { action: "accept", content: { approve: true } };
  };
  const { decision, ctx } = await call(guard, "s", "mail__send_email", { args: { to: "bob" }, elicit });
  assert.deepEqual(decision, { action: "allow" });
  assert.equal(ctx.notes.rule, "taint:trifecta:approved");
  assert.equal(ctx.notes.approval, "elicitation");
  assert.match(String(asked[0]!.message), /untrusted content \(web__fetch_url\) and private data/);
  assert.match(String(asked[0]!.message), /Tool: mail__send_email on server "mail"/);
  assert.match(String(asked[0]!.message), /Arguments: \{"to":"bob"\}/);
  assert.deepEqual(blocked, []);
  const again = await call(guard, "s", "mail__send_email", {
    elicit: async () => ({ action: "decline" }),
  });
  assert.equal(denial(again.decision).code, "approval_denied", "the session stays tainted");
  assert.equal(again.ctx.notes.rule, "taint:trifecta:declined");
});

test("in approve mode without a client prompt or store, the call is refused as needing approval", async () => {
  const { guard, blocked } = guardWith({ onTrifecta: "approve" });
  await trifectaLegs(guard, "s");
  const { decision, ctx } = await call(guard, "s", "mail__send_email");
  const d = denial(decision);
  assert.equal(d.code, "approval_required");
  assert.match(d.message, /needs approval because this session has read untrusted content/);
  assert.match(d.message, /this client cannot be asked/);
  assert.equal(ctx.notes.rule, "taint:trifecta:held");
  assert.equal(blocked.length, 1);
});

test("in approve mode with a store, an out-of-band approval releases exactly that call once", async () => {
  const clock = { now: 1_700_000_000_000 };
  const store = new MemoryStore(() => clock.now);
  const { guard } = guardWith({ onTrifecta: "approve", store, now: () => clock.now });
  await trifectaLegs(guard, "s");
  const args = { to: "bob@example.com", body: "report" };
  const first = denial((await call(guard, "s", "mail__send_email", { args })).decision);
  assert.equal(first.code, "approval_required");
  const id = /Approval ([0-9a-f]{16}) is pending/.exec(first.message)?.[1];
  assert.ok(id, first.message);
  const approvals = new Approvals(store, { now: () => clock.now });
  const listed = await approvals.list();
  assert.equal(listed.length, 1);
  assert.equal(listed[0]!.record.ruleId, "taint:trifecta");
  await approvals.approve(id);
  const other = await call(guard, "s", "mail__send_email", { args: { ...args, to: "eve@example.com" } });
  assert.equal(denial(other.decision).code, "approval_required", "other arguments are not approved");
  const approved = await call(guard, "s", "mail__send_email", { args });
  assert.deepEqual(approved.decision, { action: "allow" });
  assert.equal(approved.ctx.notes.approval, id);
  assert.equal(
    denial((await call(guard, "s", "mail__send_email", { args })).decision).code,
    "approval_required",
    "an approval is used once",
  );
});

test("non-call methods and tools without labels pass untouched", async () => {
  const { guard } = guardWith();
  await trifectaLegs(guard, "s");
  assert.deepEqual((await call(guard, "s", "mail__list_folders")).decision, { action: "allow" });
  const read: GuardContext = { ...context("s", "mail__send_email"), method: "resources/read" };
  assert.deepEqual(await guard.request!(read, { uri: "file:///x" }), { action: "allow" });
});
