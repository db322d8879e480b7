import { canonicalJson } from "./canonical.js";
import { compileGlobList, matchesGlobList } from "./glob.js";
import { isUnderRoot, normalizePath, normalizeRoot, type NormalizedPath } from "./normalize/path.js";
import { compileHostPattern, hostAllowed, parseUrlHost } from "./normalize/url.js";
import { compilePattern } from "./pattern.js";
import type { ArgConstraintDocument } from "./schema.js";
import { allOf, anyOf, MATCH, miss, unknown, type Outcome } from "./verdict.js";

/** What argument checks may need beyond the value: resolved symlinks and a per-decision cache. */
export interface ArgContext {
  /** Set by a policy with `resolve_symlinks`: every path_under then needs `realPaths`. */
  readonly resolveSymlinks: boolean;
  /** Real path of each normalised path form and root, from `resolveRequestPaths`. */
  readonly realPaths?: ReadonlyMap<string, string>;
  /** Normalised paths already computed during this decision. */
  readonly pathCache: Map<string, NormalizedPath>;
}

/**
 * How array elements combine: an allow rule needs `all` of them to satisfy a string operator, a
 * restricting rule applies when `any` does.
 */
export type Quantifier = "all" | "any";

/** One compiled `args.<name>` entry. */
export interface CompiledArgConstraint {
  readonly name: string;
  /** Normalised `path_under` root, when the constraint has one (symlink resolution needs it). */
  readonly pathRoot?: string;
  readonly document: ArgConstraintDocument;
  evaluate(args: Readonly<Record<string, unknown>>, quantifier: Quantifier, context: ArgContext): Outcome;
}

type Check<T> = (value: T, context: ArgContext) => Outcome;

/**
 * Compiles one argument constraint. Throws an Error (with `operator` set to the offending key)
 * for a bad regex, glob, host or root.
 *
 * @example compileArgConstraint("path", { path_under: "/srv/data" })
 */
export function compileArgConstraint(name: string, document: ArgConstraintDocument): CompiledArgConstraint {
  const label = `argument "${name}"`;
  const valueChecks: Array<Check<unknown>> = [];
  const elementChecks: Array<Check<unknown>> = [];
  let pathRoot: string | undefined;

  if (Object.hasOwn(document, "equals")) valueChecks.push(equalsCheck(label, [document.equals]));
  if (document.one_of !== undefined) valueChecks.push(equalsCheck(label, document.one_of));
  if (document.max_length !== undefined) valueChecks.push(maxLengthCheck(label, document.max_length));
  if (document.min !== undefined || document.max !== undefined) {
    valueChecks.push(rangeCheck(label, document.min ?? -Infinity, document.max ?? Infinity));
  }
  if (document.pattern !== undefined) {
    const regex = withOperator("pattern", () => compilePattern(document.pattern ?? ""));
    elementChecks.push(
      stringCheck(label, (text) => (regex.test(text) ? MATCH : miss(`${label} does not match the pattern`))),
    );
  }
  if (document.glob !== undefined) {
    const globs = withOperator("glob", () => compileGlobList([document.glob ?? ""], "path"));
    elementChecks.push(
      stringCheck(label, (text) =>
        matchesGlobList(globs, text) ? MATCH : miss(`${label} does not match ${document.glob}`),
      ),
    );
  }
  if (document.path_under !== undefined) {
    const root = withOperator("path_under", () => normalizeRoot(document.path_under ?? ""));
    pathRoot = root;
    elementChecks.push(pathUnderCheck(label, root));
  }
  if (document.url_host_in !== undefined) {
    const entries = document.url_host_in;
    const patterns = withOperator("url_host_in", () => entries.map(compileHostPattern));
    elementChecks.push((value) => {
      const host = parseUrlHost(value);
      if (!host.ok) return unknown(`${label} ${host.reason}`);
      if (hostAllowed(host, patterns)) return MATCH;
      const why = host.restricted ? ` (a ${host.restricted} address, allowed only when named exactly)` : "";
      return miss(`${label} has host ${host.host}${why}, not in ${entries.join(", ")}`);
    });
  }

  return {
    name,
    pathRoot,
    document,
    evaluate(args, quantifier, context) {
      if (!Object.hasOwn(args, name)) return unknown(`${label} is absent`);
      const value = args[name];
      const valueOutcome = allOf(valueChecks.map((check) => check(value, context)));
      if (elementChecks.length === 0 || valueOutcome.verdict === "miss") return valueOutcome;
      const elements = Array.isArray(value) ? value : [value];
      const perElement = elements.map((element) =>
        allOf(elementChecks.map((check) => check(element, context))),
      );
      const elementOutcome =
        quantifier === "all" ? allOf(perElement) : anyOf(perElement, miss(`${label} is an empty list`));
      return allOf([valueOutcome, elementOutcome]);
    },
  };
}

