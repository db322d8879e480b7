import type { Severity } from "../types.js";

/**
 * A text rule. It fires when any of `patterns` matches, or when every group of `together` matches
 * within `window` characters of the others (a verb near a target, whatever the word order).
 * Patterns run on lower-cased normalised text and must be written in lower case.
 */
export interface TextRule {
  id: string;
  severity: Severity;
  explanation: string;
  /**
   * Cheap prefilter: lower-case fragments of which at least one must occur in the text for any
   * pattern of the rule to match. A rule without a gate always runs.
   */
  gate?: string[];
  patterns?: RegExp[];
  together?: { groups: RegExp[][]; window: number };
}

/** Where and what a rule matched. */
export interface RuleHit {
  rule: TextRule;
  /** UTF-16 offsets in the text the rule ran on. */
  start: number;
  end: number;
}

const MAX_MATCHES_PER_GROUP = 24;

// Patterns write "[^.\n]" for "within the sentence"; a dot inside a path, address or URL does not
// end a sentence, so at compile time the class also admits a dot followed by a non-space.
const WITHIN_SENTENCE = "[^.\\n]";
const WITHIN_SENTENCE_COMPILED = "(?:[^.\\n]|\\.(?!\\s))";

function globalOf(patterns: RegExp[]): RegExp {
  return new RegExp(
    patterns.map((p) => p.source.split(WITHIN_SENTENCE).join(WITHIN_SENTENCE_COMPILED)).join("|"),
    "g",
  );
}

/** Rules compiled once: each pattern list joined into one global expression. */
export interface CompiledRule {
  rule: TextRule;
  /** The gate as one expression of literal alternatives: far faster than a loop of `includes`. */
  gate?: RegExp;
  any?: RegExp;
  groups?: RegExp[];
  window: number;
}

/** Joins each rule's patterns so a rule costs one scan per group. */
export function compileRules(rules: TextRule[]): CompiledRule[] {
  return rules.map((rule) => ({
    rule,
    gate: rule.gate
      ? new RegExp(rule.gate.map((fragment) => fragment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"))
      : undefined,
    any: rule.patterns && rule.patterns.length > 0 ? globalOf(rule.patterns) : undefined,
    groups: rule.together?.groups.map(globalOf),
    window: rule.together?.window ?? 0,
  }));
}

function matchesOf(pattern: RegExp, text: string, limit: number): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m && found.length < limit; m = pattern.exec(text)) {
    found.push([m.index, m.index + m[0].length]);
    if (m[0].length === 0) pattern.lastIndex++;
  }
  return found;
}

/**
 * The shortest span holding one match of every group, all in the same segment, such that the gap
 * between the matches (latest start minus earliest end) is at most `window`.
 */
function closestSpan(
  groups: Array<Array<[number, number]>>,
  window: number,
  segmentOf: (offset: number) => number,
): [number, number] | undefined {
  let best: [number, number] | undefined;
  const walk = (
    depth: number,
    segment: number,
    minStart: number,
    maxStart: number,
    minEnd: number,
    maxEnd: number,
  ) => {
    if (maxStart - minEnd > window) return;
    if (depth === groups.length) {
      if (!best || maxEnd - minStart < best[1] - best[0]) best = [minStart, maxEnd];
      return;
    }
    for (const [s, e] of groups[depth] ?? []) {
      // A match may start on the separator before a string; its last character is inside it.
      const own = segmentOf(e - 1);
      if (depth > 0 && own !== segment) continue;
      walk(
        depth + 1,
        depth === 0 ? own : segment,
        Math.min(minStart, s),
        Math.max(maxStart, s),
        Math.min(minEnd, e),
        Math.max(maxEnd, e),
      );
    }
  };
  walk(0, -1, Infinity, -Infinity, Infinity, -Infinity);
  return best;
}

const MAX_HITS_PER_RULE = 8;

/**
 * Runs compiled rules over `text` (already lower-cased). `segmentOf` maps an offset to the piece
 * of the text it belongs to, so a rule that needs several matches never pairs words from two
 * different strings. A pattern rule reports up to eight matches; a combination rule its closest.
 * Patterns are global expressions shared between calls; `lastIndex` is reset before each use.
 */
export function runRules(
  rules: CompiledRule[],
  text: string,
  segmentOf: (offset: number) => number = () => 0,
): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const compiled of rules) {
    if (compiled.gate && !compiled.gate.test(text)) continue;
    let matched = false;
    if (compiled.any) {
      for (const [start, end] of matchesOf(compiled.any, text, MAX_HITS_PER_RULE)) {
        hits.push({ rule: compiled.rule, start, end });
        matched = true;
      }
    }
    if (!matched && compiled.groups) {
      // Groups are searched in order and the search stops at the first that is absent, so rules
      // list their rarest group first.
      const found: Array<Array<[number, number]>> = [];
      for (const group of compiled.groups) {
        const matches = matchesOf(group, text, MAX_MATCHES_PER_GROUP);
        if (matches.length === 0) break;
        found.push(matches);
      }
      if (found.length < compiled.groups.length) continue;
      const span = closestSpan(found, compiled.window, segmentOf);
      if (span) hits.push({ rule: compiled.rule, start: span[0], end: span[1] });
    }
  }
  return hits;
}
