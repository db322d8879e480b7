/**
 * A small SARIF 2.1.0 builder shared by Bastion's scanners: rules and results in, a log object
 * that code-scanning tools accept out.
 */

/** SARIF result levels. */
export type SarifLevel = "none" | "note" | "warning" | "error";

/** A rule a scanner can report. */
export interface SarifRule {
  id: string;
  /** One-line description shown next to results of this rule. */
  description: string;
  defaultLevel?: SarifLevel;
  helpUri?: string;
}

/** One thing a scanner found. */
export interface SarifFinding {
  ruleId: string;
  level: SarifLevel;
  message: string;
  /** The scanned file, as a path or URI. */
  artifact: string;
  /** Where inside the artifact, for example `tools/read_file/inputSchema/properties/path`. */
  logicalLocation?: string;
  properties?: Record<string, unknown>;
}

/** What a scanner ran as, and what it found. */
export interface SarifRunInput {
  toolName: string;
  toolVersion?: string;
  informationUri?: string;
  rules: SarifRule[];
  findings: SarifFinding[];
}

/** The SARIF log, ready for JSON.stringify. */
export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: Array<Record<string, unknown>>;
}

const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

function artifactUri(artifact: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(artifact)) return artifact;
  return artifact.split(/[\\/]/).map(encodeURIComponent).join("/");
}

/**
 * Builds a one-run SARIF 2.1.0 log. Rules referenced by findings but not listed are added with
 * their id as description, so every result's `ruleIndex` is valid.
 *
 * @example
 * JSON.stringify(buildSarif({ toolName: "bastion", rules: [], findings: [] })).includes('"2.1.0"') // true
 */
export function buildSarif(input: SarifRunInput): SarifLog {
  const rules = [...input.rules];
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  for (const finding of input.findings) {
    if (!index.has(finding.ruleId)) {
      index.set(finding.ruleId, rules.length);
      rules.push({ id: finding.ruleId, description: finding.ruleId });
    }
  }
  const driver: Record<string, unknown> = {
    name: input.toolName,
    rules: rules.map((rule) => ({
      id: rule.id,
      shortDescription: { text: rule.description },
      ...(rule.defaultLevel ? { defaultConfiguration: { level: rule.defaultLevel } } : {}),
      ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    })),
  };
  if (input.toolVersion) driver.version = input.toolVersion;
  if (input.informationUri) driver.informationUri = input.informationUri;
  const results = input.findings.map((finding) => {
    const location: Record<string, unknown> = {
      physicalLocation: { artifactLocation: { uri: artifactUri(finding.artifact) } },
    };
    if (finding.logicalLocation) {
      location.logicalLocations = [{ fullyQualifiedName: finding.logicalLocation, kind: "member" }];
    }
    return {
      ruleId: finding.ruleId,
      ruleIndex: index.get(finding.ruleId) ?? 0,
      level: finding.level,
      message: { text: finding.message },
      locations: [location],
      ...(finding.properties ? { properties: finding.properties } : {}),
    };
  });
  return { $schema: SCHEMA, version: "2.1.0", runs: [{ tool: { driver }, results }] };
}