/** Runs a compile step, tagging a thrown Error with the operator it came from. */
function withOperator<T>(operator: string, compile: () => T): T {
  try {
    return compile();
  } catch (error) {
    throw Object.assign(new Error((error as Error).message), { operator });
  }
}

function equalsCheck(label: string, expected: readonly unknown[]): Check<unknown> {
  const wanted = new Set(expected.map((value) => canonicalJson(value)));
  const shown = expected.length === 1 ? canonicalJson(expected[0]) : `one of ${[...wanted].join(", ")}`;
  return (value) => {
    let actual: string;
    try {
      actual = canonicalJson(value);
    } catch (error) {
      return unknown(`${label} ${(error as Error).message}`);
    }
    return wanted.has(actual) ? MATCH : miss(`${label} is not ${shown}`);
  };
}

function maxLengthCheck(label: string, maxLength: number): Check<unknown> {
  return (value) => {
    if (Array.isArray(value)) {
      return value.length <= maxLength ? MATCH : miss(`${label} has more than ${maxLength} items`);
    }
    if (typeof value !== "string") return unknown(`${label} is not a string or list`);
    if (value.length <= maxLength) return MATCH;
    let codePoints = 0;
    for (const _ of value) {
      if (++codePoints > maxLength) return miss(`${label} is longer than ${maxLength} characters`);
    }
    return MATCH;
  };
}

function rangeCheck(label: string, min: number, max: number): Check<unknown> {
  return (value) => {
    if (typeof value !== "number" || !Number.isFinite(value)) return unknown(`${label} is not a number`);
    if (value < min) return miss(`${label} is below ${min}`);
    if (value > max) return miss(`${label} is above ${max}`);
    return MATCH;
  };
}

function stringCheck(label: string, check: (text: string) => Outcome): Check<unknown> {
  return (value) => (typeof value === "string" ? check(value) : unknown(`${label} is not a string`));
}

function pathUnderCheck(label: string, root: string): Check<unknown> {
  return (value, context) => {
    if (typeof value !== "string") return unknown(`${label} is not a string`);
    let path = context.pathCache.get(value);
    if (!path) {
      path = normalizePath(value);
      context.pathCache.set(value, path);
    }
    if (!path.ok) return unknown(`${label} ${path.reason}`);
    const outside = path.forms.find((form) => !isUnderRoot(form, root));
    if (outside !== undefined) return miss(`${label} resolves to ${outside}, outside ${root}`);
    if (!context.resolveSymlinks) return MATCH;
    const realRoot = context.realPaths?.get(root);
    if (realRoot === undefined) return unknown(`symlinks were not resolved for ${root}`);
    for (const form of path.forms) {
      const real = context.realPaths?.get(form);
      if (real === undefined) return unknown(`symlinks were not resolved for ${label}`);
      if (!isUnderRoot(real, realRoot)) {
        return miss(`${label} leads through a symlink to ${real}, outside ${realRoot}`);
      }
    }
    return MATCH;
  };
}
