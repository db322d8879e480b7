import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { connectAndList } from "./connect.js";

/** A stateless streamable-HTTP MCP server on 127.0.0.1 that records the headers it receives. */
async function httpServer() {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer(async (req, res) => {
    seen.push(req.headers);
    const mcp = new McpServer(
      { name: "remote-weather", version: "2.0.0" },
      { instructions: "Use get_forecast for weather questions." },
    );
    mcp.registerPrompt("summary", { description: "Summarise a forecast." }, () => ({ messages: [] }));
    mcp.registerTool("get_forecast", { description: "Returns the forecast for a city." }, () => ({
      content: [],
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => void transport.close());
    await mcp.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    seen,
    close: () => server.close(),
  };
}

test("a streamable HTTP server is listed with the configured headers, including its prompts and instructions", async () => {
  const remote = await httpServer();
  try {
    const snapshot = await connectAndList(
      {
        name: "weather",
        transport: "http",
        url: remote.url,
        headers: { Authorization: "Bearer ${WEATHER_TOKEN}" },
        path: [],
      },
      { timeoutMs: 5000, variables: { env: { WEATHER_TOKEN: "s3cret" }, home: "/h", workspaceFolder: "/w" } },
    );
    assert.deepEqual(snapshot.serverInfo, { name: "remote-weather", version: "2.0.0" });
    assert.deepEqual(
      snapshot.tools.map((t) => t.name),
      ["get_forecast"],
    );
    assert.deepEqual(
      snapshot.prompts.map((p) => p.name),
      ["summary"],
    );
    assert.equal(snapshot.instructions, "Use get_forecast for weather questions.");
    assert.ok(remote.seen.length > 0);
    assert.ok(remote.seen.every((h) => h.authorization === "Bearer s3cret"));
  } finally {
    remote.close();
  }
});

test("an HTTP server that refuses the connection is reported with the reason", async () => {
  const remote = await httpServer();
  remote.close();
  await assert.rejects(
    connectAndList(
      { name: "gone", transport: "http", url: remote.url, path: [] },
      { timeoutMs: 3000, variables: { env: {}, home: "/h", workspaceFolder: "/w" } },
    ),
    {
      name: "ServerConnectError",
      message: /^Cannot reach http:\/\/127\.0\.0\.1:\d+\/mcp: connection refused$/,
    },
  );
});
