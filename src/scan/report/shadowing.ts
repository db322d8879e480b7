import { detectShadowing, type Severity } from "../../detect/poisoning/index.js";
import type { ShadowingFinding, Verdict } from "./model.js";

/** One listed server as the shadowing check needs it. */
export interface ListedServer {
  /** The launch key the scan uses for this server. */
  key: string;
  name: string;
  /** What runs, without environment or headers: the same program cannot shadow itself. */
  identity: string;
  tools: Record<string, unknown>[];
}

const VERDICT: Record<Severity, Verdict> = { critical: "block", high: "block", medium: "warn", low: "warn" };

/**
 * Runs the detector's cross-server shadowing check and returns its findings per launch key.
 * Launches of the same program (one server configured in several clients, or with different
 * environments) are checked as one server, so identical tool lists are not taken for imitation.
 */
export function crossServerShadowing(servers: readonly ListedServer[]): Map<string, ShadowingFinding[]> {
  const groups = new Map<string, { label: string; keys: string[]; tools: Record<string, unknown>[] }>();
  const labels = new Set<string>();
  for (const server of servers) {
    const group = groups.get(server.identity);
    if (group) {
      group.keys.push(server.key);
      continue;
    }
    let label = server.name;
    for (let n = 2; labels.has(label); n++) label = `${server.name} (${n})`;
    labels.add(label);
    groups.set(server.identity, { label, keys: [server.key], tools: server.tools });
  }
  const byLabel = new Map([...groups.values()].map((g) => [g.label, g]));
  const out = new Map<string, ShadowingFinding[]>();
  for (const finding of detectShadowing(
    [...groups.values()].map((g) => ({ server: g.label, tools: g.tools })),
  )) {
    const group = byLabel.get(finding.server);
    if (!group) continue;
    const entry: ShadowingFinding = {
      tool: finding.tool,
      otherServer: finding.otherServer,
      ...(finding.otherTool ? { otherTool: finding.otherTool } : {}),
      rule: finding.rule,
      severity: finding.severity,
      verdict: VERDICT[finding.severity],
      evidence: finding.evidence,
      explanation: finding.explanation,
    };
    for (const key of group.keys) out.set(key, [...(out.get(key) ?? []), entry]);
  }
  return out;
}
