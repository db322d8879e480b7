import { readFileSync } from "node:fs";
import { analyzeItem } from "./src/detect/poisoning/index.js";
import { realTools } from "./eval/poisoning.js";
const which = process.argv[2] ?? "attacks";
if (which === "real") {
  const tools = realTools(JSON.parse(readFileSync("/work/shared/corpus/livemcpbench-tools.json", "utf8")));
  for (const t of tools) { const r = analyzeItem("tool", t); if (r.verdict !== "allow") console.log(r.verdict, r.score, r.name, JSON.stringify(r.findings.map(f => [f.rule, f.severity, f.evidence.slice(0, 150)]))); }
} else {
  const file = which === "benign" ? "eval/corpus/poisoning/eval/benign.json" : which === "train" ? "eval/corpus/poisoning/train/attacks.json" : "eval/corpus/poisoning/eval/attacks.json";
  const cases = JSON.parse(readFileSync(file, "utf8"));
  for (const c of cases) { const r = analyzeItem(c.kind, c.definition); if ((which === "benign") ? r.verdict !== "allow" : r.verdict !== "block") console.log(r.verdict, r.score, c.id, "|", (c.payload ?? "").slice(0, 110), "|", JSON.stringify(r.findings.map(f => [f.rule, f.severity]))); }
}
