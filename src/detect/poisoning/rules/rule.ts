import type { Severity } from "../types.js";
import { BranchedExpression, narrowExpression } from "./branches.js";
import { SKETCH_WORDS, TextSketch, type NeededLiteral } from "./sketch.js";

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

function sourceOf(patterns: RegExp[]): string {
  return patterns.map((p) => p.source.split(WITHIN_SENTENCE).join(WITHIN_SENTENCE_COMPILED)).join("|");
}

/** Rules compiled once: each pattern list joined into one global expression. */
export interface CompiledRule {
  rule: TextRule;
  /** The gate's fragments; the rule runs only where one of them occurs. */
  gate?: ReadonlySet<string>;
  any?: BranchedExpression;
  groups?: BranchedExpression[];
  window: number;
}

/** Rules compiled together, with one scan that finds the gate fragments of all of them at once. */
export interface RuleSet {
  rules: CompiledRule[];
  /** Every gate fragment of every rule, longest first, as one global expression. */
  gateScan?: RegExp;
  /** For each fragment, the fragments it contains (itself included): they occur wherever it does. */
  contained: ReadonlyMap<string, readonly string[]>;
  /** For each fragment, the numbers of the rules whose gate it opens. */
  opens: ReadonlyMap<string, readonly number[]>;
  /** Whether branches that cannot match in a text are left out there (see {@link CompileOptions}). */
  narrow: boolean;
  /** Room for the sketch of the text being run, reused from one run to the next. */
  sketchScratch: Uint32Array;
}

/** Options of {@link compileRuleSet}. */
export interface CompileOptions {
  /**
   * Leave out, text by text, the branches of an expression whose required literals are absent.
   * Default true; turned off only to check that doing so changes nothing.
   */
  narrow?: boolean;
}

