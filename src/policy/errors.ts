import type { z } from "zod";

/** One thing wrong with a policy: where (key path and, for YAML, line) and what was expected. */
export interface PolicyProblem {
  /** Key path such as `rules[2].args.path.path_under`; empty for the document itself. */
  readonly path: string;
  readonly line?: number;
  readonly message: string;
}

/**
 * A policy that cannot be used. The message names the source, the key path and what was
 * expected, e.g. `policy.yaml:7: rules[1].effect: expected one of "allow", "deny", "approve", "mfa", got "permit"`.
 */
export class PolicyError extends Error {
  override readonly name = "PolicyError";

  constructor(
    readonly source: string,
    readonly problems: readonly PolicyProblem[],
  ) {
    super(formatProblems(source, problems));
  }
}

function formatProblem(source: string, problem: PolicyProblem): string {
  const where = problem.line === undefined ? source : `${source}:${problem.line}`;
  return problem.path ? `${where}: ${problem.path}: ${problem.message}` : `${where}: ${problem.message}`;
}

function formatProblems(source: string, problems: readonly PolicyProblem[]): string {
  if (problems.length === 1 && problems[0]) return formatProblem(source, problems[0]);
  return [
    `${source}: ${problems.length} problems`,
    ...problems.map((p) => "  - " + formatProblem(source, p)),
  ].join("\n");
}

/**
 * Writes a key path the way a reader finds it in YAML: `rules[2].args["a.b"]`.
 *
 * @example formatKeyPath(["rules", 2, "effect"]) // "rules[2].effect"
 */
export function formatKeyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** A short, quoted description of a value for "got …" messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") {
    return JSON.stringify(value.length > 40 ? value.slice(0, 37) + "..." : value);
  }
  return String(value);
}

type Issue = z.core.$ZodIssue;

/**
 * Turns one zod issue into readable problems (one per unknown key). `knownKeys` lists the keys
 * accepted at a path, so an unknown key can be answered with what was expected.
 */
export function problemsFromIssue(
  issue: Issue,
  knownKeys: (path: ReadonlyArray<PropertyKey>) => readonly string[],
): Array<{ path: PropertyKey[]; message: string }> {
  const path = [...issue.path];
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = knownKeys(path);
      const expected = known.length ? `; expected one of ${known.join(", ")}` : "";
      return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key${expected}` }));
    }
    case "invalid_type":
      return [
        {
          path,
          message:
            input === undefined
              ? `is missing; expected ${typeName(issue.expected)}`
              : `expected ${typeName(issue.expected)}, got ${describeValue(input)}`,
        },
      ];
    case "invalid_value":
      return [
        {
          path,
          message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${describeValue(input)}`,
        },
      ];
    case "too_small":
      return [
        { path, message: boundMessage("at least", issue.origin, issue.minimum, issue.inclusive, input) },
      ];
    case "too_big":
      return [
        { path, message: boundMessage("at most", issue.origin, issue.maximum, issue.inclusive, input) },
      ];
    default:
      return [{ path, message: issue.message }];
  }
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  record: "a mapping",
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

function boundMessage(
  direction: "at least" | "at most",
  origin: string,
  bound: number | bigint,
  inclusive: boolean | undefined,
  input: unknown,
): string {
  const got = `, got ${describeValue(input)}`;
  if (origin === "string" && direction === "at least" && bound === 1) {
    return `expected a non-empty string${got}`;
  }
  if (origin === "string") return `expected a string of ${direction} ${bound} characters${got}`;
  if (origin === "array") return `expected a list of ${direction} ${bound} items${got}`;
  const sign =
    direction === "at least" ? (inclusive === false ? ">" : ">=") : inclusive === false ? "<" : "<=";
  return `expected a number ${sign} ${bound}${got}`;
}
