import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import { buildSarif, type SarifFinding, type SarifLevel, type SarifLog, type SarifRule } from "../sarif.js";
import type { ClientReport, FindingSeverity, ScanReport, ServerReport, Verdict } from "./model.js";

const LEVEL: Record<Verdict, SarifLevel> = { block: "error", warn: "warning", allow: "note" };
const SECURITY_SEVERITY: Record<FindingSeverity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
};

interface Located {
  finding: SarifFinding;
  severity: FindingSeverity;
  line: number;
  fingerprint: string;
}

/** Collects rules and located findings, then hands them to the shared SARIF builder. */
class ScanSarif {
  private readonly rules = new Map<string, SarifRule & { severity: FindingSeverity }>();
  readonly located: Located[] = [];

  add(input: {
    ruleId: string;
    description: string;
    level: SarifLevel;
    severity: FindingSeverity;
    message: string;
    client: ClientReport;
    server?: ServerReport;
    logical: string;
    properties: Record<string, unknown>;
  }): void {
    const rule = this.rules.get(input.ruleId);
    if (!rule)
      this.rules.set(input.ruleId, {
        id: input.ruleId,
        description: input.description,
        defaultLevel: input.level,
        severity: input.severity,
      });
    else if (SEVERITY_RANK[input.severity] > SEVERITY_RANK[rule.severity]) rule.severity = input.severity;
    this.located.push({
      finding: {
        ruleId: input.ruleId,
        level: input.level,
        message: input.message,
        artifact: pathToFileURL(input.client.file).href,
        logicalLocation: input.logical,
        properties: { client: input.client.client, ...input.properties },
      },
      severity: input.severity,
      line: input.server?.line ?? 1,
      fingerprint: createHash("sha256")
        .update(`${input.ruleId}\u0000${input.logical}`)
        .digest("hex")
        .slice(0, 32),
    });
  }

  /**
   * The log from the shared builder, plus what GitHub code scanning reads beyond it: the line of
   * the server's entry, a stable fingerprint per finding, and a security severity per rule.
   */
  log(): SarifLog {
    const rules = [...this.rules.values()];
    const log = buildSarif({
      toolName: "Bastion",
      informationUri: "https://www.npmjs.com/package/mcp-bastion",
      rules: rules.map(({ severity: _severity, ...rule }) => rule),
      findings: this.located.map((l) => l.finding),
    });
    const run = log.runs[0] as {
      tool: { driver: { rules: Record<string, unknown>[] } };
      results: Record<string, unknown>[];
    };
    run.tool.driver.rules.forEach((rule, i) => {
      rule.properties = {
        tags: ["security", "mcp"],
        "security-severity": SECURITY_SEVERITY[rules[i]?.severity ?? "medium"],
      };
    });
    run.results.forEach((result, i) => {
      const located = this.located[i] as Located;
      const [location] = result.locations as { physicalLocation: Record<string, unknown> }[];
      if (location) location.physicalLocation.region = { startLine: located.line };
      result.partialFingerprints = { "bastionFinding/v1": located.fingerprint };
    });
    (log.runs[0] as Record<string, unknown>).invocations = [{ executionSuccessful: true }];
    return log;
  }
}

const SEVERITY_RANK: Record<FindingSeverity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

function serverResults(builder: ScanSarif, client: ClientReport, server: ServerReport): void {
  const base = `${client.client}/${server.name}`;
  if (server.status === "failed") {
    builder.add({
      ruleId: "mcp/server-unreachable",
      description: "An MCP server could not be started or listed, so it was not vetted",
      level: "note",
      severity: "low",
      message: `MCP server "${server.name}" could not be vetted: ${server.error ?? "unknown error"}`,
      client,
      server,
      logical: base,
      properties: { server: server.name },
    });
    return;
  }
  for (const item of server.items) {
    if (item.verdict === "allow") continue;
    const logical = `${base}/${item.kind}/${item.name}`;
    const findings = item.findings.length
      ? item.findings
      : [
          {
            rule: "suspicious",
            severity: "medium" as const,
            path: "",
            evidence: "",
            explanation: "The detector's score marks this item as suspicious",
          },
        ];
    for (const f of findings) {
      builder.add({
        ruleId: `mcp/poisoning/${f.rule}`,
        description: f.explanation,
        level: LEVEL[item.verdict],
        severity: f.severity,
        message: `${item.verdict === "block" ? "Blocked" : "Suspicious"} ${item.kind} "${item.name}" of MCP server "${server.name}": ${f.explanation}${f.evidence ? ` Evidence: "${f.evidence}"` : ""}`,
        client,
        server,
        logical: `${logical}#${f.rule}${f.path}`,
        properties: {
          server: server.name,
          kind: item.kind,
          item: item.name,
          verdict: item.verdict,
          score: item.score,
          path: f.path,
          hash: item.hash,
        },
      });
    }
  }
  for (const pull of server.rugPulls.filter((p) => p.change === "changed")) {
    builder.add({
      ruleId: "mcp/rug-pull",
      description: "An MCP server changed a definition since the last scan",
      level: "warning",
      severity: "high",
      message: `${pull.kind} "${pull.name}" of MCP server "${server.name}" changed since the last scan:\n${pull.diff ?? ""}`,
      client,
      server,
      logical: `${base}/${pull.kind}/${pull.name}@${pull.currentHash ?? ""}`,
      properties: {
        server: server.name,
        kind: pull.kind,
        item: pull.name,
        previousHash: pull.previousHash,
        currentHash: pull.currentHash,
      },
    });
  }
  for (const s of server.shadowing) {
    builder.add({
      ruleId: `mcp/shadowing/${s.rule}`,
      description: "A tool refers to or imitates another server's tools",
      level: LEVEL[s.verdict],
      severity: s.severity,
      message: `Tool "${s.tool}" of MCP server "${server.name}" shadows ${s.otherTool ? `"${s.otherTool}" of ` : ""}server "${s.otherServer}": ${s.explanation}${s.evidence ? ` Evidence: "${s.evidence}"` : ""}`,
      client,
      server,
      logical: `${base}/tool/${s.tool}#shadowing/${s.otherServer}/${s.otherTool ?? ""}`,
      properties: { server: server.name, item: s.tool, otherServer: s.otherServer, otherTool: s.otherTool },
    });
  }
}

/**
 * The scan report as SARIF 2.1.0, so GitHub code scanning (and other SARIF viewers) show each
 * finding: one result per finding of every warned or blocked item, per rug pull, per shadowing
 * finding, per server that could not be vetted and per unreadable config, located at the
 * server's entry in its client config file.
 */
export function scanToSarif(report: ScanReport): SarifLog {
  const builder = new ScanSarif();
  for (const client of report.clients) {
    if (client.error) {
      builder.add({
        ruleId: "mcp/config-unreadable",
        description: "An MCP client config could not be read, so its servers were not vetted",
        level: "warning",
        severity: "medium",
        message: client.error,
        client,
        logical: client.client,
        properties: {},
      });
    }
    for (const server of client.servers) serverResults(builder, client, server);
  }
  return builder.log();
}
