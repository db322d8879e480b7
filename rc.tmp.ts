import { readFileSync } from "node:fs";
import { realTools } from "./eval/poisoning.js";
import { collectText } from "./src/detect/poisoning/walk.js";
import { normalizeText } from "./src/detect/text/index.js";
import { DECISIVE_RULES, CORROBORATING_RULES } from "./src/detect/poisoning/rules/catalogue.js";
import { runRules } from "./src/detect/poisoning/rules/rule.js";
const tools = realTools(JSON.parse(readFileSync("/work/shared/corpus/livemcpbench-tools.json", "utf8")));
const joined = tools.map(t => collectText(t).sites.filter(s => !["name","uri"].includes(s.role)).map(s => normalizeText(s.text).text).join("\n\n").toLowerCase());
const rows: Array<[string, number, number]> = [];
for (const r of [...DECISIVE_RULES]) {
  let pass = 0; for (const j of joined) if (!r.gate || r.gate.test(j)) pass++;
  let best = Infinity;
  for (let k = 0; k < 5; k++) { const c = process.cpuUsage(); for (const j of joined) runRules([r], j); const u = process.cpuUsage(c); best = Math.min(best, (u.user + u.system) / tools.length); }
  rows.push([r.rule.id, best, pass / joined.length]);
}
rows.sort((a, b) => b[1] - a[1]);
let tot = 0; for (const r of rows) tot += r[1];
console.log("total decisive µs/tool", tot.toFixed(1));
for (const [id, us, p] of rows.slice(0, 14)) console.log(id.padEnd(28), us.toFixed(1), "µs", (p * 100).toFixed(0) + "% pass");
