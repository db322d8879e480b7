#!/usr/bin/env node
import { ConfigError } from "../config/load.js";
import { JudgeConfigError } from "../judge/index.js";
import { VERSION } from "../version.js";
import { UsageError, type Command } from "./command.js";
import { runCommand } from "./commands/run.js";
import { configCheckCommand } from "./commands/config-check.js";
import { wrapCommand } from "./commands/wrap.js";
import { keysCreate, keysList, keysRevoke } from "./commands/keys.js";
import { auditExport, auditQuery, auditTail, auditVerify } from "./commands/audit.js";
import { policyCheck, policyExplain, policyTest } from "./commands/policy.js";
import { approvalsApprove, approvalsDeny, approvalsList } from "./commands/approvals.js";
import { pinsApprove, pinsDiff, pinsList, pinsReject } from "./commands/pins.js";
import { scanTools } from "./commands/scan-tools.js";
import { inspect, outdated, protect, scan, unprotect } from "./commands/vetting.js";

const commands: Command[] = [
  runCommand,
  configCheckCommand,
  wrapCommand,
  keysCreate,
  keysList,
  keysRevoke,
  policyCheck,
  policyExplain,
  policyTest,
  approvalsList,
  approvalsApprove,
  approvalsDeny,
  pinsList,
  pinsDiff,
  pinsApprove,
  pinsReject,
  scanTools,
  scan,
  protect,
  unprotect,
  inspect,
  outdated,
  auditVerify,
  auditTail,
  auditQuery,
  auditExport,
];

/** One line per command: its name, padded, and what it does. */
function listing(list: Command[]): string {
  const width = Math.max(...list.map((c) => c.name.length));
  return list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n");
}

function help(): string {
  return `bastion ${VERSION}: a security gateway for the Model Context Protocol

Usage: bastion <command> [options]

Commands:
${listing(commands)}

Run "bastion <command> --help" for a command's options.`;
}

/**
 * The commands of a group such as `audit` or `pins`, when argv names the group but none of its
 * commands (`bastion audit`, `bastion pins --help`): the user asked what the group offers.
 */
function groupHelp(argv: string[]): string | undefined {
  const members = commands.filter((c) => c.name.startsWith(`${argv[0]} `));
  if (members.length === 0) return undefined;
  return `Usage: bastion ${argv[0]} <command> [options]

Commands:
${listing(members)}

Run "bastion ${argv[0]} <command> --help" for a command's options.`;
}

/** Finds the command named by the leading words of argv (commands may be two words). */
function find(argv: string[]): { command: Command; rest: string[] } | undefined {
  for (const c of commands) {
    const words = c.name.split(" ");
    if (words.every((w, i) => argv[i] === w)) return { command: c, rest: argv.slice(words.length) };
  }
  return undefined;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    console.log(help());
    return 0;
  }
  if (argv[0] === "--version" || argv[0] === "-v") {
    console.log(VERSION);
    return 0;
  }
  const found = find(argv);
  if (!found) {
    const group = groupHelp(argv);
    if (group && (argv.length === 1 || argv[1] === "--help" || argv[1] === "-h")) {
      console.log(group);
      return 0;
    }
    const what = group ? `${argv[0]} command "${argv[1]}"` : `command "${argv.join(" ")}"`;
    console.error(`bastion: unknown ${what}\n\n${group ?? help()}`);
    return 2;
  }
  const { command, rest } = found;
  const dash = rest.indexOf("--");
  const own = dash === -1 ? rest : rest.slice(0, dash);
  if (own.includes("--help") || own.includes("-h")) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof JudgeConfigError) {
      console.error(`bastion ${command.name}: ${e.message}`);
      return 2;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`bastion ${command.name}: ${(e as Error).message}\n\n${command.usage}`);
      return 2;
    }
    console.error(`bastion ${command.name}: ${(e as Error).message}`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: Error) => {
    console.error(`bastion: ${e.stack ?? e.message}`);
    process.exitCode = 1;
  },
);
