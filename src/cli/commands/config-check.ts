import { parseArgs } from "node:util";
import { loadConfig } from "../../config/load.js";
import { createPoisoningJudge } from "../../judge/index.js";
import type { Command } from "../command.js";

export const configCheckCommand: Command = {
  name: "config check",
  summary: "Validate a configuration file and say what is wrong",
  usage: `Usage: bastion config check --config FILE

Reads FILE, substitutes \${env:NAME} references and validates every key. Prints each problem
with its key path and exits 2, or prints a summary and exits 0.

Options:
  -c, --config FILE   the configuration file (default: bastion.yaml)`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { config: { type: "string", short: "c", default: "bastion.yaml" } },
      strict: true,
    });
    const { config, file } = loadConfig(values.config!);
    const servers = Object.entries(config.servers).map(
      ([k, s]) => `${k} (${"command" in s ? "stdio" : "http"})`,
    );
    const judge = config.poisoning_judge;
    // creating the judge checks its key variable is set; it makes no request
    if (judge) createPoisoningJudge(judge);
    console.log(`${file}: OK`);
    console.log(`  listen: http://${config.listen.host}:${config.listen.port}${config.listen.path}`);
    console.log(`  store: ${config.store}`);
    console.log(`  servers: ${servers.join(", ")}`);
    if (judge)
      console.log(
        `  poisoning judge: ${judge.provider} ${judge.model} at ${judge.base_url} (on ${judge.on})`,
      );
    return 0;
  },
};
