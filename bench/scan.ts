// `bastion scan` of ten real stdio servers from one client config, connected in parallel.
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { scanCommand } from "../src/scan/report/command.js";
import type { BenchResult } from "./result.js";

const require = createRequire(import.meta.url);
const entry = (pkg: string) => join(dirname(require.resolve(`${pkg}/package.json`)), "dist", "index.js");

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "bastion-scan-bench-"));
  const servers: Record<string, unknown> = {};
  for (let i = 0; i < 5; i++) {
    servers[`memory-${i}`] = {
      command: process.execPath,
      args: [entry("@modelcontextprotocol/server-memory")],
      env: { MEMORY_FILE_PATH: join(dir, `m${i}.jsonl`) },
    };
    servers[`everything-${i}`] = {
      command: process.execPath,
      args: [entry("@modelcontextprotocol/server-everything"), "stdio"],
    };
  }
  const file = join(dir, "mcp.json");
  writeFileSync(file, JSON.stringify({ mcpServers: servers }));
  const started = performance.now();
  const { report } = await scanCommand({ configFile: file, format: "json", stateDir: false });
  const seconds = (performance.now() - started) / 1000;
  const ok = report.clients.flatMap((c) => c.servers).filter((s) => s.status === "ok").length;
  return [
    {
      name: "scan of 10 stdio servers",
      value: +seconds.toFixed(2),
      unit: "s",
      target: "< 10",
      pass: seconds < 10 && ok === 10,
    },
  ];
}
