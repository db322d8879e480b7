import type { ServerScanResult } from "../clients/scan-servers.js";
import type { ClientConfig, ServerConfig } from "../clients/types.js";
import {
  clientRank,
  serverRank,
  verdictRank,
  worse,
  type ClientReport,
  type ReportItem,
  type ScanReport,
  type ServerReport,
  type ShadowingFinding,
  type Verdict,
} from "./model.js";
import type { RugPull } from "./pins.js";

/** Everything learned about one distinct server launch. */
export interface ServerOutcome {
  result: ServerScanResult;
  items: ReportItem[];
  rugPulls: RugPull[];
  shadowing: ShadowingFinding[];
  notes: string[];
  /** Set when the definitions could not be analysed; the server is then blocked (fail closed). */
  analysisError?: string;
}

function serverReport(server: ServerConfig, outcome: ServerOutcome | undefined): ServerReport {
  const base: ServerReport = {
    name: server.name,
    transport: server.transport,
    ...(server.command !== undefined ? { command: server.command } : {}),
    ...(server.args ? { args: server.args } : {}),
    ...(server.url ? { url: server.url } : {}),
    ...(server.env && Object.keys(server.env).length ? { envKeys: Object.keys(server.env).sort() } : {}),
    ...(server.headers && Object.keys(server.headers).length
      ? { headerKeys: Object.keys(server.headers).sort() }
      : {}),
    ...(server.project ? { project: server.project } : {}),
    ...(server.disabled ? { disabled: true } : {}),
    ...(server.line ? { line: server.line } : {}),
    status: "failed",
    verdict: null,
    durationMs: outcome?.result.durationMs ?? 0,
    items: [],
    rugPulls: [],
    shadowing: [],
    notes: [],
  };
  if (!outcome || !outcome.result.snapshot) {
    return {
      ...base,
      error: outcome?.result.error ?? "The server was not contacted",
      ...(outcome?.result.stderr ? { stderr: outcome.result.stderr } : {}),
    };
  }
  const snapshot = outcome.result.snapshot;
  let verdict: Verdict = outcome.analysisError ? "block" : "allow";
  for (const item of outcome.items) verdict = worse(verdict, item.verdict);
  for (const s of outcome.shadowing) verdict = worse(verdict, s.verdict);
  const items = [...outcome.items].sort(
    (a, b) => verdictRank(b.verdict) - verdictRank(a.verdict) || b.score - a.score,
  );
  return {
    ...base,
    status: "ok",
    verdict,
    ...(snapshot.serverInfo ? { serverInfo: snapshot.serverInfo } : {}),
    capabilities: snapshot.capabilities,
    items,
    rugPulls: outcome.rugPulls,
    shadowing: outcome.shadowing,
    notes: [...snapshot.notes, ...outcome.notes, ...(outcome.analysisError ? [outcome.analysisError] : [])],
  };
}

/**
 * Builds the report from the configs and what each distinct launch yielded, worst first:
 * clients by their worst server, servers by verdict (block, warn, failed, allow). Pure.
 */
export function assembleReport(input: {
  configs: readonly ClientConfig[];
  outcomes: ReadonlyMap<string, ServerOutcome>;
  launchKeyOf: (server: ServerConfig) => string;
  generatedAt: string;
  notes?: string[];
}): ScanReport {
  const clients: ClientReport[] = input.configs.map((config) => ({
    client: config.client,
    clientName: config.clientName,
    scope: config.scope,
    file: config.file,
    ...(config.error ? { error: config.error } : {}),
    warnings: config.warnings,
    servers: config.servers
      .map((server) => serverReport(server, input.outcomes.get(input.launchKeyOf(server))))
      .sort((a, b) => serverRank(b) - serverRank(a)),
  }));
  clients.sort((a, b) => clientRank(b) - clientRank(a));
  const servers = clients.flatMap((c) => c.servers);
  const items = servers.flatMap((s) => s.items);
  const verdicts: Record<Verdict, number> = { allow: 0, warn: 0, block: 0 };
  for (const item of items) verdicts[item.verdict]++;
  return {
    version: 1,
    generatedAt: input.generatedAt,
    summary: {
      clients: clients.length,
      servers: servers.length,
      failed: servers.filter((s) => s.status === "failed").length,
      items: items.length,
      verdicts,
      rugPulls: servers.reduce((n, s) => n + s.rugPulls.filter((r) => r.change === "changed").length, 0),
      shadowing: servers.reduce((n, s) => n + s.shadowing.length, 0),
    },
    clients,
    notes: input.notes ?? [],
  };
}
