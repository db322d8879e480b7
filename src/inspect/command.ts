import { configuredRegistry, runNpm, type NpmRunner } from "../outdated/registry.js";
import { bundledBinaryFindings } from "./analyze/binaries.js";
import { analyzeFile, codeKindOf } from "./analyze/file.js";
import { readManifest } from "./analyze/manifest.js";
import { loadTypeScript } from "./analyze/typescript.js";
import { advisoryFindings, resolveDependencies, typosquatFindings } from "./dependencies.js";
import { renderInspectText } from "./render.js";
import { combinedFindings, riskOf, sortFindings } from "./risk.js";
import { InspectTargetError, loadTarget, type LoadedPackage } from "./source.js";
import type { FileAnalysis, FoundEndpoint, InspectFinding, InspectReport } from "./types.js";

export interface InspectOptions {
  /** An npm package spec (`name`, `name@version`) or a directory (or a `.tgz`). */
  target: string;
  format?: "text" | "json";
  /** Registry URL for downloads and advisories; npm's configured registry when omitted. */
  registry?: string;
  /** Skip the advisory query (for example when the caller knows it is offline). */
  checkAdvisories?: boolean;
  run?: NpmRunner;
  isTTY?: boolean;
  env?: Record<string, string | undefined>;
}

function archiveFindings(pkg: LoadedPackage): InspectFinding[] {
  return pkg.notes
    .filter((n) => /unsafe path|link/.test(n))
    .map((note) => ({
      rule: "archive-unsafe-entry" as const,
      severity: /unsafe path/.test(note) ? ("high" as const) : ("medium" as const),
      evidence: note,
      explanation: "Published packages have no reason to contain links or paths outside the package",
    }));
}

/**
 * TypeScript sources whose compiled JavaScript ships alongside (same directory and file name
 * under another root, as in `src/core/x.ts` and `dist/core/x.js`). Node runs the JavaScript, so
 * the sources are skipped: transpiling them costs far more than parsing, for the same code.
 */
function compiledCounterparts(files: readonly { path: string; data: Buffer }[]): Set<string> {
  const tail = (path: string) =>
    path
      .split("/")
      .slice(-2)
      .join("/")
      .replace(/\.[^.]+$/, "");
  const javascript = new Set(
    files.filter((f) => codeKindOf(f.path, f.data) === "javascript").map((f) => tail(f.path)),
  );
  return new Set(
    files
      .filter((f) => codeKindOf(f.path, f.data) === "typescript" && javascript.has(tail(f.path)))
      .map((f) => f.path),
  );
}

function uniqueEndpoints(endpoints: FoundEndpoint[]): FoundEndpoint[] {
  const seen = new Set<string>();
  return endpoints.filter((e) => {
    const key = `${e.url}\u0000${e.file}\u0000${e.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Inspects a package's code before it is installed or started and returns the full report. Used
 * by `bastion inspect` and by the gateway's community-tier check.
 *
 * @throws InspectTargetError when the target cannot be found or downloaded.
 */
export async function inspectPackage(options: InspectOptions): Promise<InspectReport> {
  const run = options.run ?? runNpm;
  const pkg = await loadTarget(options.target, {
    run,
    ...(options.registry ? { registry: options.registry } : {}),
  });
  const ts = await loadTypeScript();
  const analyses = new Map<string, FileAnalysis>();
  const notes = [...pkg.notes.filter((n) => !/unsafe path|link/.test(n))];
  let bytes = 0;
  const compiled = compiledCounterparts(pkg.files);
  let skippedSources = 0;
  for (const file of pkg.files) {
    bytes += file.size;
    if (compiled.has(file.path)) {
      skippedSources++;
      continue;
    }
    const analysis = file.truncated ? undefined : analyzeFile(file.path, file.data, ts);
    if (analysis) analyses.set(file.path, analysis);
  }
  if (skippedSources) {
    notes.push(
      `${skippedSources} TypeScript source file${skippedSources === 1 ? " was" : "s were"} skipped because the package ships the same module compiled to JavaScript, which was analysed`,
    );
  }
  if (!ts && pkg.files.some((f) => codeKindOf(f.path, f.data) === "typescript")) {
    notes.push("TypeScript is not installed here, so .ts files were checked with text patterns only");
  }
  const manifestFile = pkg.files.find((f) => f.path === "package.json");
  const manifest = readManifest(
    manifestFile?.data.toString("utf8"),
    pkg.files.some((f) => f.path === "binding.gyp"),
  );
  const combined = combinedFindings(analyses, manifest.installScripts);
  // An install script that runs a flagged file is reported once, by the stronger finding.
  const escalated = combined
    .filter((f) => f.rule === "install-script")
    .map((f) => f.evidence.split(" → ")[0]);
  const findings: InspectFinding[] = [
    ...[...analyses.values()].flatMap((a) => a.findings),
    ...manifest.findings.filter((f) => !escalated.includes(f.evidence)),
    ...bundledBinaryFindings(pkg.files),
    ...archiveFindings(pkg),
    ...combined,
    ...typosquatFindings(manifest.name, manifest.dependencies),
  ];
  const { dependencies, tree } = await resolveDependencies(manifest.dependencies, pkg.directory);
  let advisoryNote: string | undefined;
  if (options.checkAdvisories === false) advisoryNote = "advisory check skipped on request";
  else if (tree.length) {
    const registry = options.registry ?? (await configuredRegistry(run));
    const advisories = await advisoryFindings(tree, registry);
    findings.push(...advisories.findings);
    advisoryNote = advisories.note;
  }
  const urls = uniqueEndpoints([...analyses.values()].flatMap((a) => a.endpoints));
  const sorted = sortFindings(findings);
  return {
    target: pkg.origin,
    ...(manifest.name ? { name: manifest.name } : {}),
    ...(manifest.version ? { version: manifest.version } : {}),
    risk: riskOf(sorted),
    findings: sorted,
    urls,
    hosts: [...new Set(urls.map((u) => u.host))].sort(),
    dependencies,
    ...(advisoryNote ? { advisoryNote } : {}),
    stats: {
      files: pkg.files.length,
      codeFiles: analyses.size,
      parsedFiles: [...analyses.values()].filter((a) => !a.parseError).length,
      bytes,
    },
    notes,
  };
}

/**
 * `bastion inspect <npm-package[@version] | DIR>`: prints the report (text or JSON). Exit code 0
 * for `low` and `medium` risk, 1 for `high`, 2 when the target cannot be inspected.
 *
 * @example
 * const { stdout, exitCode } = await inspectCommand({ target: "@modelcontextprotocol/server-memory", format: "json" });
 */
export async function inspectCommand(
  options: InspectOptions,
): Promise<{ stdout: string; exitCode: number; report?: InspectReport }> {
  let report: InspectReport;
  try {
    report = await inspectPackage(options);
  } catch (err) {
    if (!(err instanceof InspectTargetError)) throw err;
    const stdout =
      options.format === "json"
        ? `${JSON.stringify({ error: err.message }, null, 2)}\n`
        : `bastion inspect: ${err.message}\n`;
    return { stdout, exitCode: 2 };
  }
  const stdout =
    options.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderInspectText(report, options);
  return { stdout, exitCode: report.risk === "high" ? 1 : 0, report };
}
