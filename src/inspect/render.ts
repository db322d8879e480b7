import { styleFor, type Style } from "../scan/report/style.js";
import type { InspectFinding, InspectReport, Severity } from "./types.js";

function severityLabel(severity: Severity, s: Style): string {
  const text = severity.toUpperCase().padEnd(6);
  return severity === "high" ? s.red(s.bold(text)) : severity === "medium" ? s.yellow(text) : s.dim(text);
}

function location(f: InspectFinding): string {
  return f.file ? `${f.file}${f.line ? `:${f.line}` : ""}` : "(package)";
}

/**
 * The human report of `bastion inspect`: verdict first, then findings worst first with their
 * evidence as `file:line`, install scripts, every host and URL, and what was (not) checked.
 */
export function renderInspectText(
  report: InspectReport,
  options: { isTTY?: boolean; env?: Record<string, string | undefined> } = {},
): string {
  const s = styleFor(options.isTTY, options.env);
  const out: string[] = [];
  const title = report.name ? `${report.name}${report.version ? `@${report.version}` : ""}` : report.target;
  const risk =
    report.risk === "high"
      ? s.red(s.bold("HIGH"))
      : report.risk === "medium"
        ? s.yellow(s.bold("MEDIUM"))
        : s.green(s.bold("LOW"));
  out.push(`${s.bold(title)}  ${s.dim(report.target === title ? "" : report.target)}`.trimEnd());
  out.push(
    `Risk: ${risk}  ${s.dim(`(${report.findings.length} finding${report.findings.length === 1 ? "" : "s"}, ${report.stats.codeFiles} code file${report.stats.codeFiles === 1 ? "" : "s"} of ${report.stats.files})`)}`,
  );
  out.push("");
  if (report.findings.length === 0) out.push(s.green("  No findings."));
  for (const f of report.findings) {
    out.push(`  ${severityLabel(f.severity, s)} ${s.bold(f.rule.padEnd(22))} ${s.cyan(location(f))}`);
    out.push(`         ${f.explanation}`);
    out.push(`         ${s.dim(`> ${f.evidence}`)}`);
  }
  if (report.hosts.length) {
    out.push("");
    out.push(s.bold(`Hosts and URLs (${report.hosts.length} host${report.hosts.length === 1 ? "" : "s"})`));
    for (const host of report.hosts) {
      const urls = report.urls.filter((u) => u.host === host);
      const first = urls[0];
      out.push(
        `  ${host.padEnd(32)} ${s.dim(first ? `${first.file}:${first.line}` : "")}${urls.length > 1 ? s.dim(` (+${urls.length - 1})`) : ""}`,
      );
      for (const url of [...new Set(urls.map((u) => u.url))].slice(0, 5))
        if (url !== host) out.push(`      ${s.dim(url)}`);
    }
  }
  out.push("");
  const checked = report.dependencies.filter((d) => d.version).length;
  out.push(s.bold(`Dependencies (${report.dependencies.length})`));
  if (report.dependencies.length) {
    out.push(`  ${report.dependencies.map((d) => `${d.name}@${d.version ?? d.range}`).join(", ")}`);
  }
  out.push(
    report.advisoryNote
      ? `  ${s.yellow("Advisories not checked:")} ${report.advisoryNote}`
      : `  ${s.dim(`Advisories checked for ${checked} direct dependenc${checked === 1 ? "y" : "ies"}${report.dependencies.some((d) => d.versionSource === "lowest-allowed") ? " (lowest versions their ranges allow)" : ""} and what they pull in`)}`,
  );
  for (const note of report.notes) out.push(`  ${s.dim(`Note: ${note}`)}`);
  return `${out.join("\n")}\n`;
}
