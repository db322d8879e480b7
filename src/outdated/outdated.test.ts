import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../../test/fixtures/vetting/fixture-home.js";
import { fakeRegistry } from "../../test/fixtures/vetting/fake-registry.js";
import { outdatedCommand } from "./outdated.js";
import { verifyPinnedPackage } from "./pinning.js";
import type { NpmRunner } from "./registry.js";

test("outdated reports the newer published version and the advisories that affect a pinned old one", async () => {
  const registry = await fakeRegistry();
  try {
    const result = await outdatedCommand({
      servers: [
        { name: "units", command: "npx", args: ["-y", "mcp-unit-converter@1.0.0"] },
        { name: "units-latest", command: "npx", args: ["mcp-unit-converter"] },
        { name: "fetch", command: "uvx", args: ["mcp-server-fetch==2025.1.1"] },
        { name: "local", command: "/usr/local/bin/my-server" },
      ],
      registry: registry.url,
      run: registry.run,
    });
    const [pinned, unpinned, python] = result.entries;
    assert.equal(result.entries.length, 3, "the server not launched from a package is not listed");
    assert.deepEqual(
      {
        current: pinned?.current,
        source: pinned?.currentSource,
        latest: pinned?.latest,
        status: pinned?.status,
      },
      { current: "1.0.0", source: "pinned", latest: "2.1.0", status: "outdated" },
    );
    assert.deepEqual(
      pinned?.advisories.map((a) => a.title),
      ["Path traversal in loadTable"],
    );
    assert.equal(unpinned?.status, "unpinned");
    assert.deepEqual(unpinned?.advisories, []);
    assert.match(python?.note ?? "", /PyPI packages are not checked/);
    assert.equal(result.exitCode, 1);
    assert.match(result.stdout, /units +mcp-unit-converter +1\.0\.0 +2\.1\.0 +outdated +1 advisory/);
    assert.match(result.stdout, /\[high\] Path traversal in loadTable/);
  } finally {
    registry.close();
  }
});

test("outdated reads the installed version of a server run from node_modules", async () => {
  const registry = await fakeRegistry();
  try {
    const server = {
      name: "memory",
      command: "node",
      args: [join(REPO_ROOT, "node_modules/@modelcontextprotocol/server-memory/dist/index.js")],
    };
    const installed = JSON.parse(
      await readFile(
        join(REPO_ROOT, "node_modules/@modelcontextprotocol/server-memory/package.json"),
        "utf8",
      ),
    ) as { version: string };
    const result = await outdatedCommand({
      servers: [server],
      registry: registry.url,
      run: registry.run,
      format: "json",
    });
    const [entry] = (
      JSON.parse(result.stdout) as { servers: { current: string; currentSource: string; package: string }[] }
    ).servers;
    assert.deepEqual(entry && { current: entry.current, source: entry.currentSource, name: entry.package }, {
      current: installed.version,
      source: "installed",
      name: "@modelcontextprotocol/server-memory",
    });
  } finally {
    registry.close();
  }
});

test("a pinned package passes when the registry and the downloaded tarball match its integrity", async () => {
  const registry = await fakeRegistry();
  try {
    const result = await verifyPinnedPackage(
      { name: "mcp-unit-converter", version: "2.1.0", integrity: registry.integrity },
      { registry: registry.url, run: registry.run },
    );
    assert.deepEqual({ ok: result.ok, reason: result.reason }, { ok: true, reason: undefined });
    assert.equal(result.localIntegrity, registry.integrity);
  } finally {
    registry.close();
  }
});

test("a pin that does not match is refused with the reason and both hashes", async () => {
  const registry = await fakeRegistry();
  try {
    const wrong = `sha512-${Buffer.alloc(64, 7).toString("base64")}`;
    const result = await verifyPinnedPackage(
      { name: "mcp-unit-converter", version: "2.1.0", integrity: wrong },
      { registry: registry.url, run: registry.run },
    );
    assert.equal(result.ok, false);
    assert.match(
      result.reason ?? "",
      /mcp-unit-converter@2\.1\.0 does not match its pin: the registry publishes sha512-.* but the pin says sha512-BwcH/,
    );
  } finally {
    registry.close();
  }
});

test("a registry that advertises an integrity its tarball does not have is caught", async () => {
  const forged = `sha512-${Buffer.alloc(64, 9).toString("base64")}`;
  const registry = await fakeRegistry({ advertisedIntegrity: forged });
  try {
    const result = await verifyPinnedPackage(
      { name: "mcp-unit-converter", version: "2.1.0", integrity: forged },
      { registry: registry.url, run: registry.run },
    );
    assert.equal(result.ok, false);
    assert.match(
      result.reason ?? "",
      /^Cannot hash the copy of mcp-unit-converter@2\.1\.0 that would run: npm pack .*(seems to be corrupted|integrity checksum failed)/,
    );
  } finally {
    registry.close();
  }
});

test("malformed pins are refused before anything is fetched", async () => {
  const calls: string[][] = [];
  const run: NpmRunner = async (args) => {
    calls.push(args);
    return { stdout: "", stderr: "", code: 1 };
  };
  assert.match(
    (await verifyPinnedPackage({ name: "x", version: "^1.0.0", integrity: "sha512-AAAA" }, { run })).reason ??
      "",
    /exact version/,
  );
  assert.match(
    (await verifyPinnedPackage({ name: "x", version: "1.0.0", integrity: "md5-abc" }, { run })).reason ?? "",
    /no valid integrity/,
  );
  assert.match(
    (await verifyPinnedPackage({ name: "Bad Name", version: "1.0.0", integrity: "sha512-AAAA" }, { run }))
      .reason ?? "",
    /invalid package/,
  );
  assert.deepEqual(calls, []);
});

test("an unreachable registry fails the pin check closed, saying why", async () => {
  const registry = await fakeRegistry();
  registry.close();
  const result = await verifyPinnedPackage(
    { name: "mcp-unit-converter", version: "2.1.0", integrity: registry.integrity },
    { registry: registry.url, run: registry.run },
  );
  assert.equal(result.ok, false);
  assert.match(result.reason ?? "", /^Cannot verify the pin of mcp-unit-converter@2\.1\.0: npm view/);
});
