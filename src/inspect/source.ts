import { mkdtemp, open, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { npmPack, splitNpmSpec, type NpmRunner } from "../outdated/index.js";
import { readTarGz } from "./tar.js";

/** One file of the package under inspection, held in memory. */
export interface PackageFile {
  /** Path relative to the package root, with `/` separators. */
  path: string;
  data: Buffer;
  mode: number;
  size: number;
  /** True when only the start of a very large file was read. */
  truncated?: boolean;
}

/** A package's files, from the registry or a directory. */
export interface LoadedPackage {
  /** What was inspected, as the user named it (resolved `name@version` for registry packages). */
  origin: string;
  kind: "registry" | "directory" | "tarball";
  files: PackageFile[];
  /** The directory it was read from, for resolving installed dependencies. */
  directory?: string;
  /** Things about the archive itself worth reporting (unsafe paths, links, skipped files). */
  notes: string[];
}

const MAX_FILES = 20_000;
const MAX_FILE_BYTES = 8 * 1024 * 1024;
const SKIPPED_DIRECTORIES = new Set(["node_modules", ".git"]);

/** Thrown when the target cannot be loaded; the message says why. */
export class InspectTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InspectTargetError";
  }
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Reads a package directory (skipping nested `node_modules` and `.git`). */
export async function loadFromDirectory(directory: string): Promise<LoadedPackage> {
  const root = resolve(directory);
  const files: PackageFile[] = [];
  const notes: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(full);
        continue;
      }
      if (!entry.isFile()) continue;
      if (files.length >= MAX_FILES) {
        notes.push(`Stopped after ${MAX_FILES} files; the rest were not inspected`);
        return;
      }
      const info = await stat(full);
      const truncated = info.size > MAX_FILE_BYTES;
      const data = truncated ? await readHead(full, 64 * 1024) : await readFile(full);
      files.push({
        path: relative(root, full).split(sep).join("/"),
        data,
        mode: info.mode,
        size: info.size,
        ...(truncated ? { truncated } : {}),
      });
    }
  }
  try {
    if (!(await stat(root)).isDirectory()) throw new InspectTargetError(`${directory} is not a directory`);
    await walk(root);
  } catch (err) {
    if (err instanceof InspectTargetError) throw err;
    throw new InspectTargetError(
      `Cannot read ${directory}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return { origin: root, kind: "directory", files, directory: root, notes };
}

/** Turns tarball entries into package files, dropping the leading `package/` directory. */
export function filesFromTarball(tgz: Buffer): { files: PackageFile[]; notes: string[] } {
  const files: PackageFile[] = [];
  const notes: string[] = [];
  for (const entry of readTarGz(tgz)) {
    const parts = entry.path.split("/").filter((p) => p !== "" && p !== ".");
    const inner = parts.slice(1);
    if (parts.includes("..") || entry.path.startsWith("/")) {
      notes.push(
        `The archive contains an unsafe path ${JSON.stringify(entry.path)} (it would write outside the package)`,
      );
      continue;
    }
    if (entry.type === "symlink" || entry.type === "link") {
      notes.push(`The archive contains a link ${inner.join("/")} -> ${entry.linkTarget ?? "?"}`);
      continue;
    }
    if (entry.type !== "file" || inner.length === 0) continue;
    files.push({ path: inner.join("/"), data: entry.data, mode: entry.mode, size: entry.data.length });
  }
  return { files, notes };
}

/** Downloads `spec` with `npm pack` into a temporary directory and reads the tarball in memory. */
export async function loadFromRegistry(
  spec: string,
  options: { registry?: string; run?: NpmRunner } = {},
): Promise<LoadedPackage> {
  const dir = await mkdtemp(join(tmpdir(), "bastion-inspect-"));
  try {
    const packed = await npmPack(spec, dir, options);
    const { files, notes } = filesFromTarball(await readFile(packed.file));
    return { origin: `${packed.name}@${packed.version}`, kind: "registry", files, notes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Loads what `bastion inspect` was given: a directory, a `.tgz` file, or an npm package spec
 * (`name`, `name@version`, `@scope/name@tag`).
 *
 * @throws InspectTargetError when the target is none of these or cannot be fetched.
 */
export async function loadTarget(
  target: string,
  options: { registry?: string; run?: NpmRunner } = {},
): Promise<LoadedPackage> {
  if (target.trim() === "")
    throw new InspectTargetError("Nothing to inspect: give an npm package name or a directory");
  if (await isDirectory(target)) return loadFromDirectory(target);
  if (/\.(tgz|tar\.gz)$/i.test(target)) {
    let tgz: Buffer;
    try {
      tgz = await readFile(target);
    } catch (err) {
      throw new InspectTargetError(
        `Cannot read ${target}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const { files, notes } = filesFromTarball(tgz);
    return { origin: resolve(target), kind: "tarball", files, notes };
  }
  const slashes = target.split("/").length - 1;
  const looksLikePath =
    /^[.~/\\]/.test(target) || target.includes("\\") || slashes > (target.startsWith("@") ? 1 : 0);
  if (looksLikePath) throw new InspectTargetError(`${target} is not a directory`);
  if (!splitNpmSpec(target))
    throw new InspectTargetError(
      `${JSON.stringify(target)} is neither a directory nor a valid npm package name`,
    );
  try {
    return await loadFromRegistry(target, options);
  } catch (err) {
    throw new InspectTargetError(err instanceof Error ? err.message : String(err));
  }
}
