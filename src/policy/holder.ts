import { watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { Policy } from "./compile.js";
import { PolicyError } from "./errors.js";
import { parsePolicy } from "./load.js";

/** The outcome of offering new policy text to a holder. */
export type ReloadResult =
  { ok: true; policy: Policy; changed: boolean } | { ok: false; error: PolicyError; policy: Policy };

/**
 * Holds the policy in force. New text is validated and compiled first and swapped in with one
 * assignment, so a decision sees either the old policy or the new one, never a mix; invalid text
 * is refused and the previous policy stays in force.
 *
 * @example
 * const holder = new PolicyHolder(await loadPolicyFile(path));
 * const result = holder.update(newText, path);
 * if (!result.ok) log.error(result.error.message);
 */
export class PolicyHolder {
  #current: Policy;

  constructor(initial: Policy) {
    this.#current = initial;
  }

  /** The policy in force now; read it once per decision. */
  get current(): Policy {
    return this.#current;
  }

  /** Validates `text` and, when valid, makes it the policy in force. */
  update(text: string, source: string = this.#current.source): ReloadResult {
    let next: Policy;
    try {
      next = parsePolicy(text, source);
    } catch (error) {
      const policyError =
        error instanceof PolicyError
          ? error
          : new PolicyError(source, [{ path: "", message: String(error) }]);
      return { ok: false, error: policyError, policy: this.#current };
    }
    const changed = next.version !== this.#current.version;
    if (changed) this.#current = next;
    return { ok: true, policy: this.#current, changed };
  }
}

export interface WatchOptions {
  /** Quiet period after the last change event before reloading (default 200 ms). */
  debounceMs?: number;
  /** Called after every reload attempt, good or bad. */
  onReload?: (result: ReloadResult) => void;
}

/**
 * Watches a policy file and offers each new version to the holder. Watches the directory, so
 * editors that replace the file (write a temp file, then rename) are seen too. The watcher keeps
 * the process alive until `close()`; `reload()` forces a reload now (as SIGHUP would).
 *
 * @example const watcher = watchPolicyFile("/etc/bastion/policy.yaml", holder, { onReload: report });
 */
export function watchPolicyFile(
  path: string,
  holder: PolicyHolder,
  options: WatchOptions = {},
): { close(): void; reload(): Promise<ReloadResult> } {
  const debounceMs = options.debounceMs ?? 200;
  const name = basename(path);
  let timer: NodeJS.Timeout | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const reload = (): Promise<ReloadResult> => {
    const next = queue.then(async (): Promise<ReloadResult> => {
      let result: ReloadResult;
      try {
        result = holder.update(await readFile(path, "utf8"), path);
      } catch (error) {
        const code = (error as { code?: string }).code ?? (error as Error).message;
        const readError = new PolicyError(path, [
          { path: "", message: `cannot be read (${code}); keeping the previous policy` },
        ]);
        result = { ok: false, error: readError, policy: holder.current };
      }
      options.onReload?.(result);
      return result;
    });
    queue = next.catch(() => undefined);
    return next;
  };

  const watcher = watch(dirname(path), (_event, changed) => {
    if (changed !== null && changed.toString() !== name) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void reload(), debounceMs);
  });
  return {
    close() {
      if (timer) clearTimeout(timer);
      watcher.close();
    },
    reload,
  };
}
