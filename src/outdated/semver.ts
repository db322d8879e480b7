/**
 * The part of semantic versioning the registry checks need: parsing, ordering, the lowest
 * version a range allows, and whether a version satisfies an advisory's `vulnerable_versions`.
 * Pure functions; ranges follow npm's grammar (`^`, `~`, x-ranges, hyphens, comparators, `||`).
 */

/** A parsed `major.minor.patch[-prerelease]`. */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
}

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Parses an exact version, or returns undefined. */
export function parseVersion(text: string): SemVer | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3]),
    prerelease: m[4] ? m[4].split(".") : [],
  };
}

/** Orders two versions: negative when `a` is older, 0 when equal, positive when newer. */
export function compareVersions(a: SemVer, b: SemVer): number {
  for (const key of ["major", "minor", "patch"] as const) if (a[key] !== b[key]) return a[key] - b[key];
  if (a.prerelease.length === 0 || b.prerelease.length === 0)
    return b.prerelease.length - a.prerelease.length;
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    if (!Number.isNaN(nx)) return -1;
    if (!Number.isNaN(ny)) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Formats a version back to text. */
export function formatVersion(v: SemVer): string {
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease.length ? `-${v.prerelease.join(".")}` : ""}`;
}

type Op = "<" | "<=" | ">" | ">=" | "=";
interface Comparator {
  op: Op;
  version: SemVer;
}

interface Partial {
  major?: number;
  minor?: number;
  patch?: number;
  prerelease: string[];
}

function parsePartial(text: string): Partial | undefined {
  const m =
    /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(
      text,
    );
  if (!m) return undefined;
  const num = (s: string | undefined) => (s === undefined || /^[xX*]$/.test(s) ? undefined : Number(s));
  const major = num(m[1]);
  const minor = major === undefined ? undefined : num(m[2]);
  const patch = minor === undefined ? undefined : num(m[3]);
  return { major, minor, patch, prerelease: m[4] ? m[4].split(".") : [] };
}

function v(major: number, minor: number, patch: number, prerelease: string[] = []): SemVer {
  return { major, minor, patch, prerelease };
}

/** Expands one range token (`^1.2`, `~1`, `>=2.0.0`, `1.x`) into comparators. */
function comparatorsOf(token: string): Comparator[] | undefined {
  const m = /^(\^|~>?|<=|>=|<|>|=)?\s*(.*)$/.exec(token);
  if (!m) return undefined;
  const op = m[1] ?? "";
  const p = parsePartial(m[2] ?? "");
  if (!p) return undefined;
  if (p.major === undefined) return op === "<" || op === ">" ? [{ op: "<", version: v(0, 0, 0, ["0"]) }] : [];
  const low = v(p.major, p.minor ?? 0, p.patch ?? 0, p.prerelease);
  const nextMajor = v(p.major + 1, 0, 0, ["0"]);
  const nextMinor = v(p.major, (p.minor ?? 0) + 1, 0, ["0"]);
  switch (op) {
    case "^": {
      const upper =
        p.major > 0 || p.minor === undefined
          ? nextMajor
          : p.minor > 0 || p.patch === undefined
            ? nextMinor
            : v(0, 0, p.patch + 1, ["0"]);
      return [
        { op: ">=", version: low },
        { op: "<", version: upper },
      ];
    }
    case "~":
    case "~>":
      return [
        { op: ">=", version: low },
        { op: "<", version: p.minor === undefined ? nextMajor : nextMinor },
      ];
    case "":
    case "=":
      if (p.minor === undefined)
        return [
          { op: ">=", version: low },
          { op: "<", version: nextMajor },
        ];
      if (p.patch === undefined)
        return [
          { op: ">=", version: low },
          { op: "<", version: nextMinor },
        ];
      return [{ op: "=", version: low }];
    case ">":
      if (p.minor === undefined) return [{ op: ">=", version: nextMajor }];
      if (p.patch === undefined) return [{ op: ">=", version: nextMinor }];
      return [{ op: ">", version: low }];
    case "<=":
      if (p.minor === undefined) return [{ op: "<", version: nextMajor }];
      if (p.patch === undefined) return [{ op: "<", version: nextMinor }];
      return [{ op: "<=", version: low }];
    default:
      return [{ op: op as Op, version: low }];
  }
}

/** Parses a range into alternatives (`||`), each a list of comparators that must all hold. */
export function parseRange(range: string): Comparator[][] | undefined {
  const alternatives: Comparator[][] = [];
  for (const part of range.trim().split("||")) {
    const text = part.trim();
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
    if (hyphen) {
      const from = comparatorsOf(`>=${hyphen[1]}`);
      const to = comparatorsOf(`<=${hyphen[2]}`);
      if (!from || !to) return undefined;
      alternatives.push([...from, ...to]);
      continue;
    }
    const set: Comparator[] = [];
    const tokens = text === "" ? [] : text.replace(/(<=|>=|<|>|=|\^|~>?)\s+/g, "$1").split(/\s+/);
    for (const token of tokens) {
      const cs = comparatorsOf(token);
      if (!cs) return undefined;
      set.push(...cs);
    }
    alternatives.push(set);
  }
  return alternatives;
}

function holds(version: SemVer, c: Comparator): boolean {
  const d = compareVersions(version, c.version);
  switch (c.op) {
    case "<":
      return d < 0;
    case "<=":
      return d <= 0;
    case ">":
      return d > 0;
    case ">=":
      return d >= 0;
    default:
      return d === 0;
  }
}

/**
 * Whether a version falls in a range. Prereleases match only ranges that name a prerelease of
 * the same `major.minor.patch`, as in npm.
 *
 * @example
 * satisfies("4.17.15", "<4.17.21"); // true
 */
export function satisfies(version: string, range: string): boolean {
  const parsed = parseVersion(version);
  const alternatives = parseRange(range);
  if (!parsed || !alternatives) return false;
  return alternatives.some(
    (set) =>
      set.every((c) => holds(parsed, c)) &&
      (parsed.prerelease.length === 0 ||
        set.some(
          (c) =>
            c.version.prerelease.length > 0 &&
            c.version.prerelease[0] !== "0" &&
            c.version.major === parsed.major &&
            c.version.minor === parsed.minor &&
            c.version.patch === parsed.patch,
        )),
  );
}

/**
 * The lowest version a dependency range allows, or undefined for ranges that are not versions
 * (`latest`, git URLs, `file:` paths).
 *
 * @example
 * minVersionOf("^1.2.3 || ^2"); // "1.2.3"
 */
export function minVersionOf(range: string): string | undefined {
  const alternatives = parseRange(range === "" ? "*" : range);
  if (!alternatives) return undefined;
  let best: SemVer | undefined;
  for (const set of alternatives) {
    let low = v(0, 0, 0);
    for (const c of set) {
      if (c.op === ">=" || c.op === "=") low = compareVersions(c.version, low) > 0 ? c.version : low;
      if (c.op === ">") {
        const next = v(c.version.major, c.version.minor, c.version.patch + 1);
        low = compareVersions(next, low) > 0 ? next : low;
      }
    }
    if (!set.every((c) => holds(low, c))) continue;
    if (!best || compareVersions(low, best) < 0) best = low;
  }
  return best ? formatVersion(best) : undefined;
}
