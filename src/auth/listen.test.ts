import { test } from "node:test";
import assert from "node:assert/strict";
import { assertListenAllowed } from "./listen.js";
import { isLoopbackHost } from "./loopback.js";

test("loopback addresses are recognised and wildcard or public ones are not", () => {
  for (const host of [
    "127.0.0.1",
    "127.8.9.10",
    "::1",
    "[::1]",
    "0:0:0:0:0:0:0:1",
    "localhost",
    "LOCALHOST",
    "::ffff:127.0.0.1",
  ]) {
    assert.equal(isLoopbackHost(host), true, host);
  }
  for (const host of [
    "0.0.0.0",
    "::",
    "",
    "192.168.1.10",
    "10.0.0.1",
    "gateway.example.com",
    "::ffff:10.0.0.1",
    "128.0.0.1",
  ]) {
    assert.equal(isLoopbackHost(host), false, host);
  }
});

test("a gateway without auth may listen on loopback", () => {
  assert.deepEqual(assertListenAllowed("127.0.0.1", false, false), { warnings: [] });
});

test("a gateway without auth refuses a non-loopback address and says how to fix it", () => {
  assert.throws(
    () => assertListenAllowed("0.0.0.0", false, false),
    /refusing to listen on 0\.0\.0\.0 without authentication.*--allow-unauthenticated-remote/s,
  );
  assert.throws(() => assertListenAllowed("", false, false), /every interface/);
});

test("the loud flag allows it, with a warning to print", () => {
  const { warnings } = assertListenAllowed("0.0.0.0", false, true);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? "", /WITHOUT AUTHENTICATION/);
});

test("a gateway with auth may listen anywhere without warnings", () => {
  assert.deepEqual(assertListenAllowed("0.0.0.0", true, false), { warnings: [] });
});
