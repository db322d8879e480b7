import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { MemoryStore } from "../store/memory.js";
import { createApiKey } from "./api-keys.js";
import { createAuthenticator } from "./authenticator.js";
import { authConfigSchema } from "./config.js";
import { startLocalIssuer } from "./local-issuer.test-support.js";
import { localPrincipal } from "./principal.js";
import {
  staticHeadersProvider,
  stripClientCredentials,
  upstreamRequestHeaders,
} from "./upstream-credentials.js";

test("client credentials and session headers are stripped, ordinary headers kept", () => {
  const kept = stripClientCredentials({
    Authorization: "Bearer client-token",
    "proxy-authorization": "Basic abc",
    cookie: "sid=1",
    "x-api-key": "k",
    "X-Upstream-Token": "t",
    "mcp-session-id": "downstream-session",
    "x-custom": "Bearer smuggled",
    "x-trace": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln",
    "x-note": "key bst_0123456789ab_secret",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": "2025-11-25",
    "user-agent": ["a", "b"],
    "content-length": 42,
    "x-empty": undefined,
  });
  assert.deepEqual(kept, {
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": "2025-11-25",
    "user-agent": "a, b",
    "content-length": "42",
  });
});

test("the static provider gives each server its own headers and nothing to others", async () => {
  const provider = staticHeadersProvider({ github: { Authorization: "Bearer upstream-pat" } });
  const principal = localPrincipal();
  assert.deepEqual(await provider.headersFor({ server: "github", principal }), {
    Authorization: "Bearer upstream-pat",
  });
  assert.deepEqual(await provider.headersFor({ server: "other", principal }), {});
});

test("an upstream behind the gateway never sees the client's token or key, only its own credential", async (t) => {
  const issuer = await startLocalIssuer();
  const seen: IncomingHttpHeaders[] = [];
  const upstream = createServer((req, res) => {
    seen.push(req.headers);
    res.end("{}");
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  after(async () => {
    await issuer.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/mcp`;

  const store = new MemoryStore();
  const publicUrl = "https://gateway.example.com/mcp";
  const config = authConfigSchema.parse({ oauth: { issuer: issuer.url }, api_keys: true });
  const auth = createAuthenticator(config, { store, publicUrl });
  const provider = staticHeadersProvider({ files: { authorization: "Bearer upstream-own-credential" } });

  /** What the HTTP front does for one client request. */
  async function forward(clientHeaders: IncomingHttpHeaders): Promise<void> {
    const result = await auth.authenticate({ headers: clientHeaders, remoteAddress: "127.0.0.1" });
    assert.ok(result.ok, JSON.stringify(result));
    const headers = await upstreamRequestHeaders(clientHeaders, provider, {
      server: "files",
      principal: result.principal,
    });
    await (await fetch(upstreamUrl, { method: "POST", headers, body: "{}" })).text();
  }

  const token = await issuer.sign({ aud: publicUrl });
  const { key } = await createApiKey(store, { name: "ci" });
  await t.test("with a token", () =>
    forward({
      authorization: `Bearer ${token}`,
      cookie: `session=${token}`,
      "content-type": "application/json",
    }),
  );
  await t.test("with an API key", () => forward({ authorization: `Bearer ${key}`, "x-api-key": key }));

  assert.equal(seen.length, 2);
  for (const headers of seen) {
    const everything = JSON.stringify(headers);
    assert.ok(
      !everything.includes(token) && !everything.includes(key),
      "a client credential reached the upstream",
    );
    assert.equal(headers.authorization, "Bearer upstream-own-credential");
    assert.equal(headers.cookie, undefined);
  }
});
