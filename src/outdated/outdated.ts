import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { packageSpecOf, type LaunchCommand, type PackageSpec } from "./package-spec.js";
import {
  configuredRegistry,
  fetchAdvisories,
  npmView,
  RegistryError,
  runNpm,
  type Advisory,
  type NpmRunner,
} from "./registry.js";
import { compareVersions, parseVersion, satisfies } from "./semver.js";

/** A server as `bastion outdated` needs it: a name and its launch. */
export interface OutdatedServer extends LaunchCommand {
  name: string;
}

/** What `bastion outdated` found for one server launched from a package. */
export interface OutdatedEntry {
  server: string;
  ecosystem: PackageSpec["ecosystem"];
  package: string;
  launcher: PackageSpec["launcher"];
  /** The version that runs: pinned in the launch, or installed on disk. */
  current?: string;
  currentSource: "pinned" | "installed" | "unpinned";
  latest?: string;
  status: "up-to-date" | "outdated" | "unpinned" | "unknown";
  /** Advisories that affect `current` (or the latest version, for unpinned launches). */
  advisories: Advisory[];
  /** Why something could not be determined. */
  note?: string;
}

export interface OutdatedOptions {
  servers: readonly OutdatedServer[];
  format?: "text" | "json";
  /** Registry URL; npm's configured registry when omitted. */
  registry?: string;
  run?: NpmRunner;
}

async function installedVersion(dir: string): Promise<string | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as { version?: unknown };
    return typeof manifest.version === "string" ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}

async function entryFor(
  server: OutdatedServer,
  spec: PackageSpec,
  options: OutdatedOptions,
): Promise<OutdatedEntry> {
  const entry: OutdatedEntry = {
    server: server.name,
    ecosystem: spec.ecosystem,
    package: spec.name,
    launcher: spec.launcher,
    currentSource: "unpinned",
    status: "unknown",
    advisories: [],
  };
  if (spec.version) {
    entry.current = spec.version;
    entry.currentSource = "pinned";
  } else if (spec.packageDir) {
    const version = await installedVersion(spec.packageDir);
    if (version) {
      entry.current = version;
      entry.currentSource = "installed";
    }
  }
  if (spec.ecosystem !== "npm") {
    entry.note = "PyPI packages are not checked: Bastion only talks to the npm registry";
    return entry;
  }
  try {
    const latest = await npmView(spec.name, "version", {
      run: options.run,
      ...(options.registry ? { registry: options.registry } : {}),
    });
    if (typeof latest === "string") entry.latest = latest;
  } catch (err) {
    entry.note = err instanceof RegistryError ? err.message : String(err);
    return entry;
  }
  const current = entry.current ? parseVersion(entry.current) : undefined;
  const latest = entry.latest ? parseVersion(entry.latest) : undefined;
  if (!entry.current) {
    entry.status = "unpinned";
    entry.note = `Not pinned${spec.requested ? ` (asks for ${spec.requested})` : ""}: each launch may run a different version`;
  } else if (current && latest)
    entry.status = compareVersions(current, latest) < 0 ? "outdated" : "up-to-date";
  return entry;
}

function renderText(entries: OutdatedEntry[], advisoryNote: string | undefined): string {
  if (entries.length === 0) return "No configured server is launched from a package.\n";
  const rows = entries.map((e) => [
    e.server,
    e.package,
    e.current ? `${e.current}${e.currentSource === "installed" ? " (installed)" : ""}` : "unpinned",
    e.latest ?? "?",
    e.status,
    e.advisories.length ? `${e.advisories.length} advisor${e.advisories.length === 1 ? "y" : "ies"}` : "",
  ]);
  const header = ["Server", "Package", "Current", "Latest", "Status", "Advisories"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const out = [line(header), ...rows.map(line)];
  for (const e of entries) {
    for (const a of e.advisories)
      out.push(
        `  ${e.package}@${e.current ?? e.latest}: [${a.severity}] ${a.title}${a.url ? ` ${a.url}` : ""}`,
      );
    if (e.note) out.push(`  ${e.server}: ${e.note}`);
  }
  if (advisoryNote) out.push(`  ${advisoryNote}`);
  return `${out.join("\n")}\n`;
}

/**
 * `bastion outdated`: for every server launched from a package, the pinned or installed version,
 * the latest published version and the advisories that affect the version in use. Exit code 1
 * when an advisory affects a version in use, 0 otherwise.
 *
 * @example
 * const { stdout } = await outdatedCommand({ servers: [{ name: "memory", command: "npx", args: ["@modelcontextprotocol/server-memory@0.5.0"] }] });
 */
export async function outdatedCommand(
  options: OutdatedOptions,
): Promise<{ stdout: string; exitCode: number; entries: OutdatedEntry[]; advisoryNote?: string }> {
  const run = options.run ?? runNpm;
  const withSpecs = options.servers
    .map((server) => ({ server, spec: packageSpecOf(server) }))
    .filter((x): x is { server: OutdatedServer; spec: PackageSpec } => x.spec !== undefined);
  const entries = await Promise.all(
    withSpecs.map(({ server, spec }) => entryFor(server, spec, { ...options, run })),
  );
  const query: Record<string, string[]> = {};
  for (const e of entries) {
    const version = e.current ?? e.latest;
    if (e.ecosystem !== "npm" || !version) continue;
    query[e.package] = [...new Set([...(query[e.package] ?? []), version])];
  }
  let advisoryNote: string | undefined;
  if (Object.keys(query).length) {
    const registry = options.registry ?? (await configuredRegistry(run));
    const lookup = await fetchAdvisories(registry, query);
    if (!lookup.ok) advisoryNote = lookup.reason;
    else {
      for (const e of entries) {
        const version = e.current ?? e.latest;
        if (!version) continue;
        e.advisories = (lookup.advisories[e.package] ?? []).filter((a) =>
          satisfies(version, a.vulnerableVersions),
        );
      }
    }
  }
  const exitCode = entries.some((e) => e.advisories.length > 0) ? 1 : 0;
  const stdout =
    options.format === "json"
      ? `${JSON.stringify({ servers: entries, ...(advisoryNote ? { advisoryNote } : {}) }, null, 2)}\n`
      : renderText(entries, advisoryNote);
  return { stdout, exitCode, entries, ...(advisoryNote ? { advisoryNote } : {}) };
}
