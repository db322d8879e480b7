/**
 * The scan report: what `bastion scan --format json` prints, and what the terminal and SARIF
 * renderers read. docs/scan-json.md documents this shape; change both together.
 */
import type { RugPull } from "./pins.js";

export type Verdict = "allow" | "warn" | "block";
export type FindingSeverity = "low" | "medium" | "high" | "critical";

/** One reason an item (or a server) looks dangerous. */
export interface ReportFinding {
  rule: string;
  severity: FindingSeverity;
  /** JSON pointer into the item's definition ("" for the whole item). */
  path: string;
  evidence: string;
  explanation: string;
}

/** One tool, prompt, resource, resource template or the instructions, as judged. */
export interface ReportItem {
  kind: "tool" | "prompt" | "resource" | "resourceTemplate" | "instructions";
  name: string;
  verdict: Verdict;
  /** 0 (nothing suspicious) to 1 (certainly poisoned). */
  score: number;
  /** SHA-256 of the item's canonical definition. */
  hash: string;
  findings: ReportFinding[];
}

/** A tool of this server that imitates or redirects a tool of another server. */
export interface ShadowingFinding {
  /** The tool of this server that does the shadowing. */
  tool: string;
  /** The other server involved, and its tool when one is named. */
  otherServer: string;
  otherTool?: string;
  rule: string;
  severity: FindingSeverity;
  verdict: Verdict;
  evidence: string;
  explanation: string;
}

/** One server of one client config. */
export interface ServerReport {
  name: string;
  transport: "stdio" | "http" | "sse";
  command?: string;
  args?: string[];
  url?: string;
  /** Names of the environment variables the config sets (values are never reported). */
  envKeys?: string[];
  /** Names of the headers the config sets (values are never reported). */
  headerKeys?: string[];
  project?: string;
  disabled?: boolean;
  /** 1-based line of the server's entry in the client config file, when known. */
  line?: number;
  status: "ok" | "failed";
  /** Worst verdict over items, rug pulls and shadowing; null when the server could not be listed. */
  verdict: Verdict | null;
  /** Why the server could not be listed (status `failed`). */
  error?: string;
  /** The last lines the server printed to stderr before failing. */
  stderr?: string;
  serverInfo?: { name: string; version: string };
  capabilities?: string[];
  durationMs: number;
  items: ReportItem[];
  rugPulls: RugPull[];
  shadowing: ShadowingFinding[];
  /** Lists that failed, malformed definitions and similar remarks. */
  notes: string[];
}

/** One config file of one client. */
export interface ClientReport {
  client: string;
  clientName: string;
  scope: "user" | "project";
  file: string;
  /** Why the file could not be read or parsed. */
  error?: string;
  warnings: string[];
  servers: ServerReport[];
}

/** The whole scan. */
export interface ScanReport {
  /** Version of this shape; bumped on incompatible changes. */
  version: 1;
  generatedAt: string;
  summary: {
    clients: number;
    servers: number;
    failed: number;
    items: number;
    verdicts: Record<Verdict, number>;
    rugPulls: number;
    shadowing: number;
  };
  clients: ClientReport[];
  /** Problems of the scan itself (for example an unreadable pins file). */
  notes: string[];
}

const VERDICT_RANK: Record<Verdict, number> = { allow: 0, warn: 1, block: 2 };

/** The worse of two verdicts. */
export function worse(a: Verdict, b: Verdict): Verdict {
  return VERDICT_RANK[a] >= VERDICT_RANK[b] ? a : b;
}

/** Orders servers and clients worst first: block, warn, failed, allow. */
export function serverRank(server: Pick<ServerReport, "status" | "verdict">): number {
  if (server.status === "failed") return 2;
  return server.verdict === "block" ? 4 : server.verdict === "warn" ? 3 : 1;
}

export function clientRank(client: ClientReport): number {
  return Math.max(client.error ? 2 : 0, ...client.servers.map(serverRank));
}

export function verdictRank(verdict: Verdict): number {
  return VERDICT_RANK[verdict];
}
