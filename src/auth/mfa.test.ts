import { test } from "node:test";
import assert from "node:assert/strict";
import { authConfigSchema } from "./config.js";
import { mfaChallenge, needsMfa } from "./mfa.js";

const config = authConfigSchema.parse({
  oauth: { issuer: "https://idp.example.com", mfa_acr_values: ["phr", "phrh"] },
  mfa: { servers: ["payments"], tools: ["delete_repo", "github/merge_pr"], max_age_seconds: 300 },
});

test("servers and tools marked in the config need MFA, others do not", () => {
  assert.equal(needsMfa(config, "payments", "list_invoices"), true);
  assert.equal(needsMfa(config, "payments"), true);
  assert.equal(needsMfa(config, "gitlab", "delete_repo"), true, "a bare tool name applies to every server");
  assert.equal(needsMfa(config, "github", "merge_pr"), true);
  assert.equal(needsMfa(config, "gitlab", "merge_pr"), false, "server/tool applies to that server only");
  assert.equal(needsMfa(config, "github", "list_prs"), false);
  assert.equal(needsMfa(authConfigSchema.parse({ api_keys: true }), "payments", "x"), false);
  assert.equal(needsMfa(undefined, "payments", "x"), false);
});

test("the step-up challenge is an RFC 9470 401 an OAuth client can act on", () => {
  const challenge = mfaChallenge(config, "https://gateway.example.com/mcp");
  assert.equal(challenge.status, 401);
  assert.equal(
    challenge.headers["www-authenticate"],
    'Bearer error="insufficient_user_authentication", ' +
      'error_description="Multi-factor authentication is required for this operation.", ' +
      'acr_values="phr phrh", max_age=300, ' +
      'resource_metadata="https://gateway.example.com/.well-known/oauth-protected-resource/mcp"',
  );
  assert.equal((JSON.parse(challenge.body) as { error: string }).error, "insufficient_user_authentication");
});

test("without configured acr values or max age the challenge still names the error", () => {
  const plain = authConfigSchema.parse({
    oauth: { issuer: "https://idp.example.com" },
    mfa: { tools: ["x"] },
  });
  const header = mfaChallenge(plain, "https://gw.example.com/mcp").headers["www-authenticate"] ?? "";
  assert.match(header, /^Bearer error="insufficient_user_authentication"/);
  assert.doesNotMatch(header, /acr_values|max_age/);
});
