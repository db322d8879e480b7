import { readFileSync } from "node:fs";
import { analyzeItem } from "./src/detect/poisoning/index.js";
const cases = JSON.parse(readFileSync("eval/corpus/poisoning/train/attacks-phrases.json", "utf8"));
let miss = 0;
for (const c of cases) { const r = analyzeItem("instructions", c.definition, { model: null }); if (r.verdict !== "block") { miss++; console.log(r.verdict, c.id, "|", c.payload.slice(0, 100), "|", r.findings.map(f => f.rule + ":" + f.severity).join(",")); } }
console.log("rules-only misses", miss, "of", cases.length);
