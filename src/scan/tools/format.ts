import type { ItemResult, Severity } from "../../detect/poisoning/index.js";
import { buildSarif, type SarifLevel, type SarifLog } from "../sarif.js";

/** The JSON output of `bastion scan tools`: exactly these fields, one result per input tool. */
export interface ScanJson {
  results: Array<{
    name: string;
    verdict: ItemResult["verdict"];
    score: number;
    findings: Array<{ rule: string; severity: Severity; path: string; evidence: string }>;
  }>;
}

/** Results as the documented JSON shape. */
export function toJson(results: ItemResult[]): ScanJson {
  return {
    results: results.map((r) => ({
      name: r.name,
      verdict: r.verdict,
      score: r.score,
      findings: r.findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        path: f.path,
        evidence: f.evidence,
      })),
    })),
  };
}

const LEVEL: Record<Severity, SarifLevel> = {
  low: "note",
  medium: "warning",
  high: "error",
  critical: "error",
};

function pointerToDots(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join("/");
}

/** Results as a SARIF 2.1.0 log; each finding is one result located at the tool and JSON pointer. */
export function toSarif(results: ItemResult[], file: string): SarifLog {
  const descriptions = new Map<string, string>();
  const findings = results.flatMap((result) =>
    result.findings.map((finding) => {
      if (!descriptions.has(finding.rule)) descriptions.set(finding.rule, finding.explanation);
      const inner = pointerToDots(finding.path);
      return {
        ruleId: finding.rule,
        level: LEVEL[finding.severity],
        message: `${result.name}: ${finding.explanation} Evidence: ${finding.evidence}`,
        artifact: file,
        logicalLocation: `tools/${result.name}${inner ? `/${inner}` : ""}`,
        properties: {
          tool: result.name,
          verdict: result.verdict,
          score: result.score,
          severity: finding.severity,
          path: finding.path,
        },
      };
    }),
  );
  const rules = [...descriptions.entries()].map(([id, description]) => ({ id, description }));
  return buildSarif({ toolName: "bastion", rules, findings });
}

function clip(text: string, width: number): string {
  return text.length > width ? text.slice(0, width - 1) + "…" : text;
}

/** Results as an aligned table, followed by the findings of every tool that was not allowed. */
export function toTable(results: ItemResult[]): string {
  const rows = results.map((r, i) => [
    String(i + 1),
    r.name,
    r.verdict,
    r.score.toFixed(2),
    [...new Set(r.findings.map((f) => f.rule))].join(", ") || "-",
  ]);
  const header = ["#", "tool", "verdict", "score", "rules"];
  const widths = header.map((h, c) =>
    Math.min(48, Math.max(h.length, ...rows.map((row) => (row[c] ?? "").length))),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => clip(cell, c === cells.length - 1 ? 120 : (widths[c] ?? 0)).padEnd(widths[c] ?? 0))
      .join("  ")
      .trimEnd();
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  for (const result of results) {
    if (result.verdict === "allow") continue;
    out.push("", `${result.name} (${result.verdict}, score ${result.score.toFixed(2)})`);
    for (const f of result.findings)
      out.push(`  ${f.severity.padEnd(8)} ${f.rule} at ${f.path || "/"}: ${clip(f.evidence, 160)}`);
  }
  const count = (verdict: string): number => results.filter((r) => r.verdict === verdict).length;
  out.push(
    "",
    `${results.length} tools: ${count("allow")} allowed, ${count("warn")} warned, ${count("block")} blocked`,
  );
  return out.join("\n");
}
