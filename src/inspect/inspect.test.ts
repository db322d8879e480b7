import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { PACKAGES, REPO_ROOT } from "../../test/fixtures/vetting/fixture-home.js";
import { npmView, RegistryError } from "../outdated/registry.js";
import { inspectCommand, inspectPackage } from "./command.js";
import type { InspectReport } from "./types.js";

const STEALER = join(PACKAGES, "stealer");
const OBFUSCATED = join(PACKAGES, "obfuscated");
const CLEAN = join(PACKAGES, "clean");

function at(report: InspectReport, rule: string): string[] {
  return report.findings.filter((f) => f.rule === rule).map((f) => `${f.file}:${f.line ?? ""}`);
}

test("a package whose postinstall script reads ~/.ssh and posts it to a raw IP is rated high, with file:line evidence", async () => {
  const { stdout, exitCode, report } = await inspectCommand({
    target: STEALER,
    format: "text",
    checkAdvisories: false,
  });
  assert.equal(report?.risk, "high");
  assert.equal(exitCode, 1);
  assert.deepEqual(at(report as InspectReport, "credential-read"), ["collect.js:10"]);
  assert.deepEqual(at(report as InspectReport, "network-raw-ip"), ["collect.js:12"]);
  assert.deepEqual(at(report as InspectReport, "exfiltration"), ["collect.js:10"]);
  assert.deepEqual(at(report as InspectReport, "install-script"), ["package.json:8"]);
  assert.deepEqual(report?.hosts, ["203.0.113.7"]);
  assert.match(stdout, /Risk: HIGH/);
  assert.match(stdout, /credential-read +collect\.js:10/);
  assert.match(stdout, /postinstall script runs collect\.js/);
});

test("an obfuscated package is rated at least medium and the obfuscation is explained", async () => {
  const report = await inspectPackage({ target: OBFUSCATED, checkAdvisories: false });
  assert.notEqual(report.risk, "low");
  const evidence = report.findings
    .filter((f) => f.rule === "obfuscation")
    .map((f) => f.evidence)
    .join("\n");
  assert.match(evidence, /= "toString"/, "escaped strings are decoded in the evidence");
  assert.match(evidence, /_0x/, "javascript-obfuscator identifiers are noticed");
  assert.match(evidence, /encoded string/, "the long base64 payload is noticed");
  assert.match(evidence, /→ eval/, "eval assembled from pieces is noticed");
  assert.ok(report.findings.some((f) => f.rule === "dynamic-code" && f.file === "index.js" && f.line === 12));
});

test("a clean package is rated low; its TypeScript is parsed and lines point at the original source", async () => {
  const { stdout, report } = await inspectCommand({ target: CLEAN, format: "json", checkAdvisories: false });
  const json = JSON.parse(stdout) as InspectReport;
  assert.equal(json.risk, "low");
  assert.equal(report?.stats.codeFiles, 2);
  assert.equal(report?.stats.parsedFiles, 2);
  assert.ok(report?.findings.every((f) => f.severity === "low"));
  assert.deepEqual(
    json.urls.map((u) => `${u.host} ${u.file}:${u.line}`),
    ["api.frankfurter.app rates.ts:8"],
  );
  assert.deepEqual(
    json.dependencies.map((d) => d.name),
    ["zod"],
  );
});

test("a real MCP server package (server-filesystem, installed) is not rated high and its installed dependencies are resolved", async () => {
  const report = await inspectPackage({
    target: join(REPO_ROOT, "node_modules/@modelcontextprotocol/server-filesystem"),
    checkAdvisories: false,
  });
  assert.equal(report.name, "@modelcontextprotocol/server-filesystem");
  assert.notEqual(
    report.risk,
    "high",
    report.findings.map((f) => `${f.rule} ${f.file}:${f.line}`).join("\n"),
  );
  assert.ok(report.stats.codeFiles >= 3);
  assert.equal(report.stats.parsedFiles, report.stats.codeFiles);
  const sdk = report.dependencies.find((d) => d.name === "@modelcontextprotocol/sdk");
  assert.equal(sdk?.versionSource, "installed");
  assert.match(sdk?.version ?? "", /^\d+\.\d+\.\d+/);
});

