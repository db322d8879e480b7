import { lstat, realpath } from "node:fs/promises";

/** The two file-system calls symlink resolution needs; tests and other platforms may pass their own. */
export interface PathFileSystem {
  realpath(path: string): Promise<string>;
  lstat(path: string): Promise<unknown>;
}

const nodeFileSystem: PathFileSystem = { realpath, lstat };

/**
 * The real path of a normalised absolute path, following symlinks in every existing component.
 * Components that do not exist yet (a file about to be written) are appended unresolved to the
 * real path of their deepest existing ancestor; a dangling symlink is an error, since writing
 * through it would create its target elsewhere. This one does I/O, so it is kept apart from the
 * pure normalisers and used only when a policy asks for `resolve_symlinks`.
 *
 * @example await resolveRealPath("/tmp/new-file") // "/private/tmp/new-file" on macOS
 */
export async function resolveRealPath(path: string, fs: PathFileSystem = nodeFileSystem): Promise<string> {
  const segments = path.split("/").filter((segment) => segment !== "");
  const missing: string[] = [];
  for (;;) {
    const candidate = "/" + segments.join("/");
    try {
      const real = await fs.realpath(candidate);
      return missing.length === 0 ? real : (real.endsWith("/") ? real : real + "/") + missing.join("/");
    } catch (error) {
      if (!isMissing(error) || segments.length === 0) throw error;
      if (await exists(fs, candidate)) throw new Error(`${candidate} is a dangling symlink`);
      missing.unshift(segments.pop() ?? "");
    }
  }
}

async function exists(fs: PathFileSystem, path: string): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch {
    return false;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
