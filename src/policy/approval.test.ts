import assert from "node:assert/strict";
import { test } from "node:test";
import { approvalDigest } from "./approval.js";
import { canonicalJson } from "./canonical.js";

const base = {
  subject: "alice",
  server: "fs",
  tool: "fs__write_file",
  args: { path: "/srv/a", content: "x" },
  policyVersion: "v1",
};

test("the digest ignores key order and is SHA-256 hex", () => {
  const reordered = { ...base, args: { content: "x", path: "/srv/a" } };
  assert.equal(approvalDigest(base), approvalDigest(reordered));
  assert.match(approvalDigest(base), /^[0-9a-f]{64}$/);
});

test("the digest changes with any bound field", () => {
  const digest = approvalDigest(base);
  assert.notEqual(approvalDigest({ ...base, subject: "bob" }), digest);
  assert.notEqual(approvalDigest({ ...base, server: "fs2" }), digest);
  assert.notEqual(approvalDigest({ ...base, tool: "fs__delete_file" }), digest);
  assert.notEqual(approvalDigest({ ...base, args: { path: "/srv/b", content: "x" } }), digest);
  assert.notEqual(approvalDigest({ ...base, args: { path: "/srv/a", content: "x", extra: null } }), digest);
  assert.notEqual(approvalDigest({ ...base, policyVersion: "v2" }), digest);
});

test("absent arguments bind like an empty object", () => {
  assert.equal(approvalDigest({ ...base, args: undefined }), approvalDigest({ ...base, args: {} }));
});

test("fields cannot be shifted between each other", () => {
  const a = approvalDigest({ ...base, subject: "a", server: "b:c" });
  const b = approvalDigest({ ...base, subject: "a:b", server: "c" });
  assert.notEqual(a, b);
});

test("values JSON cannot carry are refused rather than silently changed", () => {
  assert.throws(() => approvalDigest({ ...base, args: { n: Number.NaN } }), /NaN/);
  assert.throws(() => approvalDigest({ ...base, args: { d: new Date(0) } }), /not a plain object/);
  assert.throws(() => approvalDigest({ ...base, subject: "" }), /subject/);
});

test("canonical JSON sorts keys at every depth and refuses cycles", () => {
  assert.equal(canonicalJson({ b: [{ d: 1, c: 2 }], a: -0 }), '{"a":0,"b":[{"c":2,"d":1}]}');
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => canonicalJson(cyclic), /refers back to itself/);
});
