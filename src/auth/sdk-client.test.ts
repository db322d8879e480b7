import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  discoverOAuthProtectedResourceMetadata,
  extractWWWAuthenticateParams,
} from "@modelcontextprotocol/sdk/client/auth.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { MemoryStore } from "../store/memory.js";
import { createApiKey, revokeApiKey } from "./api-keys.js";
import { createAuthenticator } from "./authenticator.js";
import { authConfigSchema } from "./config.js";
import { startLocalIssuer } from "./local-issuer.test-support.js";
import { metadataResponse } from "./metadata.js";
import type { Principal } from "./principal.js";

// A minimal HTTP front in front of an MCP server, wired the way the gateway uses this module:
// metadata at the well-known paths, one authenticate() per request, the principal handed on.
const issuer = await startLocalIssuer();
const store = new MemoryStore();
const http = createServer((req, res) => void handle(req, res));
await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
const publicUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
const config = authConfigSchema.parse({
  oauth: { issuer: issuer.url, required_scopes: ["mcp"] },
  api_keys: true,
});
const auth = createAuthenticator(config, { store, publicUrl });
after(async () => {
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await issuer.close();
});

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? "/", publicUrl).pathname;
  const metadata = req.method === "GET" ? metadataResponse(path, publicUrl, config) : undefined;
  if (metadata) {
    res.writeHead(metadata.status, metadata.headers).end(metadata.body);
    return;
  }
  const result = await auth.authenticate({
    headers: req.headers,
    remoteAddress: req.socket.remoteAddress ?? "",
    ...(req.url ? { url: req.url } : {}),
  });
  if (!result.ok) {
    res.writeHead(result.status, result.headers).end(result.body);
    return;
  }
  const server = mcpServerFor(result.principal);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on("close", () => void server.close());
  await server.connect(transport);
  await transport.handleRequest(req, res);
}

function mcpServerFor(principal: Principal): McpServer {
  const server = new McpServer({ name: "echo-principal", version: "1.0.0" });
  server.registerTool("whoami", { description: "Names the caller" }, () => ({
    content: [{ type: "text", text: `${principal.method}:${principal.subject}` }],
  }));
  return server;
}

async function whoami(authorization: string): Promise<string> {
  const client = new Client({ name: "test-client", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(publicUrl), {
    requestInit: { headers: { Authorization: authorization } },
  });
  await client.connect(transport);
  try {
    const result = await client.callTool({ name: "whoami" });
    const [first] = result.content as Array<{ type: string; text: string }>;
    return first?.text ?? "";
  } finally {
    await client.close();
  }
}

/** Matches the SDK transport's error for an HTTP refusal with this status. */
function refusedWith(status: number) {
  return (error: unknown) => (error as { code?: unknown }).code === status;
}

test("the SDK client reaches a tool with a valid access token", async () => {
  const token = await issuer.sign({ sub: "alice", aud: publicUrl, scope: "mcp" });
  assert.equal(await whoami(`Bearer ${token}`), "oauth:alice");
});

test("the SDK client reaches a tool with a valid API key, and not once it is revoked", async () => {
  const { key } = await createApiKey(store, { name: "ci" });
  assert.equal(await whoami(`Bearer ${key}`), "api_key:key:ci");
  await revokeApiKey(store, "ci");
  await assert.rejects(whoami(`Bearer ${key}`), refusedWith(401));
});

test("the SDK client cannot connect with a token for another resource", async () => {
  const token = await issuer.sign({ sub: "alice", aud: "https://elsewhere.example.com/mcp", scope: "mcp" });
  await assert.rejects(whoami(`Bearer ${token}`), refusedWith(401));
});

test("the SDK's own discovery finds the issuer from the 401 challenge and the metadata document", async () => {
  const response = await fetch(publicUrl, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
  });
  assert.equal(response.status, 401);
  const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(response);
  assert.equal(resourceMetadataUrl?.pathname, "/.well-known/oauth-protected-resource/mcp");
  assert.equal(scope, "mcp");
  const metadata = await discoverOAuthProtectedResourceMetadata(publicUrl, {
    ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}),
  });
  assert.equal(metadata.resource, publicUrl);
  assert.deepEqual(metadata.authorization_servers, [issuer.url]);
});
