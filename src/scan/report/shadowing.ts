import { detectShadowing } from "../../detect/poisoning/index.js";
import type { FindingSeverity, ShadowingFinding, Verdict } from "./model.js";

/** One listed server as the shadowing check needs it. */
export interface ListedServer {
  /** The launch key the scan uses for this server. */
  key: string;
  name: string;
  tools: Record<string, unknown>[];
}

const SEVERITIES = new Set<FindingSeverity>(["low", "medium", "high", "critical"]);
const VERDICTS = new Set<Verdict>(["allow", "warn", "block"]);

function text(record: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

/**
 * Runs the detector's cross-server shadowing check over every listed server and returns its
 * findings per launch key, in the scan report's shape. Servers are named by their config names;
 * when two launches share a name the first is meant (names are what users see).
 */
export function crossServerShadowing(servers: readonly ListedServer[]): Map<string, ShadowingFinding[]> {
  const keyOfName = new Map<string, string>();
  for (const s of servers) if (!keyOfName.has(s.name)) keyOfName.set(s.name, s.key);
  const out = new Map<string, ShadowingFinding[]>();
  const raw: unknown[] = detectShadowing(servers.map((s) => ({ server: s.name, tools: s.tools })));
  for (const entry of raw) {
    const record = entry as Record<string, unknown>;
    const server = text(record, "server");
    const key = server ? keyOfName.get(server) : undefined;
    if (!key) continue;
    const severity = text(record, "severity") as FindingSeverity | undefined;
    const verdict = text(record, "verdict") as Verdict | undefined;
    const finding: ShadowingFinding = {
      tool: text(record, "tool", "name") ?? "",
      otherServer: text(record, "otherServer", "targetServer", "shadowedServer") ?? "",
      rule: text(record, "rule") ?? "cross-server-shadowing",
      severity: severity && SEVERITIES.has(severity) ? severity : "high",
      verdict: verdict && VERDICTS.has(verdict) ? verdict : "warn",
      evidence: text(record, "evidence") ?? "",
      explanation: text(record, "explanation") ?? "A tool refers to or imitates another server's tools",
    };
    const otherTool = text(record, "otherTool", "targetTool", "shadowedTool");
    if (otherTool) finding.otherTool = otherTool;
    out.set(key, [...(out.get(key) ?? []), finding]);
  }
  return out;
}
