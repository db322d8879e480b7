import type { ClientReport, ReportItem, ScanReport, ServerReport, Verdict } from "./model.js";
import type { Style } from "./style.js";

/** How the terminal report is drawn. */
export interface TerminalOptions {
  style: Style;
  /** The home directory, shown as `~` in paths. */
  home?: string;
  /** Wall-clock time of the scan, shown in the header. */
  durationMs?: number;
  /** Show allowed items one by one instead of as a count. */
  verbose?: boolean;
}

const MARK: Record<Verdict | "failed", string> = { block: "✖", warn: "▲", allow: "✓", failed: "●" };

function tilde(path: string, home: string | undefined): string {
  return home && path.startsWith(home) ? `~${path.slice(home.length)}` : path;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function paint(verdict: Verdict | "failed", text: string, s: Style): string {
  if (verdict === "block") return s.red(s.bold(text));
  if (verdict === "warn") return s.yellow(s.bold(text));
  if (verdict === "failed") return s.magenta(text);
  return s.green(text);
}

function launchOf(server: ServerReport, home: string | undefined): string {
  if (server.transport !== "stdio") return `${server.transport} ${server.url ?? ""}`;
  const words = [server.command ?? "", ...(server.args ?? [])].map((w) => tilde(w, home));
  const line = words.map((w) => (/\s/.test(w) ? JSON.stringify(w) : w)).join(" ");
  return line.length > 90 ? `${line.slice(0, 89)}…` : line;
}

function describeServer(server: ServerReport): string {
  const parts: string[] = [];
  if (server.serverInfo) parts.push(`${server.serverInfo.name} ${server.serverInfo.version}`);
  const count = (kind: ReportItem["kind"], word: string) => {
    const n = server.items.filter((i) => i.kind === kind).length;
    if (n) parts.push(plural(n, word));
  };
  count("tool", "tool");
  count("prompt", "prompt");
  count("resource", "resource");
  count("resourceTemplate", "template");
  if (server.items.some((i) => i.kind === "instructions")) parts.push("instructions");
  return parts.join(" · ");
}

function renderItem(item: ReportItem, s: Style, out: string[]): void {
  out.push(
    `      ${paint(item.verdict, MARK[item.verdict], s)} ${s.bold(`${item.kind} ${item.name}`)}  ${paint(item.verdict, item.verdict, s)} ${s.dim(`score ${item.score.toFixed(2)}`)}`,
  );
  for (const f of item.findings) {
    const severity =
      f.severity === "critical" || f.severity === "high"
        ? s.red(f.severity)
        : f.severity === "medium"
          ? s.yellow(f.severity)
          : s.dim(f.severity);
    out.push(`          ${severity} ${s.bold(f.rule)}${f.path ? s.dim(` at ${f.path}`) : ""}`);
    out.push(`            ${s.cyan(`“${f.evidence}”`)}`);
    out.push(`            ${f.explanation}`);
  }
}

function renderServer(server: ServerReport, options: TerminalOptions, out: string[]): void {
  const s = options.style;
  const state = server.status === "failed" ? "failed" : (server.verdict ?? "allow");
  const label = server.status === "failed" ? "FAILED" : (server.verdict ?? "allow").toUpperCase();
  const flags = [
    server.project ? `project ${tilde(server.project, options.home)}` : "",
    server.disabled ? "disabled" : "",
  ].filter(Boolean);
  out.push(
    `  ${paint(state, MARK[state], s)} ${s.bold(server.name)}  ${paint(state, label, s)}  ${s.dim(launchOf(server, options.home))}${flags.length ? s.dim(` (${flags.join(", ")})`) : ""}`,
  );
  if (server.status === "failed") {
    out.push(`      ${server.error ?? "unknown error"}`);
    const stderr = server.stderr?.trim().split("\n").slice(-3) ?? [];
    for (const line of stderr) out.push(`      ${s.dim(`│ ${line}`)}`);
    return;
  }
  const summary = describeServer(server);
  if (summary) out.push(`      ${s.dim(summary)}`);
  const flagged = server.items.filter((i) => i.verdict !== "allow" || options.verbose);
  for (const item of flagged) renderItem(item, s, out);
  const allowed = server.items.length - flagged.length;
  if (allowed && flagged.length)
    out.push(`      ${s.green(MARK.allow)} ${s.dim(`${plural(allowed, "more item")} allowed`)}`);
  for (const pull of server.rugPulls) {
    const what = `${pull.kind} ${pull.name}`;
    if (pull.change !== "changed") {
      out.push(
        `      ${s.dim(`${pull.change === "added" ? "+" : "-"} ${what} ${pull.change} since the last scan`)}`,
      );
      continue;
    }
    out.push(`      ${s.yellow(s.bold("↯ rug pull:"))} ${what} changed since the last scan`);
    for (const line of (pull.diff ?? "").split("\n")) {
      out.push(
        `          ${line.startsWith("+") ? s.green(line) : line.startsWith("-") ? s.red(line) : s.dim(line)}`,
      );
    }
  }
  for (const sh of server.shadowing) {
    out.push(
      `      ${paint(sh.verdict, MARK[sh.verdict], s)} ${s.bold("shadowing")} tool ${sh.tool} → ${sh.otherServer}${sh.otherTool ? `/${sh.otherTool}` : ""}  ${s.dim(sh.rule)}`,
    );
    out.push(`            ${s.cyan(`“${sh.evidence}”`)}`);
    out.push(`            ${sh.explanation}`);
  }
  for (const note of server.notes) out.push(`      ${s.dim(`note: ${note}`)}`);
}

function renderClient(client: ClientReport, options: TerminalOptions, out: string[]): void {
  const s = options.style;
  out.push(
    `${s.bold(client.clientName)}${client.scope === "project" ? s.dim(" (project)") : ""}  ${s.dim(tilde(client.file, options.home))}`,
  );
  if (client.error) out.push(`  ${paint("failed", MARK.failed, s)} ${client.error}`);
  for (const warning of client.warnings) out.push(`  ${s.yellow("▲")} ${warning}`);
  if (!client.error && client.servers.length === 0) out.push(`  ${s.dim("no servers")}`);
  for (const server of client.servers) renderServer(server, options, out);
  out.push("");
}

/**
 * The report for people: a one-line verdict, then each client config with its servers worst
 * first, the findings of every flagged item with their evidence, rug-pull diffs and shadowing.
 */
export function renderTerminal(report: ScanReport, options: TerminalOptions): string {
  const s = options.style;
  const { summary } = report;
  const servers = report.clients.flatMap((c) => c.servers);
  const blocked = servers.filter((x) => x.verdict === "block").length;
  const warned = servers.filter((x) => x.verdict === "warn").length;
  const out: string[] = [];
  if (summary.clients === 0) {
    return "No MCP client configs found. Bastion looks where Claude Desktop, Claude Code, Cursor, VS Code, Windsurf, Gemini CLI, Codex, Zed, Continue and others keep theirs (docs/scan-paths.md); use --config-file PATH for another file.\n";
  }
  const counts = [
    blocked ? s.red(s.bold(`${blocked} blocked`)) : "",
    warned ? s.yellow(s.bold(`${warned} with warnings`)) : "",
    summary.failed ? s.magenta(`${summary.failed} failed`) : "",
    summary.rugPulls ? s.yellow(`${plural(summary.rugPulls, "rug pull")}`) : "",
  ].filter(Boolean);
  const took =
    options.durationMs !== undefined ? s.dim(` in ${(options.durationMs / 1000).toFixed(1)} s`) : "";
  out.push(
    `${s.bold("Bastion scan")}  ${plural(summary.clients, "config")}, ${plural(summary.servers, "server")}, ${plural(summary.items, "item")}${counts.length ? ` — ${counts.join(", ")}` : ` — ${s.green("nothing suspicious")}`}${took}`,
  );
  out.push("");
  for (const client of report.clients) renderClient(client, options, out);
  for (const note of report.notes) out.push(s.yellow(`▲ ${note}`));
  return `${out.join("\n").trimEnd()}\n`;
}
