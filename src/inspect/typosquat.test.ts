import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { test } from "node:test";
import { readTarGz } from "./tar.js";
import { editDistance, typosquatTarget } from "./typosquat.js";

test("names one slip away from popular packages are flagged, the packages themselves are not", () => {
  assert.equal(typosquatTarget("expresss"), "express");
  assert.equal(typosquatTarget("lodahs"), "lodash");
  assert.equal(
    typosquatTarget("@modelcontextprotocol/server-filesytem"),
    "@modelcontextprotocol/server-filesystem",
  );
  assert.equal(typosquatTarget("@modelcontextprotocoI/server-memory"), "@modelcontextprotocol/server-memory");
  assert.equal(typosquatTarget("modelcontextprotocol-server-memory"), "@modelcontextprotocol/server-memory");
  assert.equal(typosquatTarget("cross_env"), "cross-env");
  assert.equal(typosquatTarget("express"), undefined);
  assert.equal(typosquatTarget("preact"), undefined);
  assert.equal(typosquatTarget("my-own-weather-mcp"), undefined);
  assert.equal(editDistance("abcd", "abdc"), 1);
});

test("the tar reader refuses corrupt archives with a clear error", () => {
  const block = Buffer.alloc(1024);
  block.write("package/index.js", 0);
  block.write("0000644\0", 100);
  block.write("00000000004\0", 124);
  block.write("0001234\0", 148);
  assert.throws(() => readTarGz(gzipSync(block)), /checksum mismatch/);
  assert.throws(() => readTarGz(Buffer.from("not gzip")), /Not a gzip archive/);
});
