import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { FAKE_CREDENTIALS, FakeRandom } from "../../../eval/corpus/secrets/fakes.js";
import { AllowlistError, compileAllowlist, findSecrets } from "./index.js";

const random = new FakeRandom("allowlist-tests");
const token = FAKE_CREDENTIALS["npm-token"]?.(random) ?? "";
const text = `//registry.npmjs.org/:_authToken=${token}`;

test("a value on the allowlist is no longer reported", () => {
  assert.equal(findSecrets(text).length, 1);
  assert.deepEqual(findSecrets(text, { allowlist: compileAllowlist({ values: [token] }) }), []);
});

test("a value can be allowlisted by its SHA-256 digest so the allowlist holds no secret", () => {
  const digest = createHash("sha256").update(token).digest("hex");
  assert.deepEqual(
    findSecrets(text, { allowlist: compileAllowlist({ sha256: [digest.toUpperCase()] }) }),
    [],
  );
});

test("a pattern on the allowlist silences every value it matches and nothing else", () => {
  const allowlist = compileAllowlist({ patterns: ["^npm_"] });
  assert.deepEqual(findSecrets(text, { allowlist }), []);
  const other = FAKE_CREDENTIALS["github-token"]?.(random) ?? "";
  assert.equal(findSecrets(`GITHUB_TOKEN=${other}`, { allowlist }).length, 1);
});

test("a malformed digest or regular expression is refused with the entry named", () => {
  assert.throws(
    () => compileAllowlist({ sha256: ["abc"] }),
    (error: unknown) => {
      assert.ok(error instanceof AllowlistError);
      assert.match(error.message, /sha256\[0\]/);
      return true;
    },
  );
  assert.throws(
    () => compileAllowlist({ patterns: ["ok", "(unclosed"] }),
    /patterns\[1\] is not a valid regular expression/,
  );
  assert.throws(() => compileAllowlist({ values: [""] }), /values\[0\]/);
});
