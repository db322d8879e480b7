import assert from "node:assert/strict";
import { test } from "node:test";
import { isPathUnder, isUnderRoot, normalizePath, normalizeRoot } from "./path.js";

function refused(input: unknown): string {
  const result = normalizePath(input);
  assert.equal(result.ok, false, `expected ${JSON.stringify(input)} to be refused`);
  return result.ok ? "" : result.reason;
}

test("dot segments and repeated slashes resolve lexically", () => {
  const result = normalizePath("//srv/./data//a/../b/");
  assert.deepEqual(result, { ok: true, path: "/srv/data/b", forms: ["/srv/data/b"] });
});

test(".. at the root stays at the root, as POSIX resolves it", () => {
  assert.deepEqual(normalizePath("/../../etc"), { ok: true, path: "/etc", forms: ["/etc"] });
});

test("each layer of percent-decoding is kept as a separate form", () => {
  const result = normalizePath("/srv/data/%252e%252e/x");
  assert.ok(result.ok);
  assert.deepEqual(result.forms, ["/srv/data/%252e%252e/x", "/srv/data/%2e%2e/x", "/srv/x"]);
  assert.equal(result.path, "/srv/x");
});

test("a path is under a root only when every decoding layer is", () => {
  assert.equal(isPathUnder(normalizePath("/srv/data/a%20b"), "/srv/data"), true);
  assert.equal(isPathUnder(normalizePath("/srv/data/%2e%2e/etc"), "/srv/data"), false);
  assert.equal(isPathUnder(normalizePath("/srv/a%2Fb/../../data/x"), "/srv/data"), false);
});

test("roots are compared by whole segments", () => {
  assert.equal(isUnderRoot("/srv/data", "/srv/data"), true);
  assert.equal(isUnderRoot("/srv/data/x", "/srv/data"), true);
  assert.equal(isUnderRoot("/srv/data2", "/srv/data"), false);
  assert.equal(isUnderRoot("/srv/dat", "/srv/data"), false);
  assert.equal(isUnderRoot("/anything", "/"), true);
});

test("file URLs are reduced to their path", () => {
  assert.equal((normalizePath("FILE:///srv/a%20b") as { path: string }).path, "/srv/a b");
  assert.equal((normalizePath("file://LOCALHOST/srv/a") as { path: string }).path, "/srv/a");
  assert.equal((normalizePath("file:/srv/a") as { path: string }).path, "/srv/a");
  assert.match(refused("file://server/share/a"), /host "server"/);
  assert.match(refused("file:///srv/a?x=1"), /query or fragment/);
});

test("NUL bytes, raw or encoded, are refused", () => {
  assert.match(refused("/srv/a\u0000b"), /NUL/);
  assert.match(refused("/srv/a%00b"), /NUL.*after percent-decoding/);
  assert.match(refused("/srv/a%2500b"), /NUL/);
});

test("control characters are refused", () => {
  assert.match(refused("/srv/a\nb"), /control character U\+000A/);
  assert.match(refused("/srv/a\u0085b"), /control character U\+0085/);
});

test("backslashes, raw or encoded, are refused", () => {
  assert.match(refused("/srv/data\\..\\etc"), /backslash/);
  assert.match(refused("/srv/data/..%5Cetc"), /backslash/);
});

test("look-alike slashes and dots are refused with their code point", () => {
  const lookalikes: Array<[string, string]> = [
    ["\uff0f", "U+FF0F"],
    ["\u2215", "U+2215"],
    ["\u2044", "U+2044"],
    ["\u29f8", "U+29F8"],
    ["\uff0e", "U+FF0E"],
    ["\u2024", "U+2024"],
    ["\u2025", "U+2025"],
    ["\u2026", "U+2026"],
    ["\ufe52", "U+FE52"],
    ["\u3002", "U+3002"],
    ["\uff3c", "U+FF3C"],
    ["\ufe68", "U+FE68"],
    ["\u00a5", "U+00A5"],
  ];
  for (const [char, codePoint] of lookalikes) {
    assert.match(refused(`/srv/data/${char}${char}/etc`), new RegExp(codePoint.replace("+", "\\+")));
  }
});

test("look-alikes hidden behind percent-encoding are refused too", () => {
  assert.match(refused("/srv/data/%EF%BC%8E%EF%BC%8E/etc"), /U\+FF0E/);
});

test("invisible formatting characters are refused", () => {
  assert.match(refused("/srv/.\u200b./etc"), /U\+200B/);
  assert.match(refused("/srv/\u202eetc"), /U\+202E/);
});

test("ordinary non-ASCII file names are accepted", () => {
  assert.deepEqual(normalizePath("/srv/data/Ünïcödé 文件.txt"), {
    ok: true,
    path: "/srv/data/Ünïcödé 文件.txt",
    forms: ["/srv/data/Ünïcödé 文件.txt"],
  });
});

test("overlong and invalid UTF-8 in percent-encoding is refused", () => {
  assert.match(refused("/srv/%c0%ae%c0%ae/etc"), /not valid UTF-8/);
  assert.match(refused("/srv/%e0%80%ae/etc"), /not valid UTF-8/);
  assert.match(refused("/srv/%ff"), /not valid UTF-8/);
});

test("a percent sign that starts no escape is left alone", () => {
  assert.equal((normalizePath("/srv/100%/x%zz") as { path: string }).path, "/srv/100%/x%zz");
});

test("tilde and relative paths are refused", () => {
  assert.match(refused("~/x"), /starts with ~/);
  assert.match(refused("~bob/x"), /starts with ~/);
  assert.match(refused("%7e/x"), /relative/);
  assert.match(refused("srv/data"), /relative/);
  assert.match(refused("./x"), /relative/);
  assert.match(refused("../x"), /relative/);
  assert.match(refused(""), /relative/);
  assert.match(refused("C:/Windows"), /relative/);
});

test("over-long paths are refused, and the limit can be changed", () => {
  assert.match(refused("/" + "a".repeat(5000)), /longer than 4096/);
  assert.equal(normalizePath("/" + "a".repeat(5000), { maxLength: 10000 }).ok, true);
  assert.match(refused("/" + "%41".repeat(1500)), /longer than 4096/);
});

test("deeply encoded paths are refused rather than decoded forever", () => {
  let encoded = "/a";
  for (let i = 0; i < 10; i++) encoded = encoded.replace(/%/g, "%25").replace("/a", "/%61");
  assert.match(refused(encoded), /percent-encoded more than 8 times/);
});

test("values that are not strings are refused", () => {
  assert.match(refused(undefined), /not a string/);
  assert.match(refused(["/srv"]), /not a string/);
});

test("roots must be plain absolute paths", () => {
  assert.equal(normalizeRoot("/srv/data/"), "/srv/data");
  assert.equal(normalizeRoot("/"), "/");
  assert.throws(() => normalizeRoot("srv/data"), /relative/);
  assert.throws(() => normalizeRoot("/srv/d%61ta"), /percent-encoded/);
});
