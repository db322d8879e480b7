import type { RuleDocument } from "./schema.js";

/** Rules that name one kind of target, found by the literal text their globs start with. */
interface TargetIndex {
  /** Exact names (globs without wildcards) → rule positions. */
  readonly literal: ReadonlyMap<string, readonly number[]>;
  /** Literal prefix of each wildcard glob → rule positions. */
  readonly prefixed: ReadonlyMap<string, readonly number[]>;
  /** The distinct prefix lengths in `prefixed`, so a lookup tries only those. */
  readonly prefixLengths: readonly number[];
  /** Every rule naming this kind, for targets that cannot be normalised. */
  readonly all: readonly number[];
}

/**
 * Which rules could possibly match a request, so a decision examines a handful of a large
 * policy's rules. Rules without targets are candidates for every request.
 */
export interface RuleIndex {
  readonly tool: TargetIndex;
  readonly prompt: TargetIndex;
  readonly resource: TargetIndex;
  readonly untargeted: readonly number[];
}

const TARGET_KEYS = { tool: "tools", prompt: "prompts", resource: "resources" } as const;

/** Builds the index of a policy's rules (positions in `rules`). */
export function buildRuleIndex(rules: readonly RuleDocument[]): RuleIndex {
  const untargeted: number[] = [];
  rules.forEach((rule, position) => {
    if (rule.tools === undefined && rule.prompts === undefined && rule.resources === undefined) {
      untargeted.push(position);
    }
  });
  const build = (key: "tools" | "prompts" | "resources"): TargetIndex => {
    const literal = new Map<string, number[]>();
    const prefixed = new Map<string, number[]>();
    const all: number[] = [];
    rules.forEach((rule, position) => {
      const globs = rule[key];
      if (globs === undefined) return;
      all.push(position);
      for (const glob of globs) {
        const wildcard = glob.search(/[*?]/);
        const map = wildcard === -1 ? literal : prefixed;
        const text = wildcard === -1 ? glob : glob.slice(0, wildcard);
        const positions = map.get(text) ?? [];
        if (positions[positions.length - 1] !== position) positions.push(position);
        map.set(text, positions);
      }
    });
    const prefixLengths = [...new Set([...prefixed.keys()].map((prefix) => prefix.length))].sort(
      (a, b) => a - b,
    );
    return { literal, prefixed, prefixLengths, all };
  };
  return {
    tool: build(TARGET_KEYS.tool),
    prompt: build(TARGET_KEYS.prompt),
    resource: build(TARGET_KEYS.resource),
    untargeted,
  };
}

/**
 * Positions of the rules that could match a target of `kind` named `name` (undefined name: the
 * target could not be normalised, so every rule of that kind is a candidate), in rule order.
 */
export function candidateRules(
  index: RuleIndex,
  kind: "tool" | "prompt" | "resource" | "none",
  name?: string,
): readonly number[] {
  if (kind === "none") return index.untargeted;
  const target = index[kind];
  if (name === undefined) return mergeSorted([index.untargeted, target.all]);
  const lists: Array<readonly number[]> = [index.untargeted];
  const exact = target.literal.get(name);
  if (exact) lists.push(exact);
  for (const length of target.prefixLengths) {
    if (length > name.length) break;
    const positions = target.prefixed.get(name.slice(0, length));
    if (positions) lists.push(positions);
  }
  return mergeSorted(lists);
}

/** Merges ascending lists into one ascending list without repeats; a single list is returned as is. */
function mergeSorted(lists: ReadonlyArray<readonly number[]>): readonly number[] {
  const nonEmpty = lists.filter((list) => list.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
  let merged = nonEmpty[0] ?? [];
  for (let k = 1; k < nonEmpty.length; k++) merged = mergeTwo(merged, nonEmpty[k] ?? []);
  return merged;
}

function mergeTwo(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && (a[i] ?? 0) <= (b[j] ?? 0)) ? a[i++] : b[j++];
    if (next !== undefined && out[out.length - 1] !== next) out.push(next);
  }
  return out;
}
