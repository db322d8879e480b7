import { parseArgs } from "node:util";
import { homedir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../config/load.js";
import { isStdio } from "../../config/schema.js";
import { UsageError, type Command } from "../command.js";
import { emit } from "./store.js";

// Loaded when the command runs: the scanner brings the MCP SDK's client, which `bastion run` never needs.
const scanner = () => import("../../scan/report/command.js");
const protection = () => import("../../protect/index.js");
const inspection = () => import("../../inspect/index.js");
const versions = () => import("../../outdated/index.js");

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, not "${value}"`);
  return value as T;
}

export const scan: Command = {
  name: "scan",
  summary: "Find the MCP client configs on this machine and check every server they run",
  usage: `Usage: bastion scan [--config-file PATH] [--format text|json|sarif] [--fail-on warn|block] [--timeout MS] [--no-pins]

Finds the configs of Claude Desktop, Claude Code, Cursor, VS Code, Windsurf, Gemini CLI, Codex
and others (docs/scan-paths.md lists every path), starts each server (stdio in a scrubbed
environment, HTTP with its configured headers), and checks its tools, prompts, resources and
instructions for poisoning, cross-server shadowing and changes since the last scan (pins in
~/.bastion/scan-pins.json). JSON output is described in docs/scan-json.md.
Exits 1 when a finding reaches --fail-on (default: block).`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        "config-file": { type: "string" },
        format: { type: "string", default: "text" },
        "fail-on": { type: "string", default: "block" },
        timeout: { type: "string" },
        "no-pins": { type: "boolean", default: false },
      },
      strict: true,
    });
    const { scanCommand } = await scanner();
    const out = await scanCommand({
      format: oneOf(values.format!, ["text", "json", "sarif"] as const, "--format"),
      failOn: oneOf(values["fail-on"]!, ["warn", "block"] as const, "--fail-on"),
      stateDir: values["no-pins"] ? false : join(homedir(), ".bastion"),
      progress: process.stderr,
      isTTY: process.stdout.isTTY === true,
      ...(values["config-file"] ? { configFile: values["config-file"] } : {}),
      ...(values.timeout ? { timeoutMs: Number(values.timeout) } : {}),
    });
    // a file named on the command line that cannot be read is bad input, not "nothing found"
    const unreadable = values["config-file"] ? out.report.clients.find((c) => c.error) : undefined;
    if (unreadable) return emit({ ...out, exitCode: 2 });
    return emit(out);
  },
};

export const protect: Command = {
  name: "protect",
  summary: "Rewrite a client config so every stdio server runs under `bastion wrap` (backup first)",
  usage: `Usage: bastion protect FILE [--dry-run]

Keeps a backup at FILE.bastion-backup; --dry-run prints the diff and changes nothing.
"bastion unprotect FILE" restores the original exactly.`,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { "dry-run": { type: "boolean", default: false } },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new UsageError("name one client config file");
    const { protectCommand } = await protection();
    return emit(await protectCommand({ file: positionals[0]!, dryRun: values["dry-run"]! }));
  },
};

export const unprotect: Command = {
  name: "unprotect",
  summary: "Restore a client config from before `bastion protect`",
  usage: `Usage: bastion unprotect FILE`,
  async run(argv) {
    const { positionals } = parseArgs({ args: argv, options: {}, strict: true, allowPositionals: true });
    if (positionals.length !== 1) throw new UsageError("name one client config file");
    const { unprotectCommand } = await protection();
    return emit(await unprotectCommand({ file: positionals[0]! }));
  },
};

export const inspect: Command = {
  name: "inspect",
  summary: "Read a server package's code before you install it (npm package or directory)",
  usage: `Usage: bastion inspect <npm-package[@version] | DIR> [--format text|json]

Downloads the package with npm (or reads DIR) and analyses its JavaScript and TypeScript with a
parser: dynamic commands, eval, remote code, hard-coded hosts and raw IPs, reads of credential
files, bulk environment reads, obfuscation, install scripts, bundled binaries, dependency
advisories and typosquat-like names. Prints a risk level with the evidence as file:line.
Exits 1 for high risk, 2 when the target cannot be read.`,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { format: { type: "string", default: "text" } },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new UsageError("name one package or directory");
    const { inspectCommand } = await inspection();
    return emit(
      await inspectCommand({
        target: positionals[0]!,
        format: oneOf(values.format!, ["text", "json"] as const, "--format"),
      }),
    );
  },
};

export const outdated: Command = {
  name: "outdated",
  summary: "List configured servers launched from packages, their versions and advisories",
  usage: `Usage: bastion outdated [--config FILE] [--json]`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        config: { type: "string", short: "c", default: "bastion.yaml" },
        json: { type: "boolean", default: false },
      },
      strict: true,
    });
    const { config } = loadConfig(values.config!);
    const servers = Object.entries(config.servers)
      .filter(([, s]) => isStdio(s))
      .map(([name, s]) => ({
        name,
        command: (s as { command: string }).command,
        args: (s as { args: string[] }).args,
      }));
    const { outdatedCommand } = await versions();
    return emit(await outdatedCommand({ servers, format: values.json ? "json" : "text" }));
  },
};
