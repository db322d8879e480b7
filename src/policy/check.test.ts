import assert from "node:assert/strict";
import { test } from "node:test";
import { checkPolicy } from "./check.js";
import { parsePolicy } from "./load.js";

function warningsFor(yaml: string): string[] {
  return checkPolicy(parsePolicy(yaml)).map((w) => `${w.path}: ${w.message}`);
}

test("a clean policy has no warnings", () => {
  assert.deepEqual(
    warningsFor(`
rules:
  - { id: read, effect: allow, principals: { groups: [staff] }, tools: ["fs__read_*"] }
  - { id: no-delete, effect: deny, tools: ["*__delete_*"] }
`),
    [],
  );
});

test("tool globs without a server prefix are not flagged", () => {
  assert.deepEqual(warningsFor("rules: [{ id: r, effect: allow, tools: [read_file, '*search*'] }]"), []);
});

test("empty lists that make a rule unmatchable are flagged", () => {
  const warnings = warningsFor(`
rules:
  - { id: nobody, effect: allow, principals: { subjects: [] }, tools: [a] }
  - { id: no-targets, effect: allow, tools: [] }
  - { id: no-servers, effect: allow, servers: [], tools: [a] }
`);
  assert.ok(warnings.includes("rules[0].principals: admits no one, so the rule never applies"));
  assert.ok(warnings.includes("rules[1]: names no tool, prompt or resource, so it never applies"));
  assert.ok(warnings.includes("rules[2].servers: is empty, so the rule never applies"));
});

test("contradictory and empty argument constraints are flagged", () => {
  const warnings = warningsFor(`
rules:
  - id: r
    effect: allow
    tools: [t]
    args:
      n: { min: 10, max: 1 }
      e: { one_of: [] }
      u: { url_host_in: [] }
`);
  assert.deepEqual(warnings, [
    "rules[0].args.n: min 10 is above max 1: no value can match",
    "rules[0].args.e.one_of: is empty: no value can match",
    "rules[0].args.u.url_host_in: is empty: no host can match",
  ]);
});

test("argument constraints on requests that carry no arguments are flagged", () => {
  const warnings = warningsFor(`
rules:
  - { id: res, effect: allow, resources: ["file:///**"], args: { a: { equals: 1 } } }
  - { id: sub, effect: allow, methods: ["resources/*"], args: { a: { equals: 1 } } }
  - { id: broad-deny, effect: deny, args: { path: { path_under: /etc } } }
`);
  assert.match(warnings[0] ?? "", /rules\[0\]\.args: .*names only resources/);
  assert.match(warnings[1] ?? "", /rules\[1\]\.args: .*neither tools\/call nor prompts\/get/);
  assert.match(
    warnings[2] ?? "",
    /rules\[2\]\.args: applies to every tool and prompt: any call without path gets deny/,
  );
});

test("a rule covered by a broader deny is flagged as shadowed", () => {
  const warnings = warningsFor(`
rules:
  - { id: no-fs-for-contractors, effect: deny, principals: { groups: [contractors] }, tools: ["fs__*"] }
  - { id: contractors-read, effect: allow, principals: { groups: [contractors] }, tools: [fs__read_file] }
  - { id: staff-read, effect: allow, principals: { groups: [staff] }, tools: [fs__read_file] }
  - { id: contractors-mail, effect: allow, principals: { groups: [contractors] }, tools: [mail__send] }
`);
  assert.deepEqual(warnings, [
    'rules[1]: can never apply: deny rule "no-fs-for-contractors" (rules[0]) covers the same principals and targets',
  ]);
});

test("a deny with argument constraints or narrower principals does not shadow", () => {
  const warnings = warningsFor(`
rules:
  - { id: d1, effect: deny, tools: ["fs__*"], args: { path: { path_under: /etc } } }
  - { id: d2, effect: deny, principals: { subjects: [bob] }, tools: ["fs__*"] }
  - { id: d3, effect: deny, servers: [web], tools: ["fs__*"] }
  - { id: read, effect: allow, principals: { subjects: [bob, ann] }, tools: [fs__read_file] }
`);
  assert.deepEqual(
    warnings.filter((w) => w.includes("can never apply")),
    [],
  );
});

test("an argument-free deny without targets shadows everything after it for those principals", () => {
  const warnings = warningsFor(`
rules:
  - { id: block-mallory, effect: deny, principals: { subjects: [mallory] } }
  - { id: mallory-read, effect: allow, principals: { subjects: [mallory] }, resources: ["file:///srv/**"] }
`);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? "", /block-mallory/);
});

test("a default-allow policy that restricts nothing is flagged", () => {
  assert.deepEqual(warningsFor("default: allow\nrules: [{ id: r, effect: allow, tools: [a] }]"), [
    "default: default allow with no deny, approve or mfa rule: the policy restricts nothing",
  ]);
});