test("a packed tarball is read with the built-in tar reader and gives the same findings as its directory", async () => {
  const dir = await mkdtemp(join(tmpdir(), "bastion-pack-"));
  const { stdout } = await promisify(execFile)(
    "npm",
    ["pack", STEALER, "--json", "--ignore-scripts", "--pack-destination", dir],
    { cwd: dir },
  );
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  const fromTarball = await inspectPackage({
    target: join(dir, packed?.filename ?? ""),
    checkAdvisories: false,
  });
  const fromDirectory = await inspectPackage({ target: STEALER, checkAdvisories: false });
  assert.deepEqual(fromTarball.findings, fromDirectory.findings);
  assert.equal(fromTarball.risk, "high");
});

async function fakeRegistry(answer: (body: Record<string, string[]>) => unknown) {
  const requests: { method?: string; url?: string; body: Record<string, string[]> }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => {
      const body = text ? (JSON.parse(text) as Record<string, string[]>) : {};
      requests.push({ method: req.method, url: req.url, body });
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(answer(body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    close: () => server.close(),
  };
}

test("dependencies are checked against the registry's bulk advisory endpoint, as npm audit does", async () => {
  const registry = await fakeRegistry((body) => ({
    zod: (body.zod ?? []).length
      ? [
          {
            id: 1096,
            title: "Denial of service in string parsing",
            severity: "high",
            url: "https://github.com/advisories/GHSA-test",
            vulnerable_versions: "<99.0.0",
          },
        ]
      : [],
  }));
  try {
    const report = await inspectPackage({ target: CLEAN, registry: registry.url });
    assert.equal(registry.requests[0]?.method, "POST");
    assert.equal(registry.requests[0]?.url, "/-/npm/v1/security/advisories/bulk");
    assert.ok(registry.requests[0]?.body.zod?.length, "the installed zod version is sent");
    const finding = report.findings.find((f) => f.rule === "vulnerable-dependency");
    assert.match(finding?.evidence ?? "", /^zod@\d+\.\d+\.\d+: Denial of service in string parsing$/);
    assert.equal(finding?.severity, "high");
    assert.equal(report.risk, "high");
    assert.equal(report.advisoryNote, undefined);
  } finally {
    registry.close();
  }
});

test("when the advisory service cannot be reached the report says so instead of failing", async () => {
  const registry = await fakeRegistry(() => ({}));
  registry.close();
  const { stdout, report } = await inspectCommand({ target: CLEAN, registry: registry.url, format: "text" });
  assert.match(report?.advisoryNote ?? "", /Could not reach the registry's advisory service/);
  assert.match(stdout, /Advisories not checked: Could not reach/);
  assert.equal(report?.risk, "low");
});

test("a target that is neither a directory nor a package name is refused with a clear message", async () => {
  const missing = await inspectCommand({ target: "./no/such/dir", format: "text" });
  assert.equal(missing.exitCode, 2);
  assert.match(missing.stdout, /no\/such\/dir is not a directory/);
  const invalid = await inspectCommand({ target: "Not A Package!", format: "json" });
  assert.equal(invalid.exitCode, 2);
  assert.match(
    JSON.parse(invalid.stdout).error as string,
    /neither a directory nor a valid npm package name/,
  );
});

test("a package downloaded from the registry is inspected (skipped only when the registry is unreachable)", async (t) => {
  try {
    await npmView("@modelcontextprotocol/server-memory", "version", { timeoutMs: 20_000 });
  } catch (err) {
    if (err instanceof RegistryError && err.offline) {
      t.skip(`the npm registry is unreachable: ${err.message}`);
      return;
    }
    throw err;
  }
  const { report } = await inspectCommand({ target: "@modelcontextprotocol/server-memory", format: "json" });
  assert.equal(report?.name, "@modelcontextprotocol/server-memory");
  assert.match(report?.target ?? "", /^@modelcontextprotocol\/server-memory@\d/);
  assert.notEqual(report?.risk, "high");
  assert.ok((report?.stats.parsedFiles ?? 0) >= 1);
});
