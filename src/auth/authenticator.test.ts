import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac, createPublicKey } from "node:crypto";
import { generateKeyPair, SignJWT, type JWK } from "jose";
import { MemoryStore } from "../store/memory.js";
import { createAuthenticator, type AuthenticatorOptions, type AuthResult } from "./authenticator.js";
import { authConfigSchema } from "./config.js";
import { startLocalIssuer, type LocalIssuer } from "./local-issuer.test-support.js";

const PUBLIC_URL = "https://gateway.example.com/mcp";
const METADATA_URL = "https://gateway.example.com/.well-known/oauth-protected-resource/mcp";

const issuer = await startLocalIssuer();
after(() => issuer.close());

function authenticatorFor(
  idp: LocalIssuer,
  oauth: Record<string, unknown> = {},
  options: Partial<AuthenticatorOptions> = {},
) {
  const config = authConfigSchema.parse({
    oauth: { issuer: idp.url, required_scopes: ["mcp"], ...oauth },
    lockout: { max_failures: 1000 },
  });
  return createAuthenticator(config, { store: new MemoryStore(), publicUrl: PUBLIC_URL, ...options });
}

const auth = authenticatorFor(issuer);

function call(authorization?: string, url = "/mcp") {
  return auth.authenticate({
    headers: authorization === undefined ? {} : { authorization },
    remoteAddress: "127.0.0.1",
    url,
  });
}

function validClaims(extra: Record<string, unknown> = {}) {
  return { aud: PUBLIC_URL, scope: "mcp", ...extra };
}

