/**
 * Poisoning detector benchmark: tool definitions analysed per second on one core, the time to scan
 * a tools/list of 100 tools, and the cost of re-scanning an unchanged list through the cache.
 * Uses the real tools beside the repository when present, else the project's benign corpus.
 * Each figure is the best of several runs, so other processes on a shared machine distort it least.
 */
import { existsSync, readFileSync } from "node:fs";
import { createDefinitionCache } from "../src/detect/definitions/index.js";
import { analyzeServer, analyzeTool, type ItemResult } from "../src/detect/poisoning/index.js";
import type { BenchResult } from "./result.js";

const REAL_TOOLS = new URL("../../shared/corpus/livemcpbench-tools.json", import.meta.url);
const BENIGN = [
  new URL("../eval/corpus/poisoning/train/benign-generated.json", import.meta.url),
  new URL("../eval/corpus/poisoning/eval/benign.json", import.meta.url),
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function loadTools(): { source: string; tools: unknown[] } {
  if (existsSync(REAL_TOOLS)) {
    const servers: unknown = JSON.parse(readFileSync(REAL_TOOLS, "utf8"));
    const tools = (Array.isArray(servers) ? servers : []).flatMap((server: unknown) =>
      isRecord(server) && isRecord(server.tools)
        ? Object.values(server.tools).flatMap((entry) =>
            isRecord(entry) && Array.isArray(entry.tools) ? entry.tools : [],
          )
        : [],
    );
    return { source: "real tools", tools };
  }
  const tools = BENIGN.flatMap(
    (file) => JSON.parse(readFileSync(file, "utf8")) as Array<{ kind: string; definition: unknown }>,
  )
    .filter((c) => c.kind === "tool")
    .map((c) => c.definition);
  return { source: "benign corpus", tools };
}

/** CPU milliseconds of the fastest of `rounds` runs: the least disturbed by other processes. */
function bestCpuMs(rounds: number, work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const start = process.cpuUsage();
    work();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/** Wall milliseconds of the fastest of `rounds` runs, for latency on an otherwise idle core. */
function bestWallMs(rounds: number, work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Runs the benchmark; each figure comes with its target and whether it was met. */
export async function run(): Promise<BenchResult[]> {
  const { source, tools } = loadTools();
  if (tools.length < 100)
    throw new Error(`benchmark needs at least 100 tool definitions, found ${tools.length}`);
  const analyzeAll = (): void => {
    for (const tool of tools) analyzeTool(tool);
  };
  for (let i = 0; i < 3; i++) analyzeAll();
  const perSecond = (tools.length / bestCpuMs(15, analyzeAll)) * 1000;

  // A hundred tools spread evenly over the corpus, so no single server's style dominates the list.
  const list = { tools: Array.from({ length: 100 }, (_, i) => tools[Math.floor((i * tools.length) / 100)]) };
  const scanMs = bestWallMs(21, () => analyzeServer(list));

  const cache = createDefinitionCache<ItemResult>();
  analyzeServer(list, { cache });
  // A re-sent list is a new object with equal content, as it would be after parsing it again.
  const resent = JSON.parse(JSON.stringify(list)) as typeof list;
  const cachedMs = bestWallMs(21, () => analyzeServer(resent, { cache }));

  return [
    {
      name: `poisoning: tool definitions per second, one core (${source})`,
      value: Math.round(perSecond),
      unit: "definitions/s",
      target: "≥ 5000",
      pass: perSecond >= 5000,
    },
    {
      name: "poisoning: scan of a 100-tool tools/list",
      value: round(scanMs, 2),
      unit: "ms",
      target: "≤ 20",
      pass: scanMs <= 20,
    },
    {
      name: "poisoning: re-scan of an unchanged 100-tool list (cached)",
      value: round(cachedMs, 2),
      unit: "ms",
      target: "≤ 2",
      pass: cachedMs <= 2,
    },
  ];
}
