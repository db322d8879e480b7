import { parseArgs } from "node:util";
import { loadConfig } from "../../config/load.js";
import { createPoisoningJudge } from "../../judge/index.js";
import { scanToolsCommand, type ScanToolsOptions } from "../../scan/tools/index.js";
import { UsageError, type Command } from "../command.js";
import { emit } from "./store.js";

export const scanTools: Command = {
  name: "scan tools",
  summary: "Check a tools/list result for tool poisoning (table, JSON or SARIF)",
  usage: `Usage: bastion scan tools FILE [--format table|json|sarif] [--fail-on warn|block] [--judge [--config FILE]]

FILE holds a tools/list result ({"tools": [...]}) or a bare array of tools.
Exits 1 when a finding reaches --fail-on (default: block), 2 when FILE cannot be used.

Options:
  --judge             also ask the language model of the config's poisoning_judge section about
                      the tools it is configured for; a malicious answer turns warn into block
  -c, --config FILE   the configuration that holds poisoning_judge (default: bastion.yaml)`,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        format: { type: "string", default: "table" },
        "fail-on": { type: "string", default: "block" },
        judge: { type: "boolean", default: false },
        config: { type: "string", short: "c" },
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
    if (values.config !== undefined && !values.judge)
      throw new UsageError("--config is read only with --judge; without it the scan needs no config");
    const opts: ScanToolsOptions = {
      file: positionals[0]!,
      format: format as "table",
      failOn: failOn as "block",
    };
    if (values.judge) {
      const { config, file } = loadConfig(values.config ?? "bastion.yaml");
      if (!config.poisoning_judge) throw new UsageError(`--judge: ${file} has no poisoning_judge section`);
      opts.judge = createPoisoningJudge(config.poisoning_judge);
    }
    return emit(await scanToolsCommand(opts));
  },
};