function refusal(result: AuthResult) {
  assert.equal(result.ok, false, "the request should have been refused");
  if (result.ok) throw new Error("unreachable");
  return result;
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

test("a request without a token gets 401 pointing at the protected resource metadata", async () => {
  const failure = refusal(await call());
  assert.equal(failure.status, 401);
  assert.equal(
    failure.headers["www-authenticate"],
    `Bearer resource_metadata="${METADATA_URL}", scope="mcp"`,
  );
});

test("a valid token from the issuer becomes a principal carrying its claims", async () => {
  const token = await issuer.sign(
    validClaims({
      sub: "user-42",
      name: "Alice Liddell",
      groups: ["eng", "oncall"],
      roles: ["admin"],
      scope: "mcp tools:read",
      client_id: "inspector",
      amr: ["pwd", "otp"],
    }),
  );
  const result = await call(`Bearer ${token}`);
  assert.ok(result.ok, JSON.stringify(result));
  assert.deepEqual(result.principal, {
    subject: "user-42",
    displayName: "Alice Liddell",
    groups: ["eng", "oncall"],
    roles: ["admin"],
    scopes: ["mcp", "tools:read"],
    clientId: "inspector",
    method: "oauth",
    mfa: true,
  });
});

test("a token without a multi-factor amr is marked as single-factor", async () => {
  const result = await call(`Bearer ${await issuer.sign(validClaims({ amr: ["pwd"], azp: "cli" }))}`);
  assert.ok(result.ok);
  assert.equal(result.principal.mfa, false);
  assert.equal(result.principal.clientId, "cli");
});

const now = () => Math.floor(Date.now() / 1000);

/** What is sent, how it is made, and the private reason the audit log must show. */
const refusedTokens: Array<[string, () => Promise<string>, RegExp]> = [
  ["an expired token", () => issuer.sign(validClaims({ exp: now() - 3600 })), /ERR_JWT_EXPIRED/],
  ["a token not yet valid", () => issuer.sign(validClaims({ nbf: now() + 3600 })), /"nbf"/],
  [
    "a token from another issuer",
    () => issuer.sign(validClaims({ iss: "https://idp.attacker.example" })),
    /"iss"/,
  ],
  [
    "a token for another resource",
    () => issuer.sign(validClaims({ aud: "https://other.example.com/mcp" })),
    /"aud"/,
  ],
  ["a token without an audience", () => issuer.sign({ scope: "mcp" }), /"aud"/],
  ["a token without a subject", () => issuer.sign(validClaims({ sub: undefined })), /no sub/],
  ["a token without an expiry", () => issuer.sign(validClaims({ exp: undefined })), /"exp"/],
  [
    "an unsigned token (alg none)",
    async () =>
      `${b64({ alg: "none", typ: "JWT" })}.${b64({ iss: issuer.url, sub: "alice", aud: PUBLIC_URL, scope: "mcp", exp: now() + 600 })}.`,
    /ALG_NOT_ALLOWED/,
  ],
  [
    "an HS256 token keyed with the issuer's RSA public key",
    async () => {
      const jwks = (await (await fetch(`${issuer.url}/jwks`)).json()) as { keys: JWK[] };
      const pem = createPublicKey({ key: jwks.keys[0] as JWK & { kty: string }, format: "jwk" })
        .export({ type: "spki", format: "pem" })
        .toString();
      const signingInput = `${b64({ alg: "HS256", kid: issuer.kid })}.${b64({ iss: issuer.url, sub: "alice", aud: PUBLIC_URL, scope: "mcp", exp: now() + 600 })}`;
      return `${signingInput}.${createHmac("sha256", pem).update(signingInput).digest("base64url")}`;
    },
    /ALG_NOT_ALLOWED/,
  ],
  [
    "a token signed by a key the issuer never published",
    async () => {
      const { privateKey } = await generateKeyPair("RS256");
      return new SignJWT({ iss: issuer.url, sub: "alice", aud: PUBLIC_URL, scope: "mcp" })
        .setProtectedHeader({ alg: "RS256", kid: "never-published" })
        .setExpirationTime("10m")
        .sign(privateKey);
    },
    /NO_MATCHING_KEY/,
  ],
  [
    "a token signed by a foreign key reusing a published kid",
    async () => {
      const { privateKey } = await generateKeyPair("RS256");
      return new SignJWT({ iss: issuer.url, sub: "alice", aud: PUBLIC_URL, scope: "mcp" })
        .setProtectedHeader({ alg: "RS256", kid: issuer.kid })
        .setExpirationTime("10m")
        .sign(privateKey);
    },
    /SIGNATURE_VERIFICATION_FAILED/,
  ],
  [
    "a token whose payload was changed after signing",
    async () => {
      const [header, , signature] = (await issuer.sign(validClaims({ sub: "bob" }))).split(".");
      return `${header}.${b64({ iss: issuer.url, sub: "admin", aud: PUBLIC_URL, scope: "mcp", exp: now() + 600 })}.${signature}`;
    },
    /SIGNATURE_VERIFICATION_FAILED/,
  ],
  [
    "a token whose kid holds a path",
    () => issuer.sign(validClaims(), { kid: "../../../../etc/passwd" }),
    /NO_MATCHING_KEY/,
  ],
  [
    "a token whose kid holds a URL",
    () => issuer.sign(validClaims(), { kid: "https://attacker.example/jwks" }),
    /NO_MATCHING_KEY/,
  ],
  ["garbage", async () => "garbage", /not a JWT/],
  ["three segments of garbage", async () => "abc.def.ghi", /JWS_INVALID/],
  [
    "a JSON header over garbage",
    async () => `${b64({ alg: "RS256", kid: issuer.kid })}.AAAA.BBBB`,
    /JWS_INVALID|SIGNATURE/,
  ],
];

for (const [what, make, reason] of refusedTokens) {
  test(`${what} is refused with 401 invalid_token`, async () => {
    const failure = refusal(await call(`Bearer ${await make()}`));
    assert.equal(failure.status, 401, failure.reason);
    assert.match(failure.reason, reason);
    assert.match(failure.headers["www-authenticate"] ?? "", /^Bearer .*error="invalid_token"/);
    assert.ok(failure.headers["www-authenticate"]?.includes(`resource_metadata="${METADATA_URL}"`));
  });
}

test("a token just outside its validity window is accepted within the configured clock skew", async () => {
  const recentlyExpired = await issuer.sign(validClaims({ exp: now() - 10 }));
  const almostValid = await issuer.sign(validClaims({ nbf: now() + 10 }));
  assert.ok((await call(`Bearer ${recentlyExpired}`)).ok);
  assert.ok((await call(`bearer ${almostValid}`)).ok, "the scheme name is case-insensitive");
});

test("a token in the query string is refused even when it is valid", async () => {
  const token = await issuer.sign(validClaims());
  const fromQuery = refusal(await call(undefined, `/mcp?access_token=${token}`));
  assert.equal(fromQuery.status, 401);
  assert.match(fromQuery.headers["www-authenticate"] ?? "", /error="invalid_request"/);
  const alsoInHeader = refusal(await call(`Bearer ${token}`, `/mcp?session=1&token=${token}`));
  assert.equal(alsoInHeader.status, 401);
});

test("a credential scheme other than Bearer is refused", async () => {
  const failure = refusal(await call("Basic YWxpY2U6c2VjcmV0"));
  assert.equal(failure.status, 401);
});

test("a valid token lacking the required scope gets 403 insufficient_scope naming the scope", async () => {
  const failure = refusal(await call(`Bearer ${await issuer.sign(validClaims({ scope: "profile" }))}`));
  assert.equal(failure.status, 403);
  const challenge = failure.headers["www-authenticate"] ?? "";
  assert.match(challenge, /error="insufficient_scope"/);
  assert.match(challenge, /scope="mcp"/);
  assert.match(challenge, new RegExp(`resource_metadata="${METADATA_URL}"`));
});

test("scopes given as an scp list are honoured", async () => {
  const result = await call(`Bearer ${await issuer.sign({ aud: PUBLIC_URL, scp: ["mcp", "files"] })}`);
  assert.ok(result.ok);
  assert.deepEqual(result.principal.scopes, ["mcp", "files"]);
});

test("an oversize Authorization header is refused quickly and the gateway keeps working", async () => {
  const started = performance.now();
  const failure = refusal(await call(`Bearer ${"a".repeat(1_000_000)}`));
  assert.equal(failure.status, 400);
  assert.ok(performance.now() - started < 200, "refusal should not parse the header");
  const after = await call(`Bearer ${await issuer.sign(validClaims())}`);
  assert.ok(after.ok);
});

test("a repeated token is served from the verdict cache but still expires on time", async () => {
  let clock = Date.now();
  const timed = authenticatorFor(issuer, {}, { now: () => clock });
  const token = await issuer.sign(validClaims({ exp: Math.floor(clock / 1000) + 60 }));
  const request = { headers: { authorization: `Bearer ${token}` }, remoteAddress: "10.0.0.1" };
  assert.ok((await timed.authenticate(request)).ok);
  assert.ok((await timed.authenticate(request)).ok);
  clock += 120_000;
  const failure = refusal(await timed.authenticate(request));
  assert.match(failure.headers["www-authenticate"] ?? "", /expired/);
});

test("a rotated signing key is picked up, and tokens of the withdrawn key stop working", async () => {
  const idp = await startLocalIssuer();
  try {
    const rotating = authenticatorFor(idp, {}, { jwksCooldownSeconds: 0 });
    const oldToken = await idp.sign(validClaims());
    const send = (token: string) =>
      rotating.authenticate({ headers: { authorization: `Bearer ${token}` }, remoteAddress: "10.0.0.2" });
    assert.ok((await send(oldToken)).ok);
    await idp.rotate();
    const newToken = await idp.sign(validClaims());
    assert.ok((await send(newToken)).ok, "a token with the new kid should be accepted");
    assert.equal(idp.hits.jwks, 2);
    assert.equal(refusal(await send(oldToken)).status, 401);
  } finally {
    await idp.close();
  }
});

test("unknown kids cannot make the gateway refetch keys more than once per cooldown", async () => {
  const idp = await startLocalIssuer();
  try {
    const guarded = authenticatorFor(idp);
    const send = async (token: string) =>
      guarded.authenticate({ headers: { authorization: `Bearer ${token}` }, remoteAddress: "10.0.0.3" });
    assert.ok((await send(await idp.sign(validClaims()))).ok);
    for (let i = 0; i < 20; i++) refusal(await send(await idp.sign(validClaims(), { kid: `unknown-${i}` })));
    assert.equal(idp.hits.jwks, 1);
  } finally {
    await idp.close();
  }
});

test("keys are found through OpenID Connect discovery when RFC 8414 metadata is absent", async () => {
  const idp = await startLocalIssuer({ discovery: "openid", alg: "ES256" });
  try {
    const oidc = authenticatorFor(idp);
    const result = await oidc.authenticate({
      headers: { authorization: `Bearer ${await idp.sign(validClaims())}` },
      remoteAddress: "10.0.0.4",
    });
    assert.ok(result.ok, JSON.stringify(result));
  } finally {
    await idp.close();
  }
});

test("a configured jwks_uri is used without fetching the issuer's metadata", async () => {
  const idp = await startLocalIssuer({ alg: "EdDSA" });
  try {
    const direct = authenticatorFor(idp, { jwks_uri: `${idp.url}/jwks` });
    const token = await idp.sign(validClaims());
    assert.ok(
      (await direct.authenticate({ headers: { authorization: `Bearer ${token}` }, remoteAddress: "::1" })).ok,
    );
    assert.equal(idp.hits.metadata, 0);
  } finally {
    await idp.close();
  }
});

test("an algorithm outside the configured list is refused even with a published key", async () => {
  const idp = await startLocalIssuer({ alg: "ES256" });
  try {
    const rsaOnly = authenticatorFor(idp, { algorithms: ["RS256"] });
    const token = await idp.sign(validClaims());
    const failure = refusal(
      await rsaOnly.authenticate({ headers: { authorization: `Bearer ${token}` }, remoteAddress: "::1" }),
    );
    assert.equal(failure.status, 401);
  } finally {
    await idp.close();
  }
});

test("an unreachable issuer fails closed with 503, not acceptance", async () => {
  const idp = await startLocalIssuer();
  const token = await idp.sign(validClaims());
  await idp.close();
  const orphan = authenticatorFor(idp);
  const failure = refusal(
    await orphan.authenticate({ headers: { authorization: `Bearer ${token}` }, remoteAddress: "::1" }),
  );
  assert.equal(failure.status, 503);
});

test("an acr value the config names counts as multi-factor", async () => {
  const acr = authenticatorFor(issuer, { mfa_acr_values: ["phr"] });
  const token = await issuer.sign(validClaims({ acr: "phr", amr: ["pwd"] }));
  const result = await acr.authenticate({
    headers: { authorization: `Bearer ${token}` },
    remoteAddress: "::1",
  });
  assert.ok(result.ok);
  assert.equal(result.principal.mfa, true);
});

test("groups and roles are read from configured, nested claim names", async () => {
  const keycloak = authenticatorFor(issuer, { claims: { groups: "org.teams", roles: "realm_access.roles" } });
  const token = await issuer.sign(
    validClaims({ org: { teams: ["payments"] }, realm_access: { roles: ["operator"] } }),
  );
  const result = await keycloak.authenticate({
    headers: { authorization: `Bearer ${token}` },
    remoteAddress: "::1",
  });
  assert.ok(result.ok);
  assert.deepEqual([result.principal.groups, result.principal.roles], [["payments"], ["operator"]]);
});

test("an opaque token is accepted through introspection only while active and meant for this resource", async () => {
  const introspecting = authenticatorFor(issuer, {
    introspection: {
      endpoint: `${issuer.url}/introspect`,
      client_id: issuer.introspectionClient.id,
      client_secret: issuer.introspectionClient.secret,
    },
  });
  const send = (token: string) =>
    introspecting.authenticate({ headers: { authorization: `Bearer ${token}` }, remoteAddress: "::1" });
  const active = issuer.issueOpaque({
    sub: "svc",
    aud: PUBLIC_URL,
    scope: "mcp",
    iss: issuer.url,
    client_id: "batch",
  });
  const result = await send(active);
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(result.principal.subject, "svc");
  assert.equal(refusal(await send("unknown-opaque-token")).status, 401);
  const foreign = issuer.issueOpaque({ sub: "svc", aud: "https://other.example.com", scope: "mcp" });
  assert.equal(refusal(await send(foreign)).status, 401);
});

test("without introspection an opaque token is refused", async () => {
  assert.equal(
    refusal(await call(`Bearer ${issuer.issueOpaque({ sub: "x", aud: PUBLIC_URL })}`)).status,
    401,
  );
});

test("an authenticator without any method configured cannot be created", () => {
  assert.throws(
    () =>
      createAuthenticator(authConfigSchema.parse({}), { store: new MemoryStore(), publicUrl: PUBLIC_URL }),
    /no authentication method is configured/,
  );
});
