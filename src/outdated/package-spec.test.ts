import assert from "node:assert/strict";
import { test } from "node:test";
import { packageSpecOf } from "./package-spec.js";
import { minVersionOf, satisfies } from "./semver.js";
import { trustTierOf } from "./trust.js";

test("the package behind a server launch is read from npx, pnpm, bunx, uvx and node_modules paths", () => {
  assert.deepEqual(
    packageSpecOf({ command: "npx", args: ["-y", "@modelcontextprotocol/server-memory@0.6.2"] }),
    {
      ecosystem: "npm",
      name: "@modelcontextprotocol/server-memory",
      version: "0.6.2",
      launcher: "npx",
    },
  );
  assert.deepEqual(
    packageSpecOf({
      command: "npx.cmd",
      args: ["--registry", "https://r.example", "mcp-remote@latest", "https://x"],
    }),
    {
      ecosystem: "npm",
      name: "mcp-remote",
      requested: "latest",
      launcher: "npx",
    },
  );
  assert.equal(packageSpecOf({ command: "pnpm", args: ["dlx", "firecrawl-mcp@1.2.0"] })?.version, "1.2.0");
  assert.equal(
    packageSpecOf({ command: "npx", args: ["-p", "@acme/tools@2.0.0", "acme-mcp"] })?.name,
    "@acme/tools",
  );
  assert.deepEqual(
    packageSpecOf({ command: "uvx", args: ["--python", "3.12", "mcp-server-fetch==2025.4.7"] }),
    {
      ecosystem: "pypi",
      name: "mcp-server-fetch",
      version: "2025.4.7",
      launcher: "uvx",
    },
  );
  assert.deepEqual(
    packageSpecOf({ command: "uvx", args: ["--from", "mcp-server-git>=0.6", "mcp-server-git"] }),
    {
      ecosystem: "pypi",
      name: "mcp-server-git",
      requested: ">=0.6",
      launcher: "uvx",
    },
  );
  assert.deepEqual(
    packageSpecOf({ command: "node", args: ["/opt/app/node_modules/@scope/srv/dist/index.js"] }),
    {
      ecosystem: "npm",
      name: "@scope/srv",
      launcher: "installed",
      packageDir: "/opt/app/node_modules/@scope/srv",
    },
  );
  assert.equal(packageSpecOf({ command: "/usr/local/bin/server" }), undefined);
  assert.equal(packageSpecOf({ command: "docker", args: ["run", "mcp/fetch"] }), undefined);
});

test("trust tiers: the protocol's own servers are reference, trusted scopes and publishers official, the rest community", () => {
  assert.equal(
    trustTierOf({ command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"] }),
    "reference",
  );
  assert.equal(trustTierOf({ command: "uvx", args: ["mcp-server-fetch"] }), "reference");
  assert.equal(
    trustTierOf(
      { command: "npx", args: ["@cloudflare/mcp-server-cloudflare"] },
      { trustedScopes: ["cloudflare"] },
    ),
    "official",
  );
  assert.equal(
    trustTierOf({ command: "npx", args: ["some-mcp"] }, { trustedPublishers: ["Ada"], publishers: ["ada"] }),
    "official",
  );
  assert.equal(
    trustTierOf({ command: "npx", args: ["@cloudflare-lookalike/mcp"] }, { trustedScopes: ["@cloudflare"] }),
    "community",
  );
  assert.equal(trustTierOf({ command: "npx", args: ["modelcontextprotocol-server-memory"] }), "community");
  assert.equal(trustTierOf({ command: "python", args: ["server.py"] }), "community");
  assert.equal(trustTierOf({ command: "npx", args: ["some-mcp"], tier: "official" }), "official");
});

test("version ranges are matched the way npm matches them", () => {
  assert.ok(satisfies("4.17.15", "<4.17.21"));
  assert.ok(!satisfies("4.17.21", "<4.17.21"));
  assert.ok(satisfies("1.2.5", "^1.2.3"));
  assert.ok(!satisfies("2.0.0", "^1.2.3"));
  assert.ok(satisfies("0.2.9", "~0.2.1"));
  assert.ok(!satisfies("0.3.0", "^0.2.1"));
  assert.ok(satisfies("2.5.0", ">=2.0.0 <3.0.0 || >=4.1.0"));
  assert.ok(satisfies("1.9.0", "1.0.0 - 2.0.0"));
  assert.ok(satisfies("3.4.1", "3.x"));
  assert.ok(!satisfies("2.0.0-beta.1", "^1.0.0"));
  assert.ok(!satisfies("2.0.0-beta.1", "<2.0.0"), "a prerelease matches only ranges that name one");
  assert.equal(minVersionOf("^1.2.3 || ^0.9"), "0.9.0");
  assert.equal(minVersionOf(">1.2.3"), "1.2.4");
  assert.equal(minVersionOf("*"), "0.0.0");
  assert.equal(minVersionOf("github:user/repo"), undefined);
});
