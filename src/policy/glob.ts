/**
 * Glob patterns over names and URIs. In `name` mode (tools, prompts, servers, methods) `*`
 * matches any run of characters. In `path` mode (resource URIs, the `glob` argument operator)
 * `*` and `?` stay within one `/`-separated segment and `**` crosses segments.
 */
export type GlobMode = "name" | "path";

/** A compiled list of globs: literal entries in a set, wildcard entries in one anchored regex. */
export interface GlobList {
  readonly sources: readonly string[];
  readonly literals: ReadonlySet<string>;
  readonly wildcard?: RegExp;
}

const REGEX_SPECIAL = /[\\^$.|+()[\]{}]/g;

/** Whether a glob has no wildcard characters. */
export function isLiteralGlob(glob: string): boolean {
  return !glob.includes("*") && !glob.includes("?");
}

/**
 * The regex source (unanchored) of one glob.
 *
 * @example globToRegexSource("fs__list_*", "name") // "fs__list_[\\s\\S]*"
 */
export function globToRegexSource(glob: string, mode: GlobMode): string {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] ?? "";
    if (char === "*") {
      const double = glob[i + 1] === "*";
      if (double) i++;
      out += mode === "name" || double ? "[\\s\\S]*" : "[^/]*";
    } else if (char === "?") {
      out += mode === "name" ? "[\\s\\S]" : "[^/]";
    } else {
      out += char.replace(REGEX_SPECIAL, "\\$&");
    }
  }
  return out;
}

/**
 * Compiles globs into a `GlobList`. Throws an Error for an empty glob.
 *
 * @example matchesGlobList(compileGlobList(["fs__read_file", "fs__list_*"], "name"), "fs__list_dir") // true
 */
export function compileGlobList(globs: readonly string[], mode: GlobMode): GlobList {
  const literals = new Set<string>();
  const wildcards: string[] = [];
  for (const glob of globs) {
    if (glob === "") throw new Error("a glob must not be empty");
    if (isLiteralGlob(glob)) literals.add(glob);
    else wildcards.push(globToRegexSource(glob, mode));
  }
  const wildcard = wildcards.length ? new RegExp(`^(?:${wildcards.join("|")})$`, "u") : undefined;
  return { sources: [...globs], literals, wildcard };
}

/** Whether `value` matches any glob of the list. */
export function matchesGlobList(list: GlobList, value: string): boolean {
  return list.literals.has(value) || (list.wildcard !== undefined && list.wildcard.test(value));
}

/**
 * Whether every string `inner` matches is also matched by `outer`. Answers true only when sure:
 * equal globs, an outer that matches everything, a literal inner that outer matches, or an outer
 * prefix wildcard (`abc*`) whose prefix starts the inner glob.
 *
 * @example globCovers("*__delete_*", "fs__delete_file", "name") // true
 */
export function globCovers(outer: string, inner: string, mode: GlobMode): boolean {
  if (outer === inner) return true;
  if (outer === "**" || (outer === "*" && mode === "name")) return true;
  if (isLiteralGlob(inner)) return new RegExp(`^(?:${globToRegexSource(outer, mode)})$`, "u").test(inner);
  const trailing = mode === "name" ? "*" : "**";
  if (outer.endsWith(trailing)) {
    const prefix = outer.slice(0, -trailing.length);
    return isLiteralGlob(prefix) && inner.startsWith(prefix);
  }
  return false;
}
