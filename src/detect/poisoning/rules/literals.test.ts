import assert from "node:assert/strict";
import { test } from "node:test";
import { requiredLiterals, topLevelBranches } from "./literals.js";

const sorted = (literals: string[] | undefined): string[] | undefined => literals && [...literals].sort();

test("a fixed phrase requires itself, with optional parts spelled out", () => {
  assert.deepEqual(sorted(requiredLiterals("\\bsend (?:the )?file\\b")), ["send file", "send the file"]);
  assert.deepEqual(sorted(requiredLiterals("authori[sz]ed")), ["authorised", "authorized"]);
  assert.deepEqual(sorted(requiredLiterals("a\\.b\\/c")), ["a.b/c"]);
  assert.deepEqual(requiredLiterals("a(?:b|)"), ["a"]);
});

test("an alternation requires one literal from each branch", () => {
  assert.deepEqual(sorted(requiredLiterals("(?:ignore|disregard) (?:all|any)")), [
    "disregard all",
    "disregard any",
    "ignore all",
    "ignore any",
  ]);
  assert.deepEqual(sorted(requiredLiterals("abc|(?:d|e)f")), ["abc", "df", "ef"]);
});

test("the longest literal around classes and repetition is the one required", () => {
  assert.deepEqual(requiredLiterals("\\b(?:run|exec)\\b[^.\\n]{0,20}\\bpowershell\\b"), ["powershell"]);
  assert.deepEqual(requiredLiterals("\\d+px"), ["px"]);
  assert.deepEqual(requiredLiterals("(?<=x)yz(?!q)"), ["yz"]);
});

test("nothing is required where a match can avoid every literal", () => {
  assert.equal(requiredLiterals("\\w+"), undefined);
  assert.equal(requiredLiterals("(?:abc)?\\d"), undefined);
  assert.equal(requiredLiterals("abc|\\s+"), undefined);
  assert.equal(requiredLiterals("x*"), undefined);
  assert.equal(requiredLiterals("[^a]"), undefined);
  assert.equal(requiredLiterals("(a)\\k<n>"), undefined);
  assert.equal(requiredLiterals("(unclosed"), undefined);
});

test("top-level branches ignore bars inside groups, classes and escapes", () => {
  assert.deepEqual(topLevelBranches("a(?:b|c)|d"), ["a(?:b|c)", "d"]);
  assert.deepEqual(topLevelBranches("a[|]b|c"), ["a[|]b", "c"]);
  assert.deepEqual(topLevelBranches("a\\|b|c"), ["a\\|b", "c"]);
  assert.deepEqual(topLevelBranches("abc"), ["abc"]);
});
