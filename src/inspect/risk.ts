import { clip } from "./analyze/patterns.js";
import type { FileAnalysis, InspectFinding, RiskLevel, Severity } from "./types.js";

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2 };

/** Orders findings worst first, then by file and line. */
export function sortFindings(findings: InspectFinding[]): InspectFinding[] {
  return [...findings].sort(
    (a, b) =>
      RANK[b.severity] - RANK[a.severity] ||
      (a.file ?? "").localeCompare(b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.rule.localeCompare(b.rule),
  );
}

/** The package's risk: the severity of its worst finding (`low` when there is none). */
export function riskOf(findings: readonly InspectFinding[]): RiskLevel {
  let worst: RiskLevel = "low";
  for (const f of findings) if (RANK[f.severity] > RANK[worst]) worst = f.severity;
  return worst;
}

function where(f: InspectFinding | undefined): string {
  return f?.file ? `${f.file}${f.line ? `:${f.line}` : ""}` : "?";
}

/**
 * Findings that only mean something together: a credential read and a network call in one file
 * is exfiltration, and so is serialising the environment where the network is used; obfuscated code that executes or connects hides its
 * purpose; an install script that runs a flagged file does it on `npm install`. Pure.
 */
export function combinedFindings(
  analyses: ReadonlyMap<string, FileAnalysis>,
  installScripts: readonly { hook: string; command: string; line: number; runsFile?: string }[],
): InspectFinding[] {
  const out: InspectFinding[] = [];
  for (const [file, analysis] of analyses) {
    // Both halves in one file: stealers are small, while large bundles legitimately do both apart.
    const credentialRead = analysis.findings.find((f) => f.rule === "credential-read");
    if (credentialRead && analysis.facts.network) {
      out.push({
        rule: "exfiltration",
        severity: "high",
        file,
        ...(credentialRead.line ? { line: credentialRead.line } : {}),
        evidence: `${credentialRead.evidence}, in a file that also uses the network`,
        explanation:
          "The code reads credentials and talks to the network: the pattern of a credential stealer",
      });
    }
    const envRead = analysis.findings.find((f) => f.rule === "env-bulk-read");
    if (envRead && analysis.facts.envSerialized && analysis.facts.network) {
      out.push({
        rule: "exfiltration",
        severity: "high",
        file,
        ...(envRead.line ? { line: envRead.line } : {}),
        evidence: envRead.evidence,
        explanation:
          "The file reads the whole environment and talks to the network: the pattern of a token stealer",
      });
    }
    if (
      analysis.facts.obfuscated &&
      (analysis.facts.dynamicCode || analysis.facts.childProcess || analysis.facts.network)
    ) {
      const signal = analysis.findings.find((f) => f.rule === "obfuscation");
      const does = [
        analysis.facts.dynamicCode && "runs dynamic code",
        analysis.facts.childProcess && "starts processes",
        analysis.facts.network && "uses the network",
      ].filter(Boolean);
      out.push({
        rule: "obfuscated-execution",
        severity: "high",
        file,
        ...(signal?.line ? { line: signal.line } : {}),
        evidence: signal?.evidence ?? file,
        explanation: `Obfuscated code that ${does.join(" and ")}: its purpose is hidden from review`,
      });
    }
  }
  for (const script of installScripts) {
    if (!script.runsFile) continue;
    const analysis = analyses.get(script.runsFile) ?? analyses.get(`${script.runsFile}.js`);
    const worst =
      analysis?.findings.find((f) => f.severity === "high") ??
      analysis?.findings.find((f) => f.severity === "medium");
    if (!worst) continue;
    out.push({
      rule: "install-script",
      severity: worst.severity === "high" ? "high" : "medium",
      file: "package.json",
      line: script.line,
      evidence: `"${script.hook}": ${clip(JSON.stringify(script.command), 100)} → ${where(worst)}`,
      explanation: `The ${script.hook} script runs ${script.runsFile} automatically on install, and that file ${worst.explanation.charAt(0).toLowerCase()}${worst.explanation.slice(1)}`,
    });
  }
  return out;
}
