import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import type { ClientReport, FindingSeverity, ScanReport, ServerReport, Verdict } from "./model.js";

/** The parts of SARIF 2.1.0 this report uses (https://docs.oasis-open.org/sarif/sarif/v2.1.0/). */
export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: SarifRun[];
}

interface SarifRun {
  tool: { driver: { name: string; informationUri?: string; rules: SarifRule[] } };
  invocations: { executionSuccessful: boolean }[];
  results: SarifResult[];
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; "security-severity": string };
}

type SarifLevel = "error" | "warning" | "note";

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
    logicalLocations: { fullyQualifiedName: string; kind: string }[];
  }[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
}

const LEVEL: Record<Verdict, SarifLevel> = { block: "error", warn: "warning", allow: "note" };
const SECURITY_SEVERITY: Record<FindingSeverity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
};

class SarifBuilder {
  private readonly rules: SarifRule[] = [];
  private readonly ruleIndex = new Map<string, number>();
  readonly results: SarifResult[] = [];

  rule(id: string, description: string, level: SarifLevel, severity: FindingSeverity): number {
    const existing = this.ruleIndex.get(id);
    if (existing !== undefined) return existing;
    const index = this.rules.length;
    const name = id
      .split(/[/-]/)
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join("");
    this.rules.push({
      id,
      name,
      shortDescription: { text: description },
      defaultConfiguration: { level },
      properties: { tags: ["security", "mcp"], "security-severity": SECURITY_SEVERITY[severity] },
    });
    this.ruleIndex.set(id, index);
    return index;
  }

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
    const ruleIndex = this.rule(input.ruleId, input.description, input.level, input.severity);
    const fingerprint = createHash("sha256")
      .update(`${input.ruleId}\u0000${input.logical}`)
      .digest("hex")
      .slice(0, 32);
    this.results.push({
      ruleId: input.ruleId,
      ruleIndex,
      level: input.level,
      message: { text: input.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: pathToFileURL(input.client.file).href },
            region: { startLine: input.server?.line ?? 1 },
          },
          logicalLocations: [{ fullyQualifiedName: input.logical, kind: "member" }],
        },
      ],
      partialFingerprints: { "bastionFinding/v1": fingerprint },
      properties: { client: input.client.client, ...input.properties },
    });
  }

  log(): SarifLog {
    return {
      $schema: "https://json.schemastore.org/sarif-2.1.0.json",
      version: "2.1.0",
      runs: [
        {
          tool: {
            driver: {
              name: "Bastion",
              informationUri: "https://www.npmjs.com/package/mcp-bastion",
              rules: this.rules,
            },
          },
          invocations: [{ executionSuccessful: true }],
          results: this.results,
        },
      ],
    };
  }
}

function serverResults(builder: SarifBuilder, client: ClientReport, server: ServerReport): void {
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
  const builder = new SarifBuilder();
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
