import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizeResourceUri } from "./resource.js";

test("file URIs are resolved like paths", () => {
  assert.deepEqual(normalizeResourceUri("file:///srv/docs/a/../b.md"), {
    ok: true,
    uri: "file:///srv/docs/b.md",
  });
  assert.deepEqual(normalizeResourceUri("file:///srv/docs/%2e%2e/x"), { ok: true, uri: "file:///srv/x" });
});

test("other URIs are decoded once and keep their shape", () => {
  assert.deepEqual(normalizeResourceUri("Memo://notes/a%20b?x=..#y"), {
    ok: true,
    uri: "memo://notes/a b?x=..#y",
  });
});

test("dot segments in non-file URIs are refused", () => {
  assert.deepEqual(normalizeResourceUri("memo://notes/../x"), {
    ok: false,
    reason: "contains a . or .. segment",
  });
  assert.deepEqual(normalizeResourceUri("memo://notes/%2E/x"), {
    ok: false,
    reason: "contains a . or .. segment",
  });
});

test("double encoding, unsafe characters and missing schemes are refused", () => {
  assert.equal(normalizeResourceUri("memo://notes/%252e%252e").ok, false);
  assert.equal(normalizeResourceUri("file:///srv/%252e%252e/x").ok, false);
  assert.equal(normalizeResourceUri("memo://notes/a%5cb").ok, false);
  assert.equal(normalizeResourceUri("memo://notes/\uff0e\uff0e").ok, false);
  assert.equal(normalizeResourceUri("/srv/docs/a").ok, false);
  assert.equal(normalizeResourceUri(5).ok, false);
});
