import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { normalizeText } from "../../text/index.js";
import type { BranchedExpression } from "./branches.js";
import { TEXT_RULES } from "./catalogue.js";
import { compileRuleSet, runRules } from "./rule.js";
import { neededLiteral, TextSketch } from "./sketch.js";

const CORPUS = new URL("../../../../eval/corpus/poisoning/", import.meta.url);

/** Every attack payload and benign description of the corpus, normalised and lower-cased. */
function texts(): string[] {
  const files = ["train/", "eval/"].flatMap((dir) =>
    readdirSync(new URL(dir, CORPUS))
      .filter((name) => name.endsWith(".json"))
      .map((name) => dir + name),
  );
  return files.flatMap((file) => {
    const cases = JSON.parse(readFileSync(new URL(file, CORPUS), "utf8")) as Array<{
      payload?: string;
      definition?: { description?: unknown };
    }>;
    return cases
      .map((c) => c.payload ?? c.definition?.description)
      .filter((text): text is string => typeof text === "string")
      .map((text) => normalizeText(text).text.toLowerCase());
  });
}

function expressions(): BranchedExpression[] {
  return compileRuleSet(TEXT_RULES).rules.flatMap((rule) => [
    ...(rule.any ? [rule.any] : []),
    ...(rule.groups ?? []),
  ]);
}

test("every match of a rule branch in the corpus holds one of the literals the branch needs", () => {
  const corpus = texts();
  assert.ok(corpus.length >= 300);
  let checked = 0;
  for (const expression of expressions()) {
    expression.branches.forEach((branch, i) => {
      const needs = expression.needs[i];
      if (!needs) return;
      const pattern = new RegExp(branch, "g");
      for (const text of corpus) {
        for (const match of text.matchAll(pattern)) {
          checked++;
          assert.ok(
            needs.some((literal) => match[0].includes(literal.text)),
            `${JSON.stringify(match[0])} matched ${branch} without any of ${needs.map((l) => l.text).join(", ")}`,
          );
        }
      }
    });
  }
  assert.ok(checked > 500);
});

test("leaving out branches that cannot match finds the same hits in the same order", () => {
  const whole = compileRuleSet(TEXT_RULES, { narrow: false });
  const narrowed = compileRuleSet(TEXT_RULES);
  const filler = "The catalogue lists products with prices, stock and ratings. ".repeat(30);
  for (const text of texts().flatMap((t) => [t, `${filler}${t}\n\n${filler}`])) {
    const hits = (set: typeof whole) => runRules(set, text).map((h) => [h.rule.id, h.start, h.end]);
    assert.deepEqual(hits(narrowed), hits(whole), text);
  }
});

test("most branches are left out of ordinary text", () => {
  const sketch = new TextSketch("returns the current weather forecast for a city, in celsius");
  const all = expressions().flatMap((e) => e.needs);
  const kept = all.filter((needs) => !needs || needs.some((literal) => sketch.mayContain(literal)));
  assert.ok(kept.length < all.length / 4, `${kept.length} of ${all.length} kept`);
});

test("a sketch never rules out a literal its text contains", () => {
  let seed = 42;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const alphabet = "abcde .\n闭";
  for (let round = 0; round < 2000; round++) {
    const text = Array.from({ length: 1 + next(60) }, () => alphabet[next(alphabet.length)]).join("");
    const sketch = new TextSketch(text);
    for (let probe = 0; probe < 10; probe++) {
      const from = next(text.length);
      const literal = text.slice(from, from + 1 + next(8));
      assert.ok(sketch.mayContain(neededLiteral(literal)), JSON.stringify([text, literal]));
    }
  }
  assert.equal(new TextSketch("read the manual").mayContain(neededLiteral("powershell")), false);
});
