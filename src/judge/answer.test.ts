import assert from "node:assert/strict";
import { test } from "node:test";
import { cleanReason, JudgeAnswerError, MAX_REASON_CHARS, parseJudgeAnswer } from "./answer.js";

test("a bare JSON answer, one in a code fence and one wrapped in prose are all read", () => {
  const expected = { malicious: true, reason: "Asks for SSH keys." };
  assert.deepEqual(parseJudgeAnswer('{"malicious": true, "reason": "Asks for SSH keys."}'), expected);
  assert.deepEqual(
    parseJudgeAnswer('```json\n{\n  "malicious": true,\n  "reason": "Asks for SSH keys."\n}\n```'),
    expected,
  );
  assert.deepEqual(
    parseJudgeAnswer(
      'Here is my verdict: {"reason": "Asks for SSH keys.", "malicious": true}. Hope that helps {:',
    ),
    expected,
  );
  assert.deepEqual(parseJudgeAnswer('{"malicious": false, "reason": "Uses {braces} in text"}'), {
    malicious: false,
    reason: "Uses {braces} in text",
  });
});

test("a reply with no answer object, a wrong type or answers that disagree is refused", () => {
  const refused = [
    "It looks malicious to me.",
    '{"malicious": "true", "reason": "a string is not a boolean"}',
    '{"malicious": true}',
    '{"malicious": true, "reason": "unterminated"',
    '{"malicious": false, "reason": "a"} or maybe {"malicious": true, "reason": "b"}',
    "x".repeat(20_000),
  ];
  for (const reply of refused)
    assert.throws(() => parseJudgeAnswer(reply), JudgeAnswerError, reply.slice(0, 60));
});

test("a reason loses control and invisible characters and is bounded", () => {
  assert.equal(
    cleanReason("Reads\u0007 ~/.ssh\u202e keys\u200b\n\nand \u001b[31msends\u001b[0m them"),
    "Reads ~/.ssh keys and [31msends [0m them",
  );
  assert.equal(cleanReason("\u0000\n "), "no reason given");
  const long = cleanReason("word ".repeat(200));
  assert.equal(long.length, MAX_REASON_CHARS);
  assert.ok(long.endsWith("…"));
});
