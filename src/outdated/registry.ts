import { execFile } from "node:child_process";
import { join } from "node:path";

/** The output of one `npm` invocation. */
export interface NpmResult {
  stdout: string;
  stderr: string;
  /** Exit code; null when the process was killed (for example by the timeout). */
  code: number | null;
}

/** Runs npm commands; replaceable so callers can choose the binary or a working directory. */
export type NpmRunner = (
  args: string[],
  options?: { cwd?: string; timeoutMs?: number },
) => Promise<NpmResult>;

/**
 * Runs the user's own `npm`, so its registry, proxy and authentication settings apply.
 *
 * @example
 * const { stdout } = await runNpm(["view", "left-pad", "version", "--json"]);
 */
export const runNpm: NpmRunner = (args, options = {}) =>
  new Promise((resolve) => {
    const windows = process.platform === "win32";
    execFile(
      windows ? "npm.cmd" : "npm",
      args,
      {
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
        shell: windows,
        env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false" },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ stdout: String(stdout), stderr: String(stderr), code });
      },
    );
  });

/** The first line of npm's error output that says something, without npm's log prefixes. */
export function npmErrorSummary(result: NpmResult): string {
  const lines = result.stderr
    .split("\n")
    // warnings (npm's own config complaints among them) never say why a command failed
    .filter((l) => !/^npm warn/i.test(l))
    .map((l) => l.replace(/^npm (ERR!|error|warn)\s*/i, "").trim())
    .filter(
      (l) => l !== "" && !/^(code|errno|syscall|A complete log|Unknown user config|Log files)/i.test(l),
    );
  const meaningful =
    lines.find((l) => /E[A-Z0-9]+|404|not found|timed out|network|unable|failed/i.test(l)) ?? lines[0];
  if (meaningful) return meaningful;
  return result.code === null ? "npm did not finish in time" : `npm exited with code ${result.code}`;
}

/** Thrown when the registry cannot be reached or answers with an error. */
export class RegistryError extends Error {
  constructor(
    message: string,
    /** True when the failure looks like no network rather than a bad answer. */
    readonly offline: boolean,
  ) {
    super(message);
    this.name = "RegistryError";
  }
}

function looksOffline(text: string): boolean {
  return /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network|socket hang up|did not finish in time|fetch failed/i.test(
    text,
  );
}

/**
 * `npm view <spec> <field> --json`, parsed. Uses `registry` when given, else npm's configuration.
 *
 * @throws RegistryError with npm's reason (package not found, offline, …).
 */
export async function npmView(
  spec: string,
  field: string,
  options: { registry?: string; run?: NpmRunner; timeoutMs?: number } = {},
): Promise<unknown> {
  const args = ["view", spec, field, "--json"];
  if (options.registry) args.push("--registry", options.registry);
  const result = await (options.run ?? runNpm)(args, { timeoutMs: options.timeoutMs ?? 30_000 });
  if (result.code !== 0) {
    const summary = npmErrorSummary(result);
    throw new RegistryError(
      `npm view ${spec} ${field} failed: ${summary}`,
      looksOffline(result.stderr + summary),
    );
  }
  const text = result.stdout.trim();
  if (text === "") throw new RegistryError(`The registry has no ${field} for ${spec}`, false);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RegistryError(`npm view ${spec} ${field} printed something that is not JSON`, false);
  }
}

/** The registry URL npm is configured to use (`npm config get registry`), with a trailing slash. */
export async function configuredRegistry(run: NpmRunner = runNpm): Promise<string> {
  const result = await run(["config", "get", "registry"], { timeoutMs: 15_000 });
  const url = result.stdout.trim().split("\n").pop()?.trim() ?? "";
  if (result.code !== 0 || !/^https?:\/\//.test(url)) return "https://registry.npmjs.org/";
  return url.endsWith("/") ? url : `${url}/`;
}

/** One security advisory as the registry's bulk endpoint returns it. */
export interface Advisory {
  id: number | string;
  title: string;
  severity: "info" | "low" | "moderate" | "high" | "critical";
  url?: string;
  vulnerableVersions: string;
}

/** Advisories per package name, or why they could not be fetched. */
export type AdvisoryLookup =
  { ok: true; advisories: Record<string, Advisory[]> } | { ok: false; reason: string; offline: boolean };

const SEVERITIES = new Set(["info", "low", "moderate", "high", "critical"]);

function toAdvisory(raw: unknown): Advisory | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const severity = typeof r.severity === "string" && SEVERITIES.has(r.severity) ? r.severity : "moderate";
  if (typeof r.id !== "number" && typeof r.id !== "string") return undefined;
  return {
    id: r.id,
    title: typeof r.title === "string" ? r.title : "Untitled advisory",
    severity: severity as Advisory["severity"],
    ...(typeof r.url === "string" ? { url: r.url } : {}),
    vulnerableVersions: typeof r.vulnerable_versions === "string" ? r.vulnerable_versions : "*",
  };
}

