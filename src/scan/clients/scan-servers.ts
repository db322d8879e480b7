import { connectAndList, ServerConnectError, type ConnectOptions, type ServerSnapshot } from "./connect.js";
import { mapWithConcurrency } from "./pool.js";
import type { ClientConfig, ServerConfig } from "./types.js";

/** The outcome of contacting one distinct server. */
export interface ServerScanResult {
  durationMs: number;
  snapshot?: ServerSnapshot;
  /** Why the server could not be listed. */
  error?: string;
  /** The last lines the server printed to stderr, when it failed. */
  stderr?: string;
}

/** Progress of a scan, for a live display. */
export type ScanProgress =
  | { type: "start"; total: number }
  | {
      type: "done";
      label: string;
      ok: boolean;
      completed: number;
      total: number;
      durationMs: number;
      error?: string;
    };

export interface ScanServersOptions extends ConnectOptions {
  /** How many servers to contact at once. */
  concurrency: number;
  onProgress?: (event: ScanProgress) => void;
}

/**
 * Identifies what actually runs: the same launch in two clients' configs is contacted once.
 * Environment and headers are part of it, since they can change what a server exposes.
 */
export function launchKeyOf(server: ServerConfig): string {
  return JSON.stringify(
    server.transport === "stdio"
      ? ["stdio", server.command, server.args ?? [], server.env ?? {}, server.cwd ?? null]
      : [server.transport, server.url, server.headers ?? {}],
  );
}

function labelOf(server: ServerConfig): string {
  if (server.transport !== "stdio") return `${server.name} (${server.url})`;
  const program = (server.command ?? "").split(/[\\/]/).pop();
  return `${server.name} (${program})`;
}

/**
 * Contacts every distinct server of the given configs through a bounded pool and returns the
 * outcome per {@link launchKeyOf}. Never rejects because of a server: failures are results.
 */
export async function scanServers(
  configs: readonly ClientConfig[],
  options: ScanServersOptions,
): Promise<Map<string, ServerScanResult>> {
  const distinct = new Map<string, ServerConfig>();
  for (const config of configs)
    for (const server of config.servers) {
      const key = launchKeyOf(server);
      if (!distinct.has(key)) distinct.set(key, server);
    }
  const entries = [...distinct.entries()];
  options.onProgress?.({ type: "start", total: entries.length });
  let completed = 0;
  const results = await mapWithConcurrency(entries, options.concurrency, async ([key, server]) => {
    const started = performance.now();
    let result: ServerScanResult;
    try {
      const snapshot = await connectAndList(server, options);
      result = { durationMs: Math.round(performance.now() - started), snapshot };
    } catch (err) {
      result = {
        durationMs: Math.round(performance.now() - started),
        error: err instanceof Error ? err.message : String(err),
        ...(err instanceof ServerConnectError && err.stderr ? { stderr: err.stderr } : {}),
      };
    }
    completed++;
    options.onProgress?.({
      type: "done",
      label: labelOf(server),
      ok: result.error === undefined,
      completed,
      total: entries.length,
      durationMs: result.durationMs,
      ...(result.error ? { error: result.error } : {}),
    });
    return [key, result] as const;
  });
  return new Map(results);
}
