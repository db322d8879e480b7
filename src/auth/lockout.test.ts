import { test } from "node:test";
import assert from "node:assert/strict";
import { MemoryStore } from "../store/memory.js";
import { createApiKey } from "./api-keys.js";
import { createAuthenticator, type AuthResult } from "./authenticator.js";
import { authConfigSchema } from "./config.js";
import { lockoutSource, type AuthAlert } from "./lockout.js";

function setup() {
  const clock = { now: Date.parse("2030-01-01T00:00:00Z") };
  const now = () => clock.now;
  const store = new MemoryStore(now);
  const alerts: AuthAlert[] = [];
  const config = authConfigSchema.parse({
    api_keys: true,
    lockout: { max_failures: 3, window_seconds: 60, lock_seconds: 300 },
  });
  const auth = createAuthenticator(config, {
    store,
    publicUrl: "https://gateway.example.com/mcp",
    onAlert: (alert) => alerts.push(alert),
    now,
  });
  const send = (authorization: string | undefined, remoteAddress: string) =>
    auth.authenticate({ headers: authorization ? { authorization } : {}, remoteAddress });
  return { clock, store, alerts, send };
}

function status(result: AuthResult): number {
  return result.ok ? 200 : result.status;
}

test("after max_failures failures from one address it gets 429 with Retry-After, and one alert is raised", async () => {
  const { store, alerts, send, clock } = setup();
  const { key } = await createApiKey(store, { name: "ci", now: () => clock.now });
  for (let i = 0; i < 3; i++) assert.equal(status(await send("Bearer garbage", "198.51.100.7")), 401);

  const locked = await send(`Bearer ${key}`, "198.51.100.7");
  assert.equal(status(locked), 429, "even a valid key is refused while the source is locked");
  assert.equal(locked.ok ? undefined : locked.headers["retry-after"], "300");
  assert.equal(status(await send("Bearer garbage", "198.51.100.7")), 429);
  assert.deepEqual(alerts, [
    {
      type: "auth.lockout",
      source: "198.51.100.7",
      lockedBy: "address",
      failures: 3,
      lockSeconds: 300,
      until: "2030-01-01T00:05:00.000Z",
    },
  ]);

  assert.equal(status(await send(`Bearer ${key}`, "198.51.100.8")), 200, "other addresses are unaffected");
  clock.now += 100_000;
  const later = await send(`Bearer ${key}`, "198.51.100.7");
  assert.equal(later.ok ? undefined : later.headers["retry-after"], "200");
  clock.now += 201_000;
  assert.equal(status(await send(`Bearer ${key}`, "198.51.100.7")), 200, "the lock ends after lock_seconds");
});

test("failures spread wider than the window do not lock the source", async () => {
  const { send, clock, alerts } = setup();
  for (let i = 0; i < 2; i++) await send("Bearer garbage", "203.0.113.5");
  clock.now += 61_000;
  for (let i = 0; i < 2; i++) assert.equal(status(await send("Bearer garbage", "203.0.113.5")), 401);
  assert.equal(alerts.length, 0);
});

test("a key prefix attacked from many addresses is locked for every address", async () => {
  const { store, send, alerts } = setup();
  const { key } = await createApiKey(store, { name: "target", expiresIn: "never" });
  const { key: other } = await createApiKey(store, { name: "bystander", expiresIn: "never" });
  const wrongSecret = `${key.slice(0, 17)}${"x".repeat(43)}`;
  for (const address of ["192.0.2.1", "192.0.2.2", "192.0.2.3"]) {
    assert.equal(status(await send(`Bearer ${wrongSecret}`, address)), 401);
  }
  const fromNewAddress = await send(`Bearer ${key}`, "192.0.2.4");
  assert.equal(status(fromNewAddress), 429);
  assert.equal(status(await send(`Bearer ${other}`, "192.0.2.4")), 200);
  assert.deepEqual(
    alerts.map((alert) => [alert.lockedBy, alert.keyPrefix, alert.source]),
    [["key_prefix", key.slice(0, 16), "192.0.2.3"]],
  );
});

test("requests that present no credentials do not count toward lockout", async () => {
  const { send, alerts } = setup();
  for (let i = 0; i < 10; i++) assert.equal(status(await send(undefined, "192.0.2.50")), 401);
  assert.equal(alerts.length, 0);
});

test("IPv6 clients are counted per /64 and IPv4-mapped addresses as IPv4", async () => {
  const { send } = setup();
  for (const address of ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:abcd::3"]) {
    await send("Bearer garbage", address);
  }
  assert.equal(status(await send("Bearer garbage", "2001:db8:1:2:ffff::9")), 429);
  assert.equal(status(await send("Bearer garbage", "2001:db8:1:3::1")), 401);
  assert.equal(lockoutSource("::ffff:192.0.2.9"), "192.0.2.9");
  assert.equal(lockoutSource("2001:DB8::1"), "2001:0db8:0000:0000::/64");
  assert.equal(lockoutSource("fe80::1%eth0"), "fe80:0000:0000:0000::/64");
  assert.equal(lockoutSource(""), "unknown");
});
