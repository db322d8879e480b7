import { readFileSync } from "node:fs";
import { analyzeTool } from "./src/detect/poisoning/index.js";
import { realTools } from "./eval/poisoning.js";
const tools = realTools(JSON.parse(readFileSync("/work/shared/corpus/livemcpbench-tools.json", "utf8")));
for (const model of [undefined, null] as const) for (let round = 0; round < 4; round++) {
  const c0 = process.cpuUsage();
  for (const t of tools) analyzeTool(t, model === null ? { model: null } : {});
  const c = process.cpuUsage(c0); const ms = (c.user + c.system) / 1000;
  console.log(model === null ? "rules" : "full ", `${(tools.length / ms * 1000).toFixed(0)}/s cpu`);
}
