import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fetchAdvisories, type Advisory } from "../outdated/registry.js";
import { minVersionOf, satisfies } from "../outdated/semver.js";
import type { InspectFinding, InspectReport } from "./types.js";
import { typosquatTarget } from "./typosquat.js";

type Dependency = InspectReport["dependencies"][number];

/** A package version to check, and how it was reached from the inspected package. */
interface ResolvedPackage {
  name: string;
  version: string;
  via: string[];
}

const MAX_TREE = 2000;

async function readManifest(
  dir: string,
): Promise<{ version?: string; dependencies: Record<string, string> } | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
    const deps = { ...(parsed.optionalDependencies as object), ...(parsed.dependencies as object) } as Record<
      string,
      unknown
    >;
    return {
      ...(typeof parsed.version === "string" ? { version: parsed.version } : {}),
      dependencies: Object.fromEntries(
        Object.entries(deps).filter((e): e is [string, string] => typeof e[1] === "string"),
      ),
    };
  } catch {
    return undefined;
  }
}

/** Finds an installed package the way Node resolves it: `node_modules` of this and every parent directory. */
async function resolveInstalled(
  name: string,
  from: string,
): Promise<{ dir: string; version?: string; dependencies: Record<string, string> } | undefined> {
  let dir = from;
  for (let i = 0; i < 40; i++) {
    const candidate = join(dir, "node_modules", name);
    const manifest = await readManifest(candidate);
    if (manifest) return { dir: candidate, ...manifest };
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/**
 * The versions to check: for an installed package, the whole installed tree (found the way Node
 * resolves modules); otherwise each direct dependency at the lowest version its range allows.
 */
export async function resolveDependencies(
  direct: readonly { name: string; range: string }[],
  directory: string | undefined,
): Promise<{ dependencies: Dependency[]; tree: ResolvedPackage[] }> {
  const dependencies: Dependency[] = [];
  const tree: ResolvedPackage[] = [];
  const seen = new Set<string>();
  const queue: { name: string; range: string; from: string; via: string[] }[] = [];
  for (const dep of direct) {
    const installed = directory ? await resolveInstalled(dep.name, directory) : undefined;
    if (installed?.version) {
      dependencies.push({ ...dep, version: installed.version, versionSource: "installed" });
      queue.push({ name: dep.name, range: dep.range, from: directory as string, via: [] });
      continue;
    }
    const lowest = minVersionOf(dep.range);
    dependencies.push(lowest ? { ...dep, version: lowest, versionSource: "lowest-allowed" } : { ...dep });
    if (lowest) tree.push({ name: dep.name, version: lowest, via: [] });
  }
  while (queue.length && tree.length < MAX_TREE) {
    const next = queue.shift() as (typeof queue)[number];
    const installed = await resolveInstalled(next.name, next.from);
    if (!installed?.version) continue;
    const key = `${next.name}@${installed.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    tree.push({ name: next.name, version: installed.version, via: next.via });
    for (const [name, range] of Object.entries(installed.dependencies)) {
      queue.push({ name, range, from: installed.dir, via: [...next.via, next.name] });
    }
  }
  return { dependencies, tree };
}

const SEVERITY: Record<Advisory["severity"], InspectFinding["severity"]> = {
  critical: "high",
  high: "high",
  moderate: "medium",
  low: "low",
  info: "low",
};

/**
 * Checks resolved package versions against the registry's advisories. Returns findings, or a
 * note saying why the check could not be made (offline, endpoint unsupported).
 */
export async function advisoryFindings(
  tree: readonly ResolvedPackage[],
  registry: string,
): Promise<{ findings: InspectFinding[]; note?: string }> {
  const query: Record<string, string[]> = {};
  for (const p of tree) query[p.name] = [...new Set([...(query[p.name] ?? []), p.version])];
  const lookup = await fetchAdvisories(registry, query);
  if (!lookup.ok) return { findings: [], note: lookup.reason };
  const findings: InspectFinding[] = [];
  for (const p of tree) {
    for (const a of lookup.advisories[p.name] ?? []) {
      if (!satisfies(p.version, a.vulnerableVersions)) continue;
      findings.push({
        rule: "vulnerable-dependency",
        severity: SEVERITY[a.severity],
        file: "package.json",
        evidence: `${p.name}@${p.version}${p.via.length ? ` (via ${p.via.join(" > ")})` : ""}: ${a.title}`,
        explanation: `A ${a.severity} advisory affects ${p.name} ${a.vulnerableVersions}${a.url ? ` (${a.url})` : ""}`,
      });
    }
  }
  return { findings };
}

/** Typosquat checks for the package itself and its direct dependencies. */
export function typosquatFindings(
  name: string | undefined,
  direct: readonly { name: string }[],
): InspectFinding[] {
  const findings: InspectFinding[] = [];
  const own = name ? typosquatTarget(name) : undefined;
  if (name && own) {
    findings.push({
      rule: "typosquat",
      severity: "medium",
      file: "package.json",
      evidence: `${name} looks like ${own}`,
      explanation: `The package name is one slip away from the popular package ${own}`,
    });
  }
  for (const dep of direct) {
    const target = typosquatTarget(dep.name);
    if (target) {
      findings.push({
        rule: "typosquat",
        severity: "medium",
        file: "package.json",
        evidence: `dependency ${dep.name} looks like ${target}`,
        explanation: `A dependency's name is one slip away from the popular package ${target}`,
      });
    }
  }
  return findings;
}
