import { findUnsafeCharacter } from "./characters.js";
import { percentDecodeOnce } from "./percent.js";

/** Paths longer than this (Linux PATH_MAX) are refused rather than judged. */
export const MAX_PATH_LENGTH = 4096;
const MAX_DECODE_ROUNDS = 8;

/**
 * A path that passed every check. `forms` holds the resolved path for each layer of
 * percent-decoding (the literal text first, the fully decoded text last), because a server may
 * decode zero, one or more times; `path` is the last of them.
 */
export type NormalizedPath =
  { ok: true; path: string; forms: readonly string[] } | { ok: false; reason: string };

export interface PathOptions {
  /** Longest accepted path in characters, before and after decoding (default 4096). */
  maxLength?: number;
}

/**
 * Normalises an absolute POSIX path or `file://` URL for judging. Refuses (with a reason) NUL
 * bytes, control characters, backslashes, look-alike separators and dots, invisible formatting
 * characters, `~`, relative paths, remote `file://` hosts, invalid UTF-8 in percent-encoding and
 * over-long paths; decodes percent-encoding repeatedly and resolves `.`, `..` and repeated `/`.
 *
 * @example normalizePath("/srv/data/%2e%2e/etc") // { ok: true, path: "/srv/etc", forms: ["/srv/data/%2e%2e/etc", "/srv/etc"] }
 */
export function normalizePath(input: unknown, options: PathOptions = {}): NormalizedPath {
  if (typeof input !== "string") return { ok: false, reason: "is not a string" };
  const maxLength = options.maxLength ?? MAX_PATH_LENGTH;
  if (input.length > maxLength) return { ok: false, reason: `is longer than ${maxLength} characters` };
  let text = input;
  if (/^file:/i.test(text)) {
    const fromUrl = pathOfFileUrl(text);
    if (!fromUrl.ok) return fromUrl;
    text = fromUrl.path;
  }
  const forms: string[] = [];
  for (let round = 0; round <= MAX_DECODE_ROUNDS; round++) {
    const resolved = resolveAbsolute(text, maxLength);
    if (!resolved.ok) {
      return {
        ok: false,
        reason: round === 0 ? resolved.reason : `${resolved.reason} (after percent-decoding)`,
      };
    }
    if (forms[forms.length - 1] !== resolved.path) forms.push(resolved.path);
    const decoded = percentDecodeOnce(text);
    if (decoded === undefined) {
      return { ok: false, reason: "has percent-encoded bytes that are not valid UTF-8" };
    }
    if (decoded === text) return { ok: true, path: resolved.path, forms };
    text = decoded;
  }
  return { ok: false, reason: `is percent-encoded more than ${MAX_DECODE_ROUNDS} times` };
}

/**
 * Whether every form of a normalised path is the root or lies below it, comparing whole segments
 * (`/srv/data2` is not under `/srv/data`). `root` must itself be a normalised path.
 *
 * @example isPathUnder(normalizePath("/srv/data/a"), "/srv/data") // true
 */
export function isPathUnder(path: NormalizedPath, root: string): boolean {
  if (!path.ok) return false;
  return path.forms.every((form) => isUnderRoot(form, root));
}

/** Whether one resolved path is `root` or below it, by whole segments. */
export function isUnderRoot(path: string, root: string): boolean {
  if (root === "/") return path.startsWith("/");
  return path === root || (path.startsWith(root) && path.charCodeAt(root.length) === 0x2f);
}

/**
 * Normalises a root directory named in configuration: it must be an absolute path that needs no
 * percent-decoding. Throws an Error naming the problem otherwise.
 *
 * @example normalizeRoot("/srv/data/") // "/srv/data"
 */
export function normalizeRoot(root: string): string {
  const normalized = normalizePath(root);
  if (!normalized.ok) throw new Error(`root "${root}" ${normalized.reason}`);
  if (normalized.forms.length > 1) throw new Error(`root "${root}" must not be percent-encoded`);
  return normalized.path;
}

/** Splits `file://[localhost]/path` into its path; other hosts, queries and fragments are refused. */
function pathOfFileUrl(url: string): { ok: true; path: string } | { ok: false; reason: string } {
  let rest = url.slice("file:".length);
  if (rest.startsWith("//")) {
    const slash = rest.indexOf("/", 2);
    const host = rest.slice(2, slash === -1 ? rest.length : slash);
    if (host !== "" && host.toLowerCase() !== "localhost") {
      return { ok: false, reason: `is a file URL on host "${host}"; only local files can be judged` };
    }
    rest = slash === -1 ? "/" : rest.slice(slash);
  }
  if (rest.includes("?") || rest.includes("#")) {
    return { ok: false, reason: "is a file URL with a query or fragment" };
  }
  return { ok: true, path: rest };
}

/** Checks one layer's characters and shape, then resolves `.`, `..` and empty segments lexically. */
function resolveAbsolute(
  text: string,
  maxLength: number,
): { ok: true; path: string } | { ok: false; reason: string } {
  if (text.length > maxLength) return { ok: false, reason: `is longer than ${maxLength} characters` };
  const unsafe = findUnsafeCharacter(text);
  if (unsafe) return { ok: false, reason: unsafe };
  if (text.startsWith("~")) {
    return { ok: false, reason: "starts with ~, which a shell expands to a home directory" };
  }
  if (!text.startsWith("/")) {
    return {
      ok: false,
      reason: "is relative; only absolute paths can be judged (the server's directory is unknown)",
    };
  }
  const kept: string[] = [];
  for (const segment of text.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") kept.pop();
    else kept.push(segment);
  }
  return { ok: true, path: "/" + kept.join("/") };
}
