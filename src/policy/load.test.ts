import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { PolicyError } from "./errors.js";
import { compilePolicy, loadPolicyFile, parsePolicy } from "./load.js";
import { policySchema } from "./schema.js";

function problemsOf(text: string): string[] {
  try {
    parsePolicy(text, "policy.yaml");
  } catch (error) {
    assert.ok(error instanceof PolicyError);
    return error.problems.map((p) => `${p.line ?? "-"} ${p.path}: ${p.message}`);
  }
  assert.fail("expected the policy to be refused");
}

test("a minimal policy defaults to deny and gets a stable version", () => {
  const policy = parsePolicy("rules: []");
  assert.equal(policy.defaultEffect, "deny");
  assert.equal(policy.version, parsePolicy("# a comment\nrules:   []\ndefault: deny").version);
  assert.notEqual(policy.version, parsePolicy("default: allow").version);
  assert.match(policy.version, /^[0-9a-f]{64}$/);
});

test("an unknown key is refused with its line and the keys that were expected", () => {
  const problems = problemsOf("rules:\n  - id: r1\n    effect: allow\n    tool: [fs__read]\n");
  assert.equal(problems.length, 1);
  assert.match(
    problems[0] ?? "",
    /^4 rules\[0\]\.tool: unknown key; expected one of id, description, effect, principals, tools/,
  );
});

test("a wrong effect names the allowed values and what was given", () => {
  assert.deepEqual(problemsOf("rules:\n  - id: r1\n    effect: permit\n"), [
    '3 rules[0].effect: expected one of "allow", "deny", "approve", "mfa", got "permit"',
  ]);
});

test("a missing id and a wrongly typed list are both reported", () => {
  const problems = problemsOf("rules:\n  - effect: allow\n    tools: fs__read\n");
  assert.ok(problems.some((p) => /rules\[0\]\.id: is missing; expected a string/.test(p)));
  assert.ok(problems.some((p) => /rules\[0\]\.tools: expected a list, got "fs__read"/.test(p)));
});

test("duplicate rule ids are refused, naming the first use", () => {
  assert.deepEqual(problemsOf("rules:\n  - { id: a, effect: allow }\n  - { id: a, effect: deny }\n"), [
    '3 rules[1].id: duplicate rule id "a" (first used by rules[0])',
  ]);
});

test("reserved rule ids are refused", () => {
  assert.match(problemsOf("rules: [{ id: default, effect: allow }]")[0] ?? "", /rules\[0\]\.id: is reserved/);
});

test("a bad regex is refused with the engine's explanation", () => {
  const problems = problemsOf(
    "rules:\n  - id: r\n    effect: allow\n    args:\n      to: { pattern: '([a-z' }\n",
  );
  assert.match(problems[0] ?? "", /^5 rules\[0\]\.args\.to\.pattern: invalid regular expression "\(\[a-z"/);
});

test("a regex with nested unbounded repetition is refused", () => {
  const problems = problemsOf(
    "rules:\n  - id: r\n    effect: allow\n    args:\n      q: { pattern: '(\\w+\\s?)+$' }\n",
  );
  assert.match(problems[0] ?? "", /args\.q\.pattern: .*exponential time/);
});

test("conflicting operators on one argument are refused", () => {
  assert.match(
    problemsOf("rules: [{ id: r, effect: allow, args: { a: { equals: 1, min: 0 } } }]")[0] ?? "",
    /equals cannot be combined with min/,
  );
  assert.match(
    problemsOf("rules: [{ id: r, effect: allow, args: { a: { min: 0, pattern: x } } }]")[0] ?? "",
    /cannot combine min \(for numbers\) with pattern/,
  );
  assert.match(
    problemsOf(
      "rules: [{ id: r, effect: allow, args: { a: { path_under: /a, url_host_in: [x.com] } } }]",
    )[0] ?? "",
    /path_under and url_host_in/,
  );
  assert.match(
    problemsOf("rules: [{ id: r, effect: allow, args: { a: {} } }]")[0] ?? "",
    /at least one operator/,
  );
});

test("a deny rule with a rate is refused", () => {
  assert.match(
    problemsOf("rules: [{ id: r, effect: deny, rate: { calls: 1, per_seconds: 1 } }]")[0] ?? "",
    /rules\[0\]\.rate: a deny rule cannot have a rate/,
  );
});

test("an empty principals mapping is refused with a hint", () => {
  assert.match(
    problemsOf("rules: [{ id: r, effect: allow, principals: {} }]")[0] ?? "",
    /omit principals to match every principal/,
  );
});

test("bad roots and hosts in argument constraints are refused", () => {
  assert.match(
    problemsOf("rules: [{ id: r, effect: allow, args: { p: { path_under: '~/x' } } }]")[0] ?? "",
    /path_under: root "~\/x" starts with ~/,
  );
  assert.match(
    problemsOf("rules: [{ id: r, effect: allow, args: { u: { url_host_in: ['a.com/x'] } } }]")[0] ?? "",
    /url_host_in: host "a.com\/x"/,
  );
});

test("a method both allowed and denied for server requests is refused", () => {
  assert.match(
    problemsOf("server_requests: { fs: { allow: [sampling], deny: [sampling] } }")[0] ?? "",
    /server_requests\.fs: sampling is both allowed and denied/,
  );
});

test("invalid YAML, duplicate keys and empty files are refused clearly", () => {
  assert.match(problemsOf("rules: [\n")[0] ?? "", /not valid YAML/);
  assert.match(
    problemsOf("default: deny\ndefault: allow\n")[0] ?? "",
    /^2 : not valid YAML: Map keys must be unique/,
  );
  assert.deepEqual(problemsOf(""), ["- : is empty; expected a mapping with default and rules"]);
  assert.match(problemsOf("- a\n- b\n")[0] ?? "", /expected a mapping, got a list/);
});

test("the error message names the file, the line and the key path", () => {
  assert.throws(
    () => parsePolicy("rules:\n  - id: r1\n    effect: permit\n", "/etc/bastion/policy.yaml"),
    (error: Error) =>
      error.message.startsWith('/etc/bastion/policy.yaml:3: rules[0].effect: expected one of "allow"'),
  );
});

test("files are loaded, and unreadable ones are errors that name them", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "bastion-policy-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, "policy.yaml");
  await writeFile(file, "default: allow\n");
  assert.equal((await loadPolicyFile(file)).source, file);
  await assert.rejects(loadPolicyFile(join(dir, "missing.yaml")), /missing\.yaml: cannot be read \(ENOENT\)/);
});

test("inline policy objects from the config are validated the same way", () => {
  assert.equal(compilePolicy({ rules: [{ id: "r", effect: "allow", tools: ["a"] }] }).rules.length, 1);
  assert.throws(
    () => compilePolicy({ rules: [{ id: "r", effect: "allow", extra: 1 }] }),
    /<inline policy>: rules\[0\]\.extra: unknown key/,
  );
});

test("the exported schema alone catches semantic errors too", () => {
  const result = policySchema.safeParse({
    rules: [{ id: "r", effect: "allow", args: { a: { pattern: "(" } } }],
  });
  assert.equal(result.success, false);
});
