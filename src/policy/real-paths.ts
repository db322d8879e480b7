import type { Policy } from "./compile.js";
import { normalizePath } from "./normalize/path.js";
import { resolveRealPath, type PathFileSystem } from "./normalize/symlinks.js";
import type { PolicyRequest } from "./request.js";

/**
 * For a policy with `resolve_symlinks: true`: the real path of every `path_under` root and of
 * every normalised form of every argument a `path_under` constraint reads, to pass to `decide`
 * as `request.realPaths`. Paths that fail normalisation or resolution are left out, so the
 * constraint fails closed. Does file-system I/O; the engine itself never does.
 *
 * @example decide(policy, principal, { ...request, realPaths: await resolveRequestPaths(policy, request) })
 */
export async function resolveRequestPaths(
  policy: Policy,
  request: PolicyRequest,
  fs?: PathFileSystem,
): Promise<Map<string, string>> {
  const wanted = new Set<string>();
  for (const rule of policy.rules) {
    for (const constraint of rule.args) {
      if (constraint.pathRoot === undefined) continue;
      wanted.add(constraint.pathRoot);
      const value = request.args?.[constraint.name];
      for (const element of Array.isArray(value) ? value : [value]) {
        const normalized = normalizePath(element);
        if (normalized.ok) normalized.forms.forEach((form) => wanted.add(form));
      }
    }
  }
  const realPaths = new Map<string, string>();
  await Promise.all(
    [...wanted].map(async (path) => {
      try {
        realPaths.set(path, await resolveRealPath(path, fs));
      } catch {
        // Left out on purpose: a path that cannot be resolved is judged as unknown.
      }
    }),
  );
  return realPaths;
}
