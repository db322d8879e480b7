import type { Config } from "../config/schema.js";
import { isStdio } from "../config/schema.js";
import type { Logger } from "../log.js";
import type { AlertEvent } from "../alerts/index.js";
import { outdatedCommand, packageSpecOf, type NpmRunner, type OutdatedEntry } from "../outdated/index.js";

export interface AdvisoryWatch {
  /** Runs one check now (also what the timer runs). */
  check(): Promise<OutdatedEntry[]>;
  close(): void;
}

/**
 * Re-checks, while the gateway runs, the packages its stdio servers are launched from: an
 * advisory affecting the version in use raises a `package.vulnerable` alert. When the registry
 * cannot be reached the check says so once in the log and tries again next time.
 *
 * @example const watch = watchAdvisories(config, log, (e) => alerts.emit(e), { everyMs: 24 * 3600_000 })
 */
export function watchAdvisories(
  config: Config,
  log: Logger,
  alert: (event: AlertEvent) => void,
  opts: { everyMs: number; firstAfterMs?: number; registry?: string; run?: NpmRunner },
): AdvisoryWatch {
  const servers = Object.entries(config.servers)
    .filter(([, s]) => isStdio(s) && s.enabled)
    .map(([name, s]) => ({
      name,
      command: (s as { command: string }).command,
      args: (s as { args: string[] }).args,
    }))
    .filter((s) => packageSpecOf(s) !== undefined);
  const check = async (): Promise<OutdatedEntry[]> => {
    if (servers.length === 0) return [];
    const { entries, advisoryNote } = await outdatedCommand({
      servers,
      format: "json",
      ...(opts.registry ? { registry: opts.registry } : {}),
      ...(opts.run ? { run: opts.run } : {}),
    });
    if (advisoryNote) log.info({ note: advisoryNote }, "package advisories could not be checked");
    for (const e of entries) {
      if (e.advisories.length === 0 || !e.current) continue;
      log.error(
        { server: e.server, package: e.package, version: e.current, advisories: e.advisories.length },
        "a server runs a package version with published advisories",
      );
      alert({
        type: "package.vulnerable",
        server: e.server,
        package: e.package,
        version: e.current,
        advisories: e.advisories.length,
      });
    }
    return entries;
  };
  const run = () => void check().catch((e: Error) => log.warn({ err: e.message }, "advisory check failed"));
  const first =
    servers.length > 0 && opts.everyMs > 0 ? setTimeout(run, opts.firstAfterMs ?? 60_000) : undefined;
  const every = servers.length > 0 && opts.everyMs > 0 ? setInterval(run, opts.everyMs) : undefined;
  first?.unref();
  every?.unref();
  return {
    check,
    close() {
      if (first) clearTimeout(first);
      if (every) clearInterval(every);
    },
  };
}
