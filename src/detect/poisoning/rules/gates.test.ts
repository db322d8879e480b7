import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { normalizeText } from "../../text/index.js";
import { TEXT_RULES } from "./catalogue.js";
import { compileRuleSet, runRules } from "./rule.js";

const CORPUS = new URL("../../../../eval/corpus/poisoning/", import.meta.url);

function payloads(): string[] {
  const files = ["train/", "eval/"].flatMap((dir) =>
    readdirSync(new URL(dir, CORPUS))
      .filter((name) => name.startsWith("attacks") && name.endsWith(".json"))
      .map((name) => dir + name),
  );
  return files.flatMap((file) => {
    const cases = JSON.parse(readFileSync(new URL(file, CORPUS), "utf8")) as Array<{ payload: string }>;
    return cases.map((c) => normalizeText(c.payload).text.toLowerCase());
  });
}

test("every payload a rule matches without its gate or narrowing is found with them", () => {
  const texts = payloads();
  assert.ok(texts.length >= 250);
  const gated = TEXT_RULES.filter((rule) => rule.gate);
  const ungated = compileRuleSet(
    gated.map((rule) => ({ ...rule, gate: undefined })),
    { narrow: false },
  );
  const withGate = compileRuleSet(gated);
  for (const text of texts) {
    const expected = runRules(ungated, text).map((hit) => hit.rule.id);
    const actual = runRules(withGate, text).map((hit) => hit.rule.id);
    assert.deepEqual(actual, expected, text);
  }
});

test("in long text only the neighbourhood of gate fragments is scanned, and nothing is missed", () => {
  const filler = "The catalogue lists products with prices, stock and ratings. ".repeat(40);
  const gated = TEXT_RULES.filter((rule) => rule.gate);
  const ungated = compileRuleSet(
    gated.map((rule) => ({ ...rule, gate: undefined })),
    { narrow: false },
  );
  const withGate = compileRuleSet(gated);
  for (const payload of payloads()) {
    const text = `${filler}${payload} ${filler}`;
    const expected = runRules(ungated, text).map((hit) => [hit.rule.id, text.slice(hit.start, hit.end)]);
    const actual = runRules(withGate, text).map((hit) => [hit.rule.id, text.slice(hit.start, hit.end)]);
    assert.deepEqual(actual, expected, payload);
  }
});

test("combination rules only pair words from the same string", () => {
  const sensitive = compileRuleSet(TEXT_RULES.filter((rule) => rule.id === "sensitive-file-access"));
  const text = "read the manual\n\n~/.ssh/id_rsa";
  const split = text.indexOf("~");
  assert.equal(runRules(sensitive, text, (offset) => (offset < split ? 0 : 1)).length, 0);
  assert.equal(runRules(sensitive, text).length, 1);
});
