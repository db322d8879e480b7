import assert from "node:assert/strict";
import { test } from "node:test";
import { compileGlobList, globCovers, matchesGlobList } from "./glob.js";
import { compilePattern } from "./pattern.js";

test("in name mode a star matches any characters", () => {
  const list = compileGlobList(["*__delete_*", "fs__read_file"], "name");
  assert.equal(matchesGlobList(list, "fs__delete_file"), true);
  assert.equal(matchesGlobList(list, "a/b__delete_c/d"), true);
  assert.equal(matchesGlobList(list, "fs__read_file"), true);
  assert.equal(matchesGlobList(list, "fs__read_files"), false);
});

test("in path mode a star stays in its segment and a double star crosses", () => {
  const list = compileGlobList(["file:///srv/*.md", "memo://**"], "path");
  assert.equal(matchesGlobList(list, "file:///srv/a.md"), true);
  assert.equal(matchesGlobList(list, "file:///srv/x/a.md"), false);
  assert.equal(matchesGlobList(list, "memo://a/b/c"), true);
});

test("regex characters in globs are literal", () => {
  const list = compileGlobList(["a.b+(c)?"], "name");
  assert.equal(matchesGlobList(list, "a.b+(c)x"), true);
  assert.equal(matchesGlobList(list, "aXb+(c)x"), false);
});

test("glob coverage answers true only when sure", () => {
  assert.equal(globCovers("*", "anything*", "name"), true);
  assert.equal(globCovers("fs__*", "fs__read_*", "name"), true);
  assert.equal(globCovers("fs__read_*", "fs__*", "name"), false);
  assert.equal(globCovers("file:///srv/**", "file:///srv/docs/*", "path"), true);
  assert.equal(globCovers("file:///srv/*", "file:///srv/a/b", "path"), false);
});

test("patterns must match the whole value", () => {
  const regex = compilePattern("[a-z]+");
  assert.equal(regex.test("abc"), true);
  assert.equal(regex.test("abc1"), false);
  assert.equal(compilePattern("a|b").test("ab"), false);
});

test("patterns with catastrophic backtracking shapes are refused", () => {
  for (const pattern of ["(a+)+", "(a*)*b", "((ab)+)+", "(x{2,})*", "(\\d+\\s?)+"]) {
    assert.throws(() => compilePattern(pattern), /exponential time/, pattern);
  }
  for (const pattern of ["(ab)+", "[(a+)]+", "(a{2})+", "\\(a+\\)+", "^[^@]+@example\\.com$"]) {
    assert.doesNotThrow(() => compilePattern(pattern), pattern);
  }
});
