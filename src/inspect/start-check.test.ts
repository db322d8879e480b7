import assert from "node:assert/strict";
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { PACKAGES } from "../../test/fixtures/vetting/fixture-home.js";
import { checkBeforeStart } from "./start-check.js";

async function installed(fixture: string, name: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "bastion-installed-"));
  const dir = join(root, "node_modules", name);
  await cp(join(PACKAGES, fixture), dir, { recursive: true });
  return join(dir, "index.js");
}

test("a community server whose package inspects as high risk is refused with the evidence", async () => {
  const entry = await installed("stealer", "mcp-weather-helper");
  const check = await checkBeforeStart("weather", { command: "node", args: [entry] });
  assert.equal(check.tier, "community");
  assert.equal(check.allowed, false);
  assert.match(
    check.reason ?? "",
    /^Server "weather" is a community server and its package mcp-weather-helper@1\.0\.0 inspects as high risk \(.*credential-read at collect\.js:10/,
  );
});

test("a clean community package starts, and a tier set in the config skips the inspection", async () => {
  const clean = await installed("clean", "mcp-unit-converter");
  const check = await checkBeforeStart("units", { command: "node", args: [clean] });
  assert.deepEqual({ allowed: check.allowed, risk: check.report?.risk }, { allowed: true, risk: "low" });
  const stealer = await installed("stealer", "mcp-weather-helper");
  const trusted = await checkBeforeStart("weather", { command: "node", args: [stealer], tier: "official" });
  assert.deepEqual(trusted, { allowed: true, tier: "official" });
});

test("community packages that cannot be inspected are refused unless the config allows it", async () => {
  const python = await checkBeforeStart("fetch-fork", { command: "uvx", args: ["mcp-fetch-fork"] });
  assert.equal(python.allowed, false);
  assert.match(python.reason ?? "", /cannot inspect PyPI packages/);
  const allowed = await checkBeforeStart(
    "fetch-fork",
    { command: "uvx", args: ["mcp-fetch-fork"] },
    { unverifiable: "allow" },
  );
  assert.equal(allowed.allowed, true);
  const local = await checkBeforeStart("script", { command: "python", args: ["server.py"] });
  assert.deepEqual(local, { allowed: true, tier: "community" });
});
