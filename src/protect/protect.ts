import { chmod, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { readConfigFile } from "../scan/clients/discover.js";
import { parseClientConfig } from "../scan/clients/formats.js";
import { parseJsonc, toPlainValue } from "../scan/clients/jsonc.js";
import { parseToml } from "../scan/clients/toml.js";
import type { ConfigFormat } from "../scan/clients/types.js";
import { unifiedDiff } from "./diff.js";
import { rewriteServers } from "./rewrite.js";
import { bastionInvocation, isWrapped, unwrapLaunch, wrapLaunch } from "./wrap.js";

/** What a protect or unprotect run printed and how it ended (0 success, 2 failure). */
export interface ProtectResult {
  stdout: string;
  exitCode: number;
  /** Servers whose launch changed (or would change, in a dry run). */
  changed: string[];
}

export interface ProtectOptions {
  /** The client config file to rewrite. */
  file: string;
  /** Print the diff instead of writing. */
  dryRun?: boolean;
  /** How to invoke Bastion: `"bastion"` (default), a path, or an argv prefix. */
  bastionCommand?: string | readonly string[];
}

/** Where the original is kept, next to the config. */
export function backupPathOf(file: string): string {
  return `${file}.bastion-backup`;
}

function failure(message: string): ProtectResult {
  return { stdout: `${message}\n`, exitCode: 2, changed: [] };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Replaces a file's contents without a window where it is half written, keeping its mode. */
async function replaceFile(file: string, contents: string | Buffer): Promise<void> {
  const mode = (await stat(file)).mode & 0o777;
  const temporary = `${file}.bastion-tmp-${process.pid}`;
  await writeFile(temporary, contents, { mode });
  await chmod(temporary, mode);
  await rename(temporary, file);
}

/**
 * `bastion protect`: rewrites a client config so every stdio server runs under
 * `bastion wrap -- <command> <args…>`. The original is copied to `<file>.bastion-backup` first
 * (an existing backup of the unprotected original is kept). Servers already wrapped are left
 * alone, so running it twice changes nothing. Only `command` and `args` values are edited.
 *
 * @example
 * await protectCommand({ file: "/home/ada/.cursor/mcp.json", dryRun: true });
 */
export async function protectCommand(options: ProtectOptions): Promise<ProtectResult> {
  let bastion;
  try {
    bastion = bastionInvocation(options.bastionCommand);
  } catch (err) {
    return failure(`bastion protect: ${(err as Error).message}`);
  }
  const config = await readConfigFile(options.file);
  if (config.error) return failure(`bastion protect: ${config.error}`);
  const original = await readFile(options.file, "utf8");
  let result;
  try {
    result = rewriteServers(original, config.format, (launch) =>
      isWrapped(launch) ? undefined : wrapLaunch(launch, bastion),
    );
  } catch (err) {
    return failure(`bastion protect: cannot rewrite ${options.file}: ${(err as Error).message}`);
  }
  const stdio = config.servers.filter((s) => s.transport === "stdio").length;
  const remote = config.servers.length - stdio;
  const remoteNote = remote
    ? ` ${remote} remote server${remote === 1 ? " is" : "s are"} not started by the client and ${remote === 1 ? "is" : "are"} left as they are.`
    : "";
  if (result.changed.length === 0) {
    return {
      stdout: `${options.file}: every stdio server already runs under bastion wrap; nothing to do.${remoteNote}\n`,
      exitCode: 0,
      changed: [],
    };
  }
  if (options.dryRun) {
    const diff = unifiedDiff(original, result.text, options.file, `${options.file} (protected)`);
    return {
      stdout: `${diff}\nWould wrap ${result.changed.length} server(s): ${result.changed.join(", ")}.${remoteNote}\n`,
      exitCode: 0,
      changed: result.changed,
    };
  }
  const backup = backupPathOf(options.file);
  // Keep the oldest backup: it is the original before any protection.
  const partlyProtected = config.servers.some(
    (s) => s.command && isWrapped({ command: s.command, args: s.args ?? [] }),
  );
  if (!(await exists(backup)) || !partlyProtected)
    await writeFile(backup, await readFile(options.file), { flag: "w" });
  await replaceFile(options.file, result.text);
  return {
    stdout: `Wrapped ${result.changed.length} server(s) in ${options.file}: ${result.changed.join(", ")}.${remoteNote}\nBackup: ${backup} (restore with bastion unprotect)\n`,
    exitCode: 0,
    changed: result.changed,
  };
}

function plainDocument(text: string, format: ConfigFormat): unknown {
  if (format === "codex-toml") return parseToml(text).value;
  if (format === "continue-yaml") return parseYaml(text) as unknown;
  return toPlainValue(parseJsonc(text));
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The document with every server's launch unwrapped and empty `args` dropped, for comparing. */
function withoutWrapping(text: string, format: ConfigFormat): string {
  const doc = plainDocument(text, format);
  for (const server of parseClientConfig(text, format).servers) {
    let entry: unknown = doc;
    for (const key of server.path) entry = (entry as Record<string | number, unknown> | undefined)?.[key];
    if (!entry || typeof entry !== "object") continue;
    const record = entry as Record<string, unknown>;
    const holder = (
      typeof record.command === "object" && record.command !== null
        ? record.command
        : typeof record.transport === "object" && record.transport !== null
          ? record.transport
          : record
    ) as Record<string, unknown>;
    const key = holder === record.command ? "path" : "command";
    const launch = {
      command: String(holder[key] ?? ""),
      args: Array.isArray(holder.args) ? holder.args.map(String) : [],
    };
    const inner = unwrapLaunch(launch) ?? launch;
    holder[key] = inner.command;
    if (inner.args.length) holder.args = inner.args;
    else delete holder.args;
  }
  return canonical(doc);
}

/**
 * `bastion unprotect`: restores the config saved by `protect`, byte for byte, and removes the
 * backup. When the file was edited since (other settings changed), restoring would lose those
 * edits, so the servers are unwrapped in place instead and the backup is kept.
 *
 * @example
 * await unprotectCommand({ file: "/home/ada/.cursor/mcp.json" });
 */
export async function unprotectCommand(options: { file: string }): Promise<ProtectResult> {
  const backup = backupPathOf(options.file);
  let saved: Buffer;
  try {
    saved = await readFile(backup);
  } catch {
    return failure(`bastion unprotect: no backup at ${backup}; nothing to restore`);
  }
  const config = await readConfigFile(options.file);
  if (config.error) return failure(`bastion unprotect: ${config.error}`);
  const current = await readFile(options.file, "utf8");
  const wrapped = config.servers
    .filter((s) => s.command && isWrapped({ command: s.command, args: s.args ?? [] }))
    .map((s) => s.name);
  let unchangedOtherwise: boolean;
  try {
    unchangedOtherwise =
      withoutWrapping(current, config.format) === withoutWrapping(saved.toString("utf8"), config.format);
  } catch {
    unchangedOtherwise = false;
  }
  if (unchangedOtherwise) {
    await replaceFile(options.file, saved);
    await unlink(backup);
    return { stdout: `Restored ${options.file} from ${backup}.\n`, exitCode: 0, changed: wrapped };
  }
  const result = rewriteServers(current, config.format, (launch) => unwrapLaunch(launch));
  if (result.changed.length) await replaceFile(options.file, result.text);
  return {
    stdout: `${options.file} changed since it was protected, so it was not overwritten with the backup. Unwrapped ${result.changed.length} server(s) in place${result.changed.length ? `: ${result.changed.join(", ")}` : ""}. The backup is kept at ${backup}.\n`,
    exitCode: 0,
    changed: result.changed,
  };
}
