import { test } from "node:test";
import assert from "node:assert/strict";
import { MemoryStore } from "../store/memory.js";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys.js";
import { createAuthenticator, type AuthResult } from "./authenticator.js";
import { authConfigSchema } from "./config.js";

const PUBLIC_URL = "https://gateway.example.com/mcp";

function setup(options: { now?: () => number; maxFailures?: number } = {}) {
  const store = new MemoryStore(options.now);
  const config = authConfigSchema.parse({
    api_keys: true,
    lockout: { max_failures: options.maxFailures ?? 1000 },
  });
  const auth = createAuthenticator(config, {
    store,
    publicUrl: PUBLIC_URL,
    ...(options.now ? { now: options.now } : {}),
  });
  const send = (key: string, remoteAddress = "192.0.2.10") =>
    auth.authenticate({ headers: { authorization: `Bearer ${key}` }, remoteAddress });
  return { store, auth, send };
}

function refused(result: AuthResult): number {
  assert.equal(result.ok, false);
  return result.ok ? 0 : result.status;
}

test("a created key is recognisable, shown once, and only its salted hash is stored", async () => {
  const { store } = setup();
  const { key, info } = await createApiKey(store, { name: "ci", scopes: ["mcp", "tools:read"] });
  assert.match(key, /^bst_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
  assert.equal(info.prefix, key.slice(0, 16));
  const stored = JSON.stringify(await store.list("keys/"));
  assert.ok(!stored.includes(key.slice(17)), "the secret part must not be stored");
  const [entry] = await store.list<Record<string, unknown>>("keys/");
  assert.equal(entry?.key, "keys/ci");
  assert.equal(typeof entry?.value.hash, "string");
  assert.equal(typeof entry?.value.salt, "string");
});

test("two keys never share a salt, so equal hashes cannot reveal equal keys", async () => {
  const { store } = setup();
  await createApiKey(store, { name: "a" });
  await createApiKey(store, { name: "b" });
  const salts = (await store.list<{ salt: string }>("keys/")).map((entry) => entry.value.salt);
  assert.notEqual(salts[0], salts[1]);
});

test("a valid API key authenticates as a principal named after the key", async () => {
  const { store, send } = setup();
  const { key } = await createApiKey(store, { name: "deploy-bot", scopes: ["mcp"] });
  const result = await send(key);
  assert.ok(result.ok, JSON.stringify(result));
  assert.deepEqual(result.principal, {
    subject: "key:deploy-bot",
    displayName: "deploy-bot",
    groups: [],
    roles: [],
    scopes: ["mcp"],
    keyName: "deploy-bot",
    method: "api_key",
    mfa: false,
  });
});

test("a key with the right id but a wrong secret is refused", async () => {
  const { store, send } = setup();
  const { key } = await createApiKey(store, { name: "ci" });
  const forged = `${key.slice(0, 17)}${"A".repeat(43)}`;
  assert.equal(refused(await send(forged)), 401);
});

test("a revoked key is refused even right after it was accepted", async () => {
  const { store, send } = setup();
  const { key } = await createApiKey(store, { name: "ci" });
  assert.ok((await send(key)).ok);
  assert.equal(await revokeApiKey(store, "ci"), true);
  assert.equal(refused(await send(key)), 401);
  assert.equal(await revokeApiKey(store, "ci"), false);
});

test("a key re-created under the same name does not revive the old key", async () => {
  const { store, send } = setup();
  const { key: old } = await createApiKey(store, { name: "ci" });
  assert.ok((await send(old)).ok);
  await revokeApiKey(store, "ci");
  const { key: fresh } = await createApiKey(store, { name: "ci" });
  assert.equal(refused(await send(old)), 401);
  assert.ok((await send(fresh)).ok);
});

test("an expired key is refused, also when its verdict was cached", async () => {
  let clock = Date.parse("2030-01-01T00:00:00Z");
  const { store, send } = setup({ now: () => clock });
  const { key, info } = await createApiKey(store, { name: "temp", expiresIn: "12h", now: () => clock });
  assert.equal(info.expiresAt, "2030-01-01T12:00:00.000Z");
  assert.ok((await send(key)).ok);
  clock += 12 * 3600_000 + 1;
  assert.equal(refused(await send(key)), 401);
});

test("keys expire after 90 days unless told otherwise, and never only when asked", async () => {
  const now = () => Date.parse("2030-01-01T00:00:00Z");
  const { store } = setup();
  const { info: byDefault } = await createApiKey(store, { name: "default", now });
  const { info: forever } = await createApiKey(store, { name: "forever", expiresIn: "never", now });
  assert.equal(byDefault.expiresAt, "2030-04-01T00:00:00.000Z");
  assert.equal(forever.expiresAt, undefined);
});

test("a verified key is cached so the slow hash is not paid on every request", async () => {
  const { store, send } = setup();
  const { key } = await createApiKey(store, { name: "ci" });
  const first = performance.now();
  assert.ok((await send(key)).ok);
  const slow = performance.now() - first;
  const start = performance.now();
  for (let i = 0; i < 20; i++) assert.ok((await send(key)).ok);
  const twentyCached = performance.now() - start;
  assert.ok(twentyCached < slow, `20 cached checks took ${twentyCached} ms, one uncached ${slow} ms`);
});

test("bad names, duplicate names, bad scopes and bad lifetimes are refused with a reason", async () => {
  const { store } = setup();
  await createApiKey(store, { name: "ci" });
  await assert.rejects(createApiKey(store, { name: "ci" }), /already exists/);
  await assert.rejects(createApiKey(store, { name: "../etc" }), /key name/);
  await assert.rejects(createApiKey(store, { name: "x", scopes: ['a"b'] }), /scope/);
  await assert.rejects(createApiKey(store, { name: "y", expiresIn: "soon" }), /not a duration/);
});

test("listing keys shows names, prefixes, scopes and expiry, but never hashes", async () => {
  const { store } = setup();
  await createApiKey(store, { name: "a", scopes: ["mcp"], expiresIn: "30d" });
  await createApiKey(store, { name: "b", expiresIn: "never" });
  const keys = await listApiKeys(store);
  assert.deepEqual(
    keys.map((k) => [k.name, k.scopes, k.expired, k.expiresAt === undefined]),
    [
      ["a", ["mcp"], false, false],
      ["b", [], false, true],
    ],
  );
  assert.ok(!JSON.stringify(keys).includes("hash") && !JSON.stringify(keys).includes("salt"));
});

test("API keys are refused when the config does not enable them", async () => {
  const store = new MemoryStore();
  const { key } = await createApiKey(store, { name: "ci" });
  const config = authConfigSchema.parse({ oauth: { issuer: "https://idp.example.com" } });
  const auth = createAuthenticator(config, { store, publicUrl: PUBLIC_URL });
  const result = await auth.authenticate({
    headers: { authorization: `Bearer ${key}` },
    remoteAddress: "::1",
  });
  assert.equal(refused(result), 401);
});