/** The fragments `fragment` contains (itself included), in the order of `order` (fragment to index). */
function fragmentsWithin(fragment: string, order: ReadonlyMap<string, number>): string[] {
  const within = new Set<string>();
  for (let start = 0; start < fragment.length; start++) {
    for (let end = start + 1; end <= fragment.length; end++) {
      const piece = fragment.slice(start, end);
      if (order.has(piece)) within.add(piece);
    }
  }
  return [...within].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

function escapeLiteral(fragment: string): string {
  return fragment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Compiles rules into a set: each rule's patterns joined into one global expression, and all gate
 * fragments into one scan, so gating thirty rules costs one pass over the text instead of thirty.
 */
export function compileRuleSet(rules: TextRule[], options: CompileOptions = {}): RuleSet {
  const literals = new Map<string, NeededLiteral>();
  const expression = (patterns: RegExp[]): BranchedExpression =>
    new BranchedExpression(sourceOf(patterns), literals);
  const compiled = rules.map((rule): CompiledRule => ({
    rule,
    gate: rule.gate ? new Set(rule.gate) : undefined,
    any: rule.patterns && rule.patterns.length > 0 ? expression(rule.patterns) : undefined,
    groups: rule.together?.groups.map(expression),
    window: rule.together?.window ?? 0,
  }));
  const fragments = [...new Set(rules.flatMap((rule) => rule.gate ?? []))].sort(
    (a, b) => b.length - a.length,
  );
  const order = new Map(fragments.map((f, i) => [f, i]));
  const contained = new Map(fragments.map((f) => [f, fragmentsWithin(f, order)]));
  const opens = new Map(
    fragments.map((f) => [f, compiled.flatMap((rule, i) => (rule.gate?.has(f) ? [i] : []))]),
  );
  return {
    rules: compiled,
    gateScan: fragments.length > 0 ? new RegExp(fragments.map(escapeLiteral).join("|"), "g") : undefined,
    contained,
    opens,
    narrow: options.narrow !== false,
    sketchScratch: new Uint32Array(SKETCH_WORDS),
  };
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
// Every match of a gated rule contains one of its gate fragments, so in long text only the
// neighbourhood of each fragment needs scanning. Short text is scanned whole.
const SCAN_WHOLE_BELOW = 1500;
const MATCH_REACH = 300;
const MAX_GATE_HITS = 64;

/** A stretch of the text to scan; `offset` maps positions in `text` back to the full text. */
interface Piece {
  text: string;
  offset: number;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

/**
 * Which gate fragments occur in `text`, and where (at most a few dozen places per fragment; the
 * places only when `where` is set, since only long text is scanned piece by piece).
 */
function scanGates(set: RuleSet, text: string, where: boolean): Map<string, number[]> {
  const found = new Map<string, number[]>();
  const scan = set.gateScan;
  if (!scan) return found;
  scan.lastIndex = 0;
  // Stepping one character past each match start finds overlapping fragments too.
  for (let m = scan.exec(text); m; m = scan.exec(text)) {
    for (const fragment of set.contained.get(m[0]) ?? []) {
      const positions = found.get(fragment) ?? [];
      if (where) {
        const at = m.index + m[0].indexOf(fragment);
        if (positions.length <= MAX_GATE_HITS && positions[positions.length - 1] !== at) positions.push(at);
      }
      found.set(fragment, positions);
    }
    scan.lastIndex = m.index + 1;
  }
  return found;
}

/** The stretches of long `text` worth scanning for a rule whose gate occurs in it. */
function piecesFor(compiled: CompiledRule, text: string, gates: Map<string, number[]>): Piece[] {
  const whole = [{ text, offset: 0 }];
  const gate = compiled.gate;
  if (!gate) return whole;
  const hits: number[] = [];
  // Few fragments occur in any one text, so walk those rather than the rule's whole gate.
  for (const [fragment, positions] of gates) if (gate.has(fragment)) hits.push(...positions);
  if (hits.length === 0) return [];
  if (hits.length > MAX_GATE_HITS) return whole;
  hits.sort((a, b) => a - b);
  const reach = MATCH_REACH + compiled.window;
  const windows: Array<[number, number]> = [];
  for (const at of hits) {
    const from = Math.max(0, at - reach);
    const to = Math.min(text.length, at + reach);
    const last = windows[windows.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else windows.push([from, to]);
  }
  const covered = windows.reduce((sum, [a, b]) => sum + b - a, 0);
  if (covered > text.length * 0.6) return whole;
  return windows.map(([from, to]) => {
    // Start and end on whitespace so word boundaries stay true; a NUL guard keeps "^" and line-start
    // patterns from matching at an artificial start.
    let a = from;
    for (let back = 0; a > 0 && back < 40 && !isSpace(text.charCodeAt(a)); back++) a--;
    let b = to;
    for (let ahead = 0; b < text.length && ahead < 40 && !isSpace(text.charCodeAt(b)); ahead++) b++;
    return a === 0
      ? { text: text.slice(0, b), offset: 0 }
      : { text: "\u0000" + text.slice(a, b), offset: a - 1 };
  });
}

/** Expressions narrowed to the branches that can match in one text, sketched when first needed. */
class Narrowing {
  private sketch?: TextSketch;

  constructor(
    private readonly set: RuleSet,
    private readonly text: string,
  ) {}

  of(expression: BranchedExpression): RegExp | undefined {
    if (!this.set.narrow) return expression.full;
    // Runs are synchronous and each makes one sketch at most, so the set's scratch is free here.
    this.sketch ??= new TextSketch(this.text, this.set.sketchScratch);
    return narrowExpression(expression, this.sketch);
  }
}

/**
 * Runs compiled rules over `text` (already lower-cased). `segmentOf` maps an offset to the piece
 * of the text it belongs to, so a rule that needs several matches never pairs words from two
 * different strings. A pattern rule reports up to eight matches; a combination rule its closest.
 * Patterns are global expressions shared between calls; `lastIndex` is reset before each use.
 */
export function runRules(
  set: RuleSet,
  text: string,
  segmentOf: (offset: number) => number = () => 0,
): RuleHit[] {
  const hits: RuleHit[] = [];
  const long = text.length >= SCAN_WHOLE_BELOW;
  const gates = scanGates(set, text, long);
  const open = new Uint8Array(set.rules.length);
  for (const fragment of gates.keys()) for (const rule of set.opens.get(fragment) ?? []) open[rule] = 1;
  const whole = [{ text, offset: 0 }];
  const narrowing = new Narrowing(set, text);
  for (let i = 0; i < set.rules.length; i++) {
    const compiled = set.rules[i] as CompiledRule;
    // A rule runs only where a fragment of its gate occurs: over short text whole, over long text
    // around the fragments.
    if (compiled.gate && open[i] === 0) continue;
    const pieces = long ? piecesFor(compiled, text, gates) : whole;
    if (pieces.length === 0) continue;
    let matched = 0;
    const any = compiled.any && narrowing.of(compiled.any);
    if (any) {
      for (const piece of pieces) {
        for (const [start, end] of matchesOf(any, piece.text, MAX_HITS_PER_RULE - matched)) {
          hits.push({ rule: compiled.rule, start: start + piece.offset, end: end + piece.offset });
          matched++;
        }
        if (matched >= MAX_HITS_PER_RULE) break;
      }
    }
    if (matched === 0 && compiled.groups) {
      let best: [number, number] | undefined;
      const groups = new Groups(compiled.groups, narrowing);
      for (const piece of pieces) {
        const span = combinationSpan(groups, compiled.window, piece, segmentOf);
        if (span && (!best || span[1] - span[0] < best[1] - best[0])) best = span;
      }
      if (best) hits.push({ rule: compiled.rule, start: best[0], end: best[1] });
    }
  }
  return hits;
}

/** A combination rule's groups, each narrowed to the text when the search first reaches it. */
class Groups {
  private readonly narrowed: Array<RegExp | undefined | null> = [];

  constructor(
    private readonly groups: BranchedExpression[],
    private readonly narrowing: Narrowing,
  ) {}

  get length(): number {
    return this.groups.length;
  }

  /** The group narrowed to the text, or undefined when none of its branches can match there. */
  at(i: number): RegExp | undefined {
    let narrowed = this.narrowed[i];
    if (narrowed === undefined) {
      narrowed = this.narrowing.of(this.groups[i] as BranchedExpression) ?? null;
      this.narrowed[i] = narrowed;
    }
    return narrowed ?? undefined;
  }
}

function combinationSpan(
  groups: Groups,
  window: number,
  piece: Piece,
  segmentOf: (offset: number) => number,
): [number, number] | undefined {
  // Groups are searched in order and the search stops at the first that is absent, so rules list
  // their rarest group first. A group left without branches cannot match at all.
  const found: Array<Array<[number, number]>> = [];
  for (let i = 0; i < groups.length; i++) {
    const group = groups.at(i);
    if (!group) return undefined;
    const matches = matchesOf(group, piece.text, MAX_MATCHES_PER_GROUP);
    if (matches.length === 0) return undefined;
    found.push(matches.map(([a, b]) => [a + piece.offset, b + piece.offset]));
  }
  return closestSpan(found, window, segmentOf);
}
