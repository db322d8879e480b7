import { availableParallelism, homedir } from "node:os";
import { join } from "node:path";
import type { ScanProgress } from "../clients/scan-servers.js";
import type { Platform } from "../clients/types.js";
import type { ScanReport } from "./model.js";
import { runScan } from "./scan.js";
import { scanToSarif } from "./sarif.js";
import { styleFor } from "./style.js";
import { renderTerminal } from "./terminal.js";

export type ScanFormat = "text" | "json" | "sarif";

/** Options of `bastion scan`; every machine-specific input can be overridden for tests. */
export interface ScanCommandOptions {
  home?: string;
  cwd?: string;
  platform?: Platform;
  /** Scan this file instead of discovering client configs. */
  configFile?: string;
  format?: ScanFormat;
  /** Exit non-zero when a server reaches this verdict (default `block`). */
  failOn?: "warn" | "block";
  /** Where pins from the last scan are kept (default `~/.bastion`); `false` disables pinning. */
  stateDir?: string | false;
  /** Budget per server (default 15 s). */
  timeoutMs?: number;
  /** Servers contacted at once (default twice the CPU cores, from 2 to 8). */
  concurrency?: number;
  /** Whether stdout is a terminal (colour); colour is also off when `NO_COLOR` is set. */
  isTTY?: boolean;
  /** Environment for `APPDATA`/`XDG_CONFIG_HOME`, `${VAR}` references and `PATH`; defaults to the process's. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where progress goes while servers are contacted (stderr in the CLI). */
  progress?: { write(text: string): void; isTTY?: boolean };
  /** Show allowed items in the text report too. */
  verbose?: boolean;
}

const DEFAULT_TIMEOUT_MS = 15_000;
/** Starting a server is CPU-bound (Node or Python loading its modules): twice the cores, at most 8. */
const DEFAULT_CONCURRENCY = Math.min(8, Math.max(2, 2 * availableParallelism()));

function supportedPlatform(platform: string): Platform {
  return platform === "darwin" || platform === "win32" ? platform : "linux";
}

/** Turns progress events into lines: one updating line on a terminal, one line per server otherwise. */
function progressPrinter(sink: NonNullable<ScanCommandOptions["progress"]>): (event: ScanProgress) => void {
  return (event) => {
    if (event.type === "start") {
      if (event.total) sink.write(`Contacting ${event.total} server${event.total === 1 ? "" : "s"}…\n`);
      return;
    }
    const line = `[${event.completed}/${event.total}] ${event.ok ? "ok    " : "failed"} ${event.label} (${event.durationMs} ms)${event.error ? `: ${event.error}` : ""}`;
    if (sink.isTTY)
      sink.write(`\r\u001b[2K${line.slice(0, 160)}${event.completed === event.total ? "\n" : ""}`);
    else sink.write(`${line}\n`);
  };
}

/**
 * The exit code for `--fail-on`: 1 when any server's verdict reaches the threshold; with `warn`,
 * servers that could not be listed and unreadable configs count too (what cannot be vetted is
 * not known to be safe).
 */
export function exitCodeFor(report: ScanReport, failOn: "warn" | "block"): number {
  const servers = report.clients.flatMap((c) => c.servers);
  if (servers.some((s) => s.verdict === "block")) return 1;
  if (failOn === "block") return 0;
  const unvetted = servers.some((s) => s.status === "failed") || report.clients.some((c) => c.error);
  return servers.some((s) => s.verdict === "warn") || unvetted ? 1 : 0;
}

/** Renders a finished report in one of the output formats. */
export function renderScan(
  report: ScanReport,
  format: ScanFormat,
  options: {
    isTTY?: boolean;
    env?: Readonly<Record<string, string | undefined>>;
    home?: string;
    durationMs?: number;
    verbose?: boolean;
  } = {},
): string {
  if (format === "json") return `${JSON.stringify(report, null, 2)}\n`;
  if (format === "sarif") return `${JSON.stringify(scanToSarif(report), null, 2)}\n`;
  return renderTerminal(report, {
    style: styleFor(options.isTTY, options.env ?? {}),
    ...(options.home ? { home: options.home } : {}),
    ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}),
    ...(options.verbose ? { verbose: true } : {}),
  });
}

/**
 * `bastion scan`: finds every MCP client config on this machine (or reads `configFile`),
 * contacts each server, and reports what they expose and which are dangerous.
 *
 * @example
 * const { stdout, exitCode } = await scanCommand({ format: "json", failOn: "warn" });
 */
export async function scanCommand(
  options: ScanCommandOptions = {},
): Promise<{ stdout: string; exitCode: number; report: ScanReport }> {
  const home = options.home ?? homedir();
  // A given home is a sandbox: only PATH leaks in from the real environment.
  const env = options.env ?? (options.home ? { PATH: process.env.PATH } : process.env);
  const started = performance.now();
  const stateDir = options.stateDir === false ? undefined : (options.stateDir ?? join(home, ".bastion"));
  const report = await runScan({
    home,
    cwd: options.cwd ?? process.cwd(),
    platform: options.platform ?? supportedPlatform(process.platform),
    env,
    ...(options.configFile ? { configFile: options.configFile } : {}),
    ...(stateDir ? { stateDir } : {}),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    ...(options.progress ? { onProgress: progressPrinter(options.progress) } : {}),
  });
  const stdout = renderScan(report, options.format ?? "text", {
    ...(options.isTTY !== undefined ? { isTTY: options.isTTY } : {}),
    env,
    home,
    durationMs: Math.round(performance.now() - started),
    ...(options.verbose ? { verbose: true } : {}),
  });
  return { stdout, exitCode: exitCodeFor(report, options.failOn ?? "block"), report };
}
