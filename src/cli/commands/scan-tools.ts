import { parseArgs } from "node:util";
import { scanToolsCommand } from "../../scan/tools/index.js";
import { UsageError, type Command } from "../command.js";
import { emit } from "./store.js";

export const scanTools: Command = {
  name: "scan tools",
  summary: "Check a tools/list result for tool poisoning (table, JSON or SARIF)",
  usage: `Usage: bastion scan tools FILE [--format table|json|sarif] [--fail-on warn|block]

FILE holds a tools/list result ({"tools": [...]}) or a bare array of tools.
Exits 1 when a finding reaches --fail-on (default: block), 2 when FILE cannot be used.`,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        format: { type: "string", default: "table" },
        "fail-on": { type: "string", default: "block" },
      },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new UsageError("name one file");
    const format = values.format!;
    const failOn = values["fail-on"]!;
    if (!["table", "json", "sarif"].includes(format))
      throw new UsageError(`--format must be table, json or sarif, not "${format}"`);
    if (!["warn", "block"].includes(failOn))
      throw new UsageError(`--fail-on must be warn or block, not "${failOn}"`);
    return emit(
      await scanToolsCommand({ file: positionals[0]!, format: format as "table", failOn: failOn as "block" }),
    );
  },
};
