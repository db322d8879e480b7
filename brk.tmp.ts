import { readFileSync } from "node:fs";
import { realTools } from "./eval/poisoning.js";
import { collectText } from "./src/detect/poisoning/walk.js";
import { normalizeText } from "./src/detect/text/index.js";
import { definitionHash } from "./src/detect/definitions/index.js";
import { scoreText } from "./src/detect/model/model.js";
import { bundledModel } from "./src/detect/model/bundled.js";
import { COMPILED_TEXT_RULES } from "./src/detect/poisoning/rules/catalogue.js";
import { runRules } from "./src/detect/poisoning/rules/rule.js";
const tools = realTools(JSON.parse(readFileSync("/work/shared/corpus/livemcpbench-tools.json", "utf8")));
function time(label: string, f: () => void) { f(); const c0 = process.cpuUsage(); for (let i = 0; i < 5; i++) f(); const c = process.cpuUsage(c0); console.log(label, ((c.user + c.system) / 5 / tools.length).toFixed(1), "µs/tool"); }
const sites = tools.map(t => collectText(t).sites);
const norm = sites.map(ss => ss.map(s => normalizeText(s.text).text));
const prose = sites.map((ss, i) => ss.map((s, j) => ({ s, t: norm[i]![j]! })).filter(x => ["description","title","value","key","property-name"].includes(x.s.role)).map(x => x.t));
const joined = prose.map(p => p.join("\n\n").toLowerCase());
time("hash", () => tools.forEach(t => definitionHash(t)));
time("collect", () => tools.forEach(t => collectText(t)));
time("normalize", () => sites.forEach(ss => ss.forEach(s => normalizeText(s.text))));
time("rules", () => joined.forEach(j => runRules(COMPILED_TEXT_RULES, j)));
time("model", () => prose.forEach(p => p.forEach(t => scoreText(bundledModel, t))));
console.log("avg joined chars", (joined.reduce((a, j) => a + j.length, 0) / joined.length).toFixed(0));
// per-rule costs
for (const r of COMPILED_TEXT_RULES) { const c0 = process.cpuUsage(); for (let i = 0; i < 3; i++) joined.forEach(j => runRules([r], j)); const c = process.cpuUsage(c0); const us = (c.user + c.system) / 3 / tools.length; if (us > 3) console.log("  ", r.rule.id, us.toFixed(1)); }
