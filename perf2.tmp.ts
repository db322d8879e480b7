import { readFileSync } from "node:fs";
import { analyzeTool } from "./src/detect/poisoning/index.js";
import { realTools } from "./eval/poisoning.js";
const tools = realTools(JSON.parse(readFileSync("/work/shared/corpus/livemcpbench-tools.json", "utf8")));
for (let round = 0; round < 20; round++) for (const t of tools) analyzeTool(t);