/**
 * Asks the registry which of these package versions have security advisories, the way
 * `npm audit` does (POST `-/npm/v1/security/advisories/bulk`). Never throws: an unreachable or
 * unsupported endpoint comes back as `{ ok: false, reason }`.
 *
 * @example
 * await fetchAdvisories("https://registry.npmjs.org/", { lodash: ["4.17.15"] });
 */
export async function fetchAdvisories(
  registry: string,
  versions: Record<string, string[]>,
  options: { timeoutMs?: number } = {},
): Promise<AdvisoryLookup> {
  if (Object.keys(versions).length === 0) return { ok: true, advisories: {} };
  const endpoint = new URL(
    "-/npm/v1/security/advisories/bulk",
    registry.endsWith("/") ? registry : `${registry}/`,
  );
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(versions),
      signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
    });
  } catch (err) {
    const cause =
      (err as { cause?: { code?: string } }).cause?.code ??
      (err instanceof Error ? err.message : String(err));
    return {
      ok: false,
      offline: true,
      reason: `Could not reach the registry's advisory service at ${endpoint.origin} (${cause}); dependencies were not checked for advisories`,
    };
  }
  if (!response.ok) {
    return {
      ok: false,
      offline: false,
      reason: `The registry at ${endpoint.origin} answered HTTP ${response.status} to the advisory query; dependencies were not checked for advisories`,
    };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return {
      ok: false,
      offline: false,
      reason: `The registry's advisory answer from ${endpoint.origin} is not JSON`,
    };
  }
  const advisories: Record<string, Advisory[]> = {};
  if (typeof body === "object" && body !== null) {
    for (const [name, list] of Object.entries(body as Record<string, unknown>)) {
      if (!Array.isArray(list)) continue;
      const parsed = list.map(toAdvisory).filter((a): a is Advisory => a !== undefined);
      if (parsed.length) advisories[name] = parsed;
    }
  }
  return { ok: true, advisories };
}

/** A tarball `npm pack` wrote, with the metadata npm printed for it. */
export interface PackedTarball {
  file: string;
  name: string;
  version: string;
  /** The integrity npm computed over the tarball bytes (`sha512-…`). */
  integrity?: string;
}

/**
 * Downloads a package tarball the way npm would install it (`npm pack <spec> --json
 * --pack-destination <dir>`), honouring the user's npm configuration and cache.
 *
 * @throws RegistryError naming npm's reason (not found, offline, …).
 */
export async function npmPack(
  spec: string,
  destination: string,
  options: { registry?: string; run?: NpmRunner; timeoutMs?: number } = {},
): Promise<PackedTarball> {
  const args = ["pack", spec, "--json", "--ignore-scripts", "--pack-destination", destination];
  if (options.registry) args.push("--registry", options.registry);
  const result = await (options.run ?? runNpm)(args, {
    cwd: destination,
    timeoutMs: options.timeoutMs ?? 120_000,
  });
  if (result.code !== 0) {
    const summary = npmErrorSummary(result);
    throw new RegistryError(`npm pack ${spec} failed: ${summary}`, looksOffline(result.stderr + summary));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    throw new RegistryError(`npm pack ${spec} printed something that is not JSON`, false);
  }
  const first = Array.isArray(parsed) ? (parsed[0] as Record<string, unknown> | undefined) : undefined;
  if (
    !first ||
    typeof first.filename !== "string" ||
    typeof first.name !== "string" ||
    typeof first.version !== "string"
  ) {
    throw new RegistryError(`npm pack ${spec} did not say which file it wrote`, false);
  }
  const file = first.filename.replace(/^@/, "").replace(/\//g, "-");
  return {
    file: join(destination, file),
    name: first.name,
    version: first.version,
    ...(typeof first.integrity === "string" ? { integrity: first.integrity } : {}),
  };
}
