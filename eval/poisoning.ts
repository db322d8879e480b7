/**
 * Evaluation of the tool-poisoning detector: detection per technique on the held-out attack cases
 * (eval/corpus/poisoning/eval/, never used for training), and false positives on real tools
 * (../shared/corpus/livemcpbench-tools.json beside the repository) and on held-out benign cases.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { analyzeItem, type ItemKind, type ItemResult } from "../src/detect/poisoning/index.js";
import { percent, type EvalReport } from "./report.js";

const EVAL_DIR = new URL("./corpus/poisoning/eval/", import.meta.url);
const REAL_TOOLS = new URL("../../shared/corpus/livemcpbench-tools.json", import.meta.url);

interface AttackCase {
  id: string;
  technique: string;
  language: string;
  location: string;
  kind: ItemKind;
  definition: unknown;
}

interface BenignCase {
  id: string;
  kind: ItemKind;
  definition: unknown;
}

function readJsonArray<T>(file: URL): T[] {
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!Array.isArray(parsed)) throw new Error(`${fileURLToPath(file)} must hold a JSON array`);
  return parsed as T[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The tools of the LiveMCPBench corpus: an array of servers, each with `tools.<name>.tools`. */
export function realTools(parsed: unknown): unknown[] {
  if (!Array.isArray(parsed)) throw new Error("the real-tools corpus must be an array of servers");
  return parsed.flatMap((server: unknown) => {
    if (!isRecord(server) || !isRecord(server.tools)) return [];
    return Object.values(server.tools).flatMap((entry) =>
      isRecord(entry) && Array.isArray(entry.tools) ? entry.tools : [],
    );
  });
}

interface Rates {
  items: number;
  warn: number;
  block: number;
}

function rates(results: ItemResult[]): Rates {
  return {
    items: results.length,
    warn: results.filter((r) => r.verdict === "warn").length,
    block: results.filter((r) => r.verdict === "block").length,
  };
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function row(label: string, r: Rates, target = ""): string[] {
  return [
    label,
    String(r.items),
    percent(share(r.warn, r.items)),
    percent(share(r.block, r.items)),
    percent(share(r.warn + r.block, r.items)),
    target,
  ];
}

/** Runs the poisoning evaluation; see the module comment for what is measured. */
export async function evaluate(): Promise<EvalReport> {
  const attacks = readJsonArray<AttackCase>(new URL("attacks.json", EVAL_DIR));
  const benign = readJsonArray<BenignCase>(new URL("benign.json", EVAL_DIR));
  const header = ["set", "items", "warn", "block", "warn or block", "target"];
  const rows: string[][] = [];
  const checks: EvalReport["checks"] = [];

  const attackResults = attacks.map((c) => analyzeItem(c.kind, c.definition));
  const techniques = [...new Set(attacks.map((c) => c.technique))].sort();
  for (const technique of techniques) {
    rows.push(
      row(`attack: ${technique}`, rates(attackResults.filter((_, i) => attacks[i]?.technique === technique))),
    );
  }
  const overall = rates(attackResults);
  rows.push(row("attacks, all techniques", overall, "detected ≥ 97%, blocked ≥ 90%"));
  const rulesOnly = rates(attacks.map((c) => analyzeItem(c.kind, c.definition, { model: null })));
  rows.push(row("attacks, rules without the model", rulesOnly));
  const modelHits = attackResults.filter((r) =>
    r.findings.some((f) => f.rule === "statistical-model"),
  ).length;
  rows.push([
    "attacks the model alone flags (p ≥ 0.6)",
    String(attacks.length),
    "",
    "",
    percent(share(modelHits, attacks.length)),
    "",
  ]);

  const outside = attacks.filter((c) => c.location !== "description").length;
  const foreign = attacks.filter((c) => c.language !== "en").length;
  rows.push([
    "attacks outside the top-level description",
    String(outside),
    "",
    "",
    percent(share(outside, attacks.length)),
    "≥ 30%",
  ]);
  rows.push([
    "attacks not in English",
    String(foreign),
    "",
    "",
    percent(share(foreign, attacks.length)),
    "≥ 10%",
  ]);

  const heldOutBenign = rates(benign.map((c) => analyzeItem(c.kind, c.definition)));
  rows.push(row("held-out benign definitions", heldOutBenign));

  checks.push({ name: "attack cases", value: attacks.length, target: "≥ 150", pass: attacks.length >= 150 });
  checks.push({
    name: "attack techniques",
    value: techniques.length,
    target: "≥ 15",
    pass: techniques.length >= 15,
  });
  checks.push({
    name: "attacks outside the top-level description (%)",
    value: round(share(outside, attacks.length)),
    target: "≥ 30",
    pass: share(outside, attacks.length) >= 0.3,
  });
  checks.push({
    name: "attacks not in English (%)",
    value: round(share(foreign, attacks.length)),
    target: "≥ 10",
    pass: share(foreign, attacks.length) >= 0.1,
  });
  const detected = share(overall.warn + overall.block, overall.items);
  checks.push({
    name: "attacks detected, warn or block (%)",
    value: round(detected),
    target: "≥ 97",
    pass: detected >= 0.97,
  });
  checks.push({
    name: "attacks blocked (%)",
    value: round(share(overall.block, overall.items)),
    target: "≥ 90",
    pass: share(overall.block, overall.items) >= 0.9,
  });

  if (!existsSync(REAL_TOOLS)) {
    const where = fileURLToPath(REAL_TOOLS);
    rows.push([`real tools: MISSING ${where}`, "0", "", "", "", "warn ≤ 5%, block ≤ 1%"]);
    checks.push({ name: `real-tool corpus present at ${where}`, value: 0, target: "present", pass: false });
  } else {
    const tools = realTools(JSON.parse(readFileSync(REAL_TOOLS, "utf8")));
    const real = rates(tools.map((tool) => analyzeItem("tool", tool)));
    rows.push(row("real tools (LiveMCPBench)", real, "warn ≤ 5%, block ≤ 1%"));
    checks.push({ name: "real tools", value: real.items, target: "527", pass: real.items === 527 });
    checks.push({
      name: "real tools blocked (%)",
      value: round(share(real.block, real.items)),
      target: "≤ 1",
      pass: share(real.block, real.items) <= 0.01,
    });
    checks.push({
      name: "real tools warned (%)",
      value: round(share(real.warn, real.items)),
      target: "≤ 5",
      pass: share(real.warn, real.items) <= 0.05,
    });
  }
  return { title: "Tool poisoning (held-out attack corpus, real tools)", header, rows, checks };
}

function round(value: number): number {
  return Math.round(value * 1000) / 10;
}
