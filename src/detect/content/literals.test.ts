import assert from "node:assert/strict";
import { test } from "node:test";
import { INJECTION_CUES } from "../injection/index.js";
import { SECRET_ANCHORS } from "../secrets/index.js";
import { literalPattern, scanLiterals } from "./literals.js";

test("a literal pattern matches each literal, the longest where they share a prefix", () => {
  const pattern = new RegExp(literalPattern(["pass", "password", "pwd", "a.b", "(x)"]), "g");
  assert.deepEqual("password pass pwd a.b axb (x)".match(pattern), ["password", "pass", "pwd", "a.b", "(x)"]);
});

test("a literal scan finds overlapping occurrences in one pass", () => {
  const hits = scanLiterals("x-api-key: abc", literalPattern(["x-api-key", "key"]));
  assert.deepEqual(Object.fromEntries(hits), { "x-api-key": [0], key: [6] });
});

test("no secret anchor and injection cue hide each other in the shared pass", () => {
  // The shared pass reports the longest literal at each position; a literal of one set that is a
  // prefix of the other's would be lost, unless it is a whole-word cue the longer one rules out.
  for (const anchor of SECRET_ANCHORS) {
    for (const cue of INJECTION_CUES) {
      if (anchor === cue) continue;
      const [short, long] = anchor.length < cue.length ? [anchor, cue] : [cue, anchor];
      if (!long.startsWith(short)) continue;
      assert.ok(
        INJECTION_CUES.includes(short) &&
          /^[a-z]{2,3}$/.test(short) &&
          /[a-z0-9]/.test(long.charAt(short.length)),
        `${short} is hidden by ${long}`,
      );
    }
  }
});
