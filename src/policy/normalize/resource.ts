import { findUnsafeCharacter } from "./characters.js";
import { normalizePath } from "./path.js";
import { percentDecodeOnce } from "./percent.js";

const MAX_URI_LENGTH = 8192;
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** A resource URI ready for glob matching, or the reason it cannot be judged. */
export type NormalizedResourceUri = { ok: true; uri: string } | { ok: false; reason: string };

/**
 * Normalises an MCP resource URI for judging: decodes percent-encoding once (a second layer is
 * refused), refuses unsafe and look-alike characters, lower-cases the scheme, and for `file:`
 * URIs resolves the path like `normalizePath`; other URIs with `.` or `..` segments are refused
 * because only their server knows how it resolves them.
 *
 * @example normalizeResourceUri("file:///srv/data/a/../b.txt") // { ok: true, uri: "file:///srv/data/b.txt" }
 */
export function normalizeResourceUri(input: unknown): NormalizedResourceUri {
  if (typeof input !== "string") return { ok: false, reason: "is not a string" };
  if (input.length > MAX_URI_LENGTH) {
    return { ok: false, reason: `is longer than ${MAX_URI_LENGTH} characters` };
  }
  const scheme = SCHEME.exec(input)?.[1]?.toLowerCase();
  if (!scheme) return { ok: false, reason: "has no scheme" };
  if (scheme === "file") {
    const path = normalizePath(input);
    if (!path.ok) return path;
    if (path.forms.length > 2) return { ok: false, reason: "is percent-encoded more than once" };
    return { ok: true, uri: "file://" + path.path };
  }
  const decoded = percentDecodeOnce(input);
  if (decoded === undefined) {
    return { ok: false, reason: "has percent-encoded bytes that are not valid UTF-8" };
  }
  if (percentDecodeOnce(decoded) !== decoded) {
    return { ok: false, reason: "is percent-encoded more than once" };
  }
  const unsafe = findUnsafeCharacter(decoded);
  if (unsafe) return { ok: false, reason: unsafe };
  const hierarchy = decoded.slice(scheme.length + 1).split(/[?#]/, 1)[0] ?? "";
  if (hierarchy.split("/").some((segment) => segment === "." || segment === "..")) {
    return { ok: false, reason: "contains a . or .. segment" };
  }
  return { ok: true, uri: scheme + decoded.slice(scheme.length) };
}
