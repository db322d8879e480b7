import { readFileSync } from "node:fs";
import { realTools } from "./eval/poisoning.js";
import { collectText } from "./src/detect/poisoning/walk.js";
import { COMPILED_TEXT_RULES } from "./src/detect/poisoning/rules/catalogue.js";
const tools = realTools(JSON.parse(readFileSync("/work/shared/corpus/livemcpbench-tools.json", "utf8")));
const joined = tools.map(t => collectText(t).sites.filter(s => s.role !== "name" && s.role !== "uri").map(s => s.text).join("\n\n").toLowerCase());
const pass = new Map<string, number>();
for (const j of joined) for (const r of COMPILED_TEXT_RULES) if (!r.gate || r.gate.test(j)) pass.set(r.rule.id, (pass.get(r.rule.id) ?? 0) + 1);
console.log([...pass.entries()].map(([k, v]) => `${k} ${(v / joined.length * 100).toFixed(0)}%`).join("\n"));
