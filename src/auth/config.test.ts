import { test } from "node:test";
import assert from "node:assert/strict";
import { authConfigSchema, isAuthConfigured } from "./config.js";

function problems(input: unknown): string {
  const result = authConfigSchema.safeParse(input);
  assert.equal(result.success, false, "the config should have been refused");
  return JSON.stringify(result.error?.issues);
}

test("the example from the documentation parses with safe defaults filled in", () => {
  const config = authConfigSchema.parse({
    oauth: {
      issuer: "https://idp.example.com",
      audience: "https://gateway.example.com/mcp",
      required_scopes: ["mcp"],
    },
    api_keys: true,
    lockout: { max_failures: 10, window_seconds: 60, lock_seconds: 300 },
  });
  assert.deepEqual(config.oauth?.algorithms, ["RS256", "ES256", "PS256", "EdDSA"]);
  assert.equal(config.oauth?.clock_skew_seconds, 30);
  assert.deepEqual(config.oauth?.claims, { name: "name", groups: "groups", roles: "roles" });
  assert.equal(isAuthConfigured(config), true);
});

test("an empty auth section means no authentication and default lockout limits", () => {
  const config = authConfigSchema.parse({});
  assert.deepEqual(config.lockout, { max_failures: 10, window_seconds: 60, lock_seconds: 300 });
  assert.equal(isAuthConfigured(config), false);
  assert.equal(isAuthConfigured(undefined), false);
});

test("unknown keys are refused at every level", () => {
  assert.match(problems({ oauth2: {} }), /oauth2/);
  assert.match(problems({ oauth: { issuer: "https://idp.example.com", audiences: ["x"] } }), /audiences/);
  assert.match(problems({ lockout: { max_fails: 3 } }), /max_fails/);
  assert.match(
    problems({ oauth: { issuer: "https://idp.example.com", claims: { email: "mail" } } }),
    /email/,
  );
});

test("none and HMAC algorithms can never be allowed", () => {
  for (const alg of ["none", "HS256", "HS512"]) {
    assert.match(
      problems({ oauth: { issuer: "https://idp.example.com", algorithms: [alg] } }),
      /none and HS\* are refused/,
    );
  }
  assert.match(problems({ oauth: { issuer: "https://idp.example.com", algorithms: [] } }), /algorithms/);
});

test("identity provider URLs must be https, except on loopback", () => {
  assert.match(problems({ oauth: { issuer: "http://idp.example.com" } }), /https/);
  assert.match(
    problems({ oauth: { issuer: "https://idp.example.com", jwks_uri: "http://keys.example.com" } }),
    /https/,
  );
  assert.ok(authConfigSchema.safeParse({ oauth: { issuer: "http://127.0.0.1:9000" } }).success);
  assert.ok(authConfigSchema.safeParse({ oauth: { issuer: "http://localhost:9000/realms/x" } }).success);
});

test("scopes that would break the challenge header are refused", () => {
  assert.match(
    problems({ oauth: { issuer: "https://idp.example.com", required_scopes: ['mcp" evil="1'] } }),
    /scope/,
  );
  assert.match(
    problems({ oauth: { issuer: "https://idp.example.com", required_scopes: ["two words"] } }),
    /scope/,
  );
});

test("MFA rules without an identity provider are refused, because nothing could satisfy them", () => {
  assert.match(problems({ api_keys: true, mfa: { tools: ["delete_repo"] } }), /needs auth.oauth/);
});

test("lockout limits must be positive whole numbers", () => {
  assert.match(problems({ lockout: { max_failures: 0 } }), /max_failures/);
  assert.match(problems({ lockout: { lock_seconds: 1.5 } }), /lock_seconds/);
});
