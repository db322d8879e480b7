import { test } from "node:test";
import assert from "node:assert/strict";
import { authConfigSchema } from "./config.js";
import {
  metadataResponse,
  parsePublicUrl,
  protectedResourceMetadata,
  protectedResourceMetadataPaths,
  resourceMetadataUrl,
} from "./metadata.js";

const config = authConfigSchema.parse({
  oauth: { issuer: "https://idp.example.com", required_scopes: ["mcp", "tools"] },
});

test("the metadata document names the resource, its issuer, its scopes and header-only bearer tokens", () => {
  assert.deepEqual(protectedResourceMetadata("https://gateway.example.com/mcp", config), {
    resource: "https://gateway.example.com/mcp",
    authorization_servers: ["https://idp.example.com"],
    scopes_supported: ["mcp", "tools"],
    bearer_methods_supported: ["header"],
    resource_name: "Bastion MCP gateway",
  });
});

test("the document is served at the path-suffixed and the root well-known paths, and nowhere else", () => {
  const publicUrl = "https://gateway.example.com/mcp";
  assert.deepEqual(protectedResourceMetadataPaths(publicUrl), [
    "/.well-known/oauth-protected-resource/mcp",
    "/.well-known/oauth-protected-resource",
  ]);
  for (const path of protectedResourceMetadataPaths(publicUrl)) {
    const response = metadataResponse(path, publicUrl, config);
    assert.equal(response?.status, 200);
    assert.equal(response?.headers["content-type"], "application/json");
    assert.equal((JSON.parse(response?.body ?? "{}") as { resource: string }).resource, publicUrl);
  }
  assert.equal(metadataResponse("/.well-known/oauth-protected-resource/other", publicUrl, config), undefined);
  assert.equal(metadataResponse("/mcp", publicUrl, config), undefined);
});

test("a gateway at the root of its origin has only the root metadata path", () => {
  assert.deepEqual(protectedResourceMetadataPaths("https://gateway.example.com"), [
    "/.well-known/oauth-protected-resource",
  ]);
  assert.equal(
    resourceMetadataUrl("https://gateway.example.com:8443/"),
    "https://gateway.example.com:8443/.well-known/oauth-protected-resource",
  );
  assert.equal(
    resourceMetadataUrl("https://gateway.example.com/tenants/a/mcp/"),
    "https://gateway.example.com/.well-known/oauth-protected-resource/tenants/a/mcp",
  );
});

test("without an authorization server there is no metadata document and no scopes list when none are required", () => {
  const keysOnly = authConfigSchema.parse({ api_keys: true });
  assert.equal(protectedResourceMetadata("https://gw.example.com/mcp", keysOnly), undefined);
  assert.equal(
    metadataResponse("/.well-known/oauth-protected-resource", "https://gw.example.com/mcp", keysOnly),
    undefined,
  );
  const noScopes = authConfigSchema.parse({ oauth: { issuer: "https://idp.example.com" } });
  assert.equal(
    "scopes_supported" in (protectedResourceMetadata("https://gw.example.com/mcp", noScopes) ?? {}),
    false,
  );
});

test("an unusable public URL is refused with the reason", () => {
  assert.throws(() => parsePublicUrl("gateway.example.com/mcp"), /not an absolute URL/);
  assert.throws(() => parsePublicUrl("ftp://gateway.example.com/mcp"), /https/);
  assert.throws(() => parsePublicUrl("https://gateway.example.com/mcp#frag"), /query or fragment/);
  assert.throws(() => parsePublicUrl("https://gateway.example.com/mcp?x=1"), /query or fragment/);
});
