import { loadConfig } from "../../config/load.js";
import { openStore } from "../../gateway/build.js";
import type { Store } from "../../store/store.js";

/** Opens the store a gateway config names, runs `fn`, and closes it again. */
export async function withStore<T>(configPath: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const { config, baseDir } = loadConfig(configPath);
  const store = openStore(config.store, baseDir);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Prints a command's output the way every subcommand does, and returns its exit code. */
export function emit(out: { stdout: string; stderr?: string; exitCode: number }): number {
  if (out.stdout) process.stdout.write(out.stdout.endsWith("\n") ? out.stdout : out.stdout + "\n");
  if (out.stderr) process.stderr.write(out.stderr.endsWith("\n") ? out.stderr : out.stderr + "\n");
  return out.exitCode;
}
