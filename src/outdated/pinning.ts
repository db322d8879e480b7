import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { splitNpmSpec } from "./package-spec.js";
import { npmPack, npmView, RegistryError, runNpm, type NpmRunner } from "./registry.js";
import { parseVersion } from "./semver.js";

/**
 * npm with few retries: a server start waits on this check, and npm's default backoff can hold a
 * failing download (a tampered tarball, an unreachable registry) for minutes.
 */
const promptNpm: NpmRunner = (args, options) =>
  runNpm([...args, "--fetch-retries", "1", "--fetch-retry-maxtimeout", "5000"], options);

/** A stdio server's package pinned to an exact version and tarball hash. */
export interface PinnedPackage {
  name: string;
  version: string;
  /** Subresource-integrity string(s), for example `sha512-…` (several separated by spaces). */
  integrity: string;
}

/** The outcome of checking a pin; `reason` says which check failed and why. */
export interface PinVerification {
  ok: boolean;
  reason?: string;
  registryIntegrity?: string;
  /** The integrity of the copy that would run: from the lockfile of an install, or of the tarball npm fetches. */
  localIntegrity?: string;
  localSource?: string;
}

export interface VerifyPinOptions {
  registry?: string;
  run?: NpmRunner;
  /** An installed copy to check (its lockfile entry); when omitted the tarball npm would use is hashed. */
  installedDir?: string;
}

const INTEGRITY = /^(sha1|sha256|sha384|sha512)-[A-Za-z0-9+/]+={0,2}$/;

/** Parses `alg-digest` tokens into a map from algorithm to digests. */
function integrityTokens(text: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const token of text.trim().split(/\s+/)) {
    if (!INTEGRITY.test(token)) continue;
    const [alg = "", digest = ""] = token.split(/-(.*)/s, 2);
    out.set(alg, (out.get(alg) ?? new Set()).add(digest));
  }
  return out;
}

/**
 * Whether two integrity strings agree: they must share an algorithm, and for every shared
 * algorithm the digests must match. Pure.
 *
 * @example
 * integritiesMatch("sha512-abc=", "sha1-zzz sha512-abc="); // true
 */
export function integritiesMatch(a: string, b: string): boolean {
  const x = integrityTokens(a);
  const y = integrityTokens(b);
  let shared = 0;
  for (const [alg, digests] of x) {
    const other = y.get(alg);
    if (!other) continue;
    shared++;
    if (![...digests].some((d) => other.has(d))) return false;
  }
  return shared > 0;
}

/** Finds the lockfile entry of an installed package by walking up from its directory. */
async function lockfileIntegrity(
  name: string,
  version: string,
  installedDir: string,
): Promise<{ integrity?: string; source?: string }> {
  let dir = installedDir;
  for (let depth = 0; depth < 12; depth++) {
    for (const lock of [
      join(dir, "node_modules", ".package-lock.json"),
      join(dir, "package-lock.json"),
      join(dir, "npm-shrinkwrap.json"),
    ]) {
      let text: string;
      try {
        text = await readFile(lock, "utf8");
      } catch {
        continue;
      }
      const packages =
        (JSON.parse(text) as { packages?: Record<string, { version?: string; integrity?: string }> })
          .packages ?? {};
      const entry = packages[`node_modules/${name}`];
      if (entry?.version === version && entry.integrity) return { integrity: entry.integrity, source: lock };
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return {};
}

async function tarballIntegrity(
  spec: string,
  options: VerifyPinOptions,
): Promise<{ integrity: string; source: string }> {
  const dir = await mkdtemp(join(tmpdir(), "bastion-pin-"));
  try {
    const packed = await npmPack(spec, dir, options);
    const bytes = await readFile(packed.file);
    return {
      integrity: `sha512-${createHash("sha512").update(bytes).digest("base64")}`,
      source: `tarball of ${spec} from npm`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Checks a pinned package before the gateway starts it: the pin must be well-formed, the
 * registry's `dist.integrity` for that version must match it, and so must the copy that would
 * run (the installed package's lockfile entry, or the tarball npm fetches, from its cache when
 * present). Fails closed: when something cannot be checked, `ok` is false and `reason` says why.
 *
 * @example
 * const v = await verifyPinnedPackage({ name: "@modelcontextprotocol/server-memory", version: "2026.8.31", integrity: "sha512-…" });
 * if (!v.ok) throw new Error(v.reason);
 */
export async function verifyPinnedPackage(
  pin: PinnedPackage,
  input: VerifyPinOptions = {},
): Promise<PinVerification> {
  const options: VerifyPinOptions = { ...input, run: input.run ?? promptNpm };
  const spec = `${pin.name}@${pin.version}`;
  if (!splitNpmSpec(pin.name) || pin.name.includes("@", 1))
    return { ok: false, reason: `Pin names an invalid package: ${JSON.stringify(pin.name)}` };
  if (!parseVersion(pin.version))
    return {
      ok: false,
      reason: `Pin of ${pin.name} must name an exact version, got ${JSON.stringify(pin.version)}`,
    };
  if (integrityTokens(pin.integrity).size === 0) {
    return {
      ok: false,
      reason: `Pin of ${spec} has no valid integrity (expected "sha512-<base64>"), got ${JSON.stringify(pin.integrity)}`,
    };
  }
  let registryIntegrity: string;
  try {
    const value = await npmView(spec, "dist.integrity", options);
    if (typeof value !== "string")
      return { ok: false, reason: `The registry reports no integrity for ${spec}` };
    registryIntegrity = value;
  } catch (err) {
    const why = err instanceof RegistryError ? err.message : String(err);
    return { ok: false, reason: `Cannot verify the pin of ${spec}: ${why}` };
  }
  if (!integritiesMatch(pin.integrity, registryIntegrity)) {
    return {
      ok: false,
      registryIntegrity,
      reason: `${spec} does not match its pin: the registry publishes ${registryIntegrity} but the pin says ${pin.integrity}`,
    };
  }
  let local: { integrity?: string; source?: string };
  try {
    local = options.installedDir
      ? await lockfileIntegrity(pin.name, pin.version, options.installedDir)
      : await tarballIntegrity(spec, options);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { ok: false, registryIntegrity, reason: `Cannot hash the copy of ${spec} that would run: ${why}` };
  }
  if (!local.integrity) {
    return {
      ok: false,
      registryIntegrity,
      reason: `No lockfile near ${options.installedDir} records ${spec}, so the installed copy cannot be verified`,
    };
  }
  if (!integritiesMatch(pin.integrity, local.integrity)) {
    return {
      ok: false,
      registryIntegrity,
      localIntegrity: local.integrity,
      ...(local.source ? { localSource: local.source } : {}),
      reason: `The copy of ${spec} that would run (${local.source}) has integrity ${local.integrity}, not the pinned ${pin.integrity}`,
    };
  }
  return {
    ok: true,
    registryIntegrity,
    localIntegrity: local.integrity,
    ...(local.source ? { localSource: local.source } : {}),
  };
}
