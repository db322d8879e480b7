import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { policyCheckCommand } from "./check.js";
import { policyExplainCommand } from "./explain.js";
import { policyTestCommand } from "./test.js";

const POLICY = `
default: deny
rules:
  - id: alice-reads-data
    effect: allow
    principals: { subjects: [alice] }
    tools: ["fs__read_file", "fs__list_*"]
    args:
      path: { path_under: /srv/data }
  - id: mail-inside-only
    effect: allow
    principals: { groups: [staff] }
    tools: ["mail__send"]
    args:
      to: { pattern: '^[^@]+@example\\.com$' }
    rate: { calls: 20, per_seconds: 3600 }
  - id: no-deletes
    effect: deny
    tools: ["*__delete_*"]
`;

async function workspace(t: TestContext, files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "bastion-policy-cli-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

test("policy check accepts a valid policy and summarises it", async (t) => {
  const dir = await workspace(t, { "policy.yaml": POLICY });
  const { stdout, exitCode } = await policyCheckCommand(join(dir, "policy.yaml"));
  assert.equal(exitCode, 0);
  assert.match(stdout, /policy\.yaml: valid \(3 rules, default deny, version [0-9a-f]{12}\)/);
  assert.doesNotMatch(stdout, /warning/);
});

test("policy check prints warnings but still succeeds", async (t) => {
  const dir = await workspace(t, {
    "policy.yaml":
      POLICY +
      "  - { id: alice-deletes, effect: allow, principals: { subjects: [alice] }, tools: [fs__delete_file] }\n",
  });
  const { stdout, exitCode } = await policyCheckCommand(join(dir, "policy.yaml"));
  assert.equal(exitCode, 0);
  assert.match(
    stdout,
    /warning: rules\[3\] \(rule "alice-deletes"\): can never apply: deny rule "no-deletes"/,
  );
  assert.match(stdout, /1 warning\n$/);
});

test("policy check fails on an invalid policy, naming file, line and key", async (t) => {
  const dir = await workspace(t, { "policy.yaml": "rules:\n  - id: r1\n    effect: allwo\n" });
  const { stdout, exitCode } = await policyCheckCommand(join(dir, "policy.yaml"));
  assert.equal(exitCode, 1);
  assert.match(
    stdout,
    /policy\.yaml:3: rules\[0\]\.effect: expected one of "allow", "deny", "approve", "mfa", got "allwo"/,
  );
});

test("policy check fails on a missing file", async (t) => {
  const dir = await workspace(t, {});
  const { stdout, exitCode } = await policyCheckCommand(join(dir, "nope.yaml"));
  assert.equal(exitCode, 1);
  assert.match(stdout, /nope\.yaml: cannot be read \(ENOENT\)/);
});

test("policy explain prints the decision, the rule and each rule's part", async (t) => {
  const dir = await workspace(t, { "policy.yaml": POLICY });
  const { stdout, exitCode } = await policyExplainCommand({
    file: join(dir, "policy.yaml"),
    as: "alice",
    call: "fs__read_file",
    args: '{"path":"/srv/data/report.txt"}',
  });
  assert.equal(exitCode, 0);
  assert.match(stdout, /^decision: allow\nrule: +alice-reads-data\n/);
  assert.match(stdout, /asking tools\/call fs__read_file on server fs/);
  assert.match(stdout, /alice-reads-data +allow +applies/);
  assert.match(
    stdout,
    /mail-inside-only +allow +skipped - principal alice is not among the rule's principals/,
  );
});

test("policy explain shows a deny with its reason and a rate when there is one", async (t) => {
  const dir = await workspace(t, { "policy.yaml": POLICY });
  const file = join(dir, "policy.yaml");
  const denied = await policyExplainCommand({
    file,
    as: "alice",
    call: "fs__read_file",
    args: '{"path":"/srv/data/../etc/passwd"}',
  });
  assert.match(
    denied.stdout,
    /^decision: deny\nrule: +default\nreason: +no rule allows tools\/call fs__read_file; default deny \(closest: .*outside \/srv\/data\)/,
  );
  const mail = await policyExplainCommand({
    file,
    as: "bob",
    groups: "staff,ops",
    call: "mail__send",
    args: '{"to":"a@example.com"}',
  });
  assert.match(mail.stdout, /decision: allow\nrule: +mail-inside-only/);
  assert.match(mail.stdout, /rate: +20 calls per 3600 s/);
  assert.match(mail.stdout, /as bob \(groups: staff, ops\)/);
});

test("policy explain refuses bad arguments and ambiguous targets", async (t) => {
  const dir = await workspace(t, { "policy.yaml": POLICY });
  const file = join(dir, "policy.yaml");
  const badJson = await policyExplainCommand({ file, as: "alice", call: "fs__read_file", args: "{path:" });
  assert.equal(badJson.exitCode, 2);
  assert.match(badJson.stdout, /--args is not valid JSON/);
  const notObject = await policyExplainCommand({ file, as: "alice", call: "fs__read_file", args: "[1]" });
  assert.match(notObject.stdout, /--args must be a JSON object/);
  const twoTargets = await policyExplainCommand({ file, as: "alice", call: "a", prompt: "b" });
  assert.match(twoTargets.stdout, /only one of call, prompt, resource/);
  const none = await policyExplainCommand({ file, as: "alice" });
  assert.match(none.stdout, /give a call, prompt, resource or method/);
});

test("policy test passes a table that matches the policy", async (t) => {
  const dir = await workspace(t, {
    "policy.yaml": POLICY,
    "policy.test.yaml": `
policy: policy.yaml
cases:
  - name: alice reads her data
    principal: { subject: alice }
    call: fs__read_file
    args: { path: /srv/data/a.txt }
    expect: allow
    rule: alice-reads-data
  - principal: { subject: alice }
    call: fs__read_file
    args: { path: /srv/data/%2e%2e/etc/passwd }
    expect: deny
  - name: nobody deletes
    principal: { subject: root, groups: [staff] }
    call: fs__delete_file
    expect: deny
    rule: no-deletes
  - name: pings always work
    principal: { subject: anyone }
    method: ping
    expect: allow
`,
  });
  const { stdout, exitCode } = await policyTestCommand(join(dir, "policy.test.yaml"));
  assert.equal(exitCode, 0, stdout);
  assert.match(
    stdout,
    /^ok 1 - alice reads her data\nok 2 - alice fs__read_file -> deny\nok 3 - nobody deletes\nok 4 - pings always work\n/,
  );
  assert.match(stdout, /4 cases: 4 passed, 0 failed\n$/);
});

test("policy test reports each failing case and exits non-zero", async (t) => {
  const dir = await workspace(t, {
    "policy.yaml": POLICY,
    "cases.yaml": `
- name: staff mail anywhere
  principal: { subject: dave, groups: [staff] }
  call: mail__send
  args: { to: someone@elsewhere.org }
  expect: allow
- name: alice reads, decided by the wrong rule
  principal: { subject: alice }
  call: fs__read_file
  args: { path: /srv/data/a }
  expect: allow
  rule: mail-inside-only
- name: alice reads
  principal: { subject: alice }
  call: fs__read_file
  args: { path: /srv/data/a }
  expect: allow
`,
  });
  const { stdout, exitCode } = await policyTestCommand(join(dir, "cases.yaml"), join(dir, "policy.yaml"));
  assert.equal(exitCode, 1);
  assert.match(stdout, /^not ok 1 - staff mail anywhere: expected allow, got deny \(rule "default": /m);
  assert.match(
    stdout,
    /^not ok 2 - alice reads, decided by the wrong rule: expected rule "mail-inside-only" to decide, but "alice-reads-data" did/m,
  );
  assert.match(stdout, /^ok 3 - alice reads$/m);
  assert.match(stdout, /3 cases: 1 passed, 2 failed/);
});

test("policy test refuses a malformed table, naming the case and key", async (t) => {
  const dir = await workspace(t, {
    "policy.yaml": POLICY,
    "bad.yaml":
      "policy: policy.yaml\ncases:\n  - principal: { subject: a }\n    call: x\n    expect: permit\n",
    "nopolicy.yaml": "cases: []\n",
  });
  const bad = await policyTestCommand(join(dir, "bad.yaml"));
  assert.equal(bad.exitCode, 2);
  assert.match(
    bad.stdout,
    /bad\.yaml:5: cases\[0\]\.expect: expected one of "allow", "deny", "approve", "mfa", got "permit"/,
  );
  const missing = await policyTestCommand(join(dir, "nopolicy.yaml"));
  assert.equal(missing.exitCode, 2);
  assert.match(missing.stdout, /nopolicy\.yaml: policy: is missing/);
});
