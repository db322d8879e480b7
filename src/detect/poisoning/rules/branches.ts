import { literalBranches, type Branch } from "./literals.js";

/**
 * Rule expressions split into their top-level branches, each with the literals one of which every
 * match of it contains. Branches none of whose literals occur in a text cannot match there, so the
 * expression is run without them. Dropping branches that cannot match anywhere leaves every match,
 * and the order they are found in, exactly as it was.
 */

/** A literal a branch needs, with the slots of its four-character stretches in a sketch. */
export interface NeededLiteral {
  text: string;
  /** Slots of every four-character stretch of `text`; empty when it is shorter than four. */
  slots: Uint16Array;
  /** Its highest code unit: a text whose highest is lower cannot hold it (CJK in English text). */
  highest: number;
}

/** How an expression splits into branches and what each needs: read once, when first narrowed. */
interface Reading {
  /** Source of each top-level branch, in order. */
  branches: string[];
  /** The literals each branch needs one of, or undefined when it needs none known. */
  needs: Array<readonly NeededLiteral[] | undefined>;
  /**
   * Every needed literal of every branch, flattened for the scan that runs per text: its first
   * slot (or -1 when it is too short for the sketch), and where each branch's literals start.
   */
  probes: { first: Int32Array; starts: Int32Array; literal: NeededLiteral[] };
}

/**
 * A rule expression whose branches can be left out where they cannot match. Its branches are
 * read the first time it is narrowed, so loading the rules costs little and an expression that
 * never runs costs nothing.
 */
export class BranchedExpression {
  /** The whole expression, global. */
  readonly full: RegExp;
  /** Expressions made of some of the branches, by the list of branch numbers kept. */
  readonly narrowed = new Map<string, RegExp>();
  private read?: Reading;

  /** `known` shares the lookup form of literals between the expressions of one rule set. */
  constructor(
    readonly source: string,
    private readonly known: Map<string, NeededLiteral> = new Map(),
  ) {
    this.full = new RegExp(source, "g");
  }

  /** Source of each top-level branch, in order. */
  get branches(): string[] {
    return this.reading().branches;
  }

  /** The literals each branch needs one of, or undefined when it needs none known. */
  get needs(): Array<readonly NeededLiteral[] | undefined> {
    return this.reading().needs;
  }

  get probes(): Reading["probes"] {
    return this.reading().probes;
  }

  private reading(): Reading {
    this.read ??= readBranches(this.source, this.known);
    return this.read;
  }
}

// Distinct subsets seen in practice are few; past this many per expression (a bound on memory
// whatever definitions arrive), the whole expression is used.
const MAX_NARROWED = 64;
const SKETCH_BITS = 16;
/** Words of the largest sketch table. */
export const SKETCH_WORDS = (1 << SKETCH_BITS) / 32;
const GRAM = 4;

function slotOf(a: number, b: number, c: number, d: number): number {
  return Math.imul(((a * 31 + b) * 31 + c) * 31 + d, 0x9e3779b1) >>> (32 - SKETCH_BITS);
}

/**
 * A bit per hash of every four-character stretch of a text. A literal none of whose stretches is
 * missing may occur; one with a stretch missing certainly does not. One cheap pass per text
 * replaces a search per literal.
 */
export class TextSketch {
  private readonly bits: Uint32Array;
  /** Literal slots are 16-bit; a short text uses a smaller table, read through their top bits. */
  private readonly shift: number;
  /** The highest code unit of the text. */
  private readonly highest: number;

  /**
   * Sketches `text`, in `scratch` when given (a buffer of {@link SKETCH_WORDS} words that no other
   * live sketch uses): a typed array this large is slow to allocate, and runs are many.
   */
  constructor(
    private readonly text: string,
    scratch?: Uint32Array,
  ) {
    // About thirty-two bits per stretch keeps the table sparse; a short text needs a small one.
    const size = Math.min(SKETCH_BITS, Math.max(10, Math.ceil(Math.log2(Math.max(1, text.length) * 32))));
    this.shift = SKETCH_BITS - size;
    const words = (1 << size) / 32;
    const bits = (this.bits = scratch ? scratch.subarray(0, words).fill(0) : new Uint32Array(words));
    const shift = this.shift;
    let a = 0;
    let b = 0;
    let c = 0;
    let highest = 0;
    for (let i = 0; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d > highest) highest = d;
      if (i >= GRAM - 1) {
        const slot = slotOf(a, b, c, d) >>> shift;
        bits[slot >>> 5] = (bits[slot >>> 5] ?? 0) | (1 << (slot & 31));
      }
      a = b;
      b = c;
      c = d;
    }
    this.highest = highest;
  }

  /** Whether some four-character stretch of the text may fall in `slot`. */
  has(slot: number): boolean {
    const at = slot >>> this.shift;
    return ((this.bits[at >>> 5] ?? 0) & (1 << (at & 31))) !== 0;
  }

  /** False only when `literal` does not occur in the text. */
  mayContain(literal: NeededLiteral): boolean {
    if (literal.highest > this.highest) return false;
    if (literal.text.length < GRAM) return this.text.includes(literal.text);
    const { bits, shift } = this;
    const slots = literal.slots;
    for (let i = 0; i < slots.length; i++) {
      const at = (slots[i] ?? 0) >>> shift;
      if (((bits[at >>> 5] ?? 0) & (1 << (at & 31))) === 0) return false;
    }
    return true;
  }
}

const SPACE_OR_PUNCTUATION = /[\s\p{P}]/u;
const ASCII_SPACE_OR_PUNCTUATION = Array.from({ length: 128 }, (_, code) =>
  SPACE_OR_PUNCTUATION.test(String.fromCharCode(code)),
);

function isSpaceOrPunctuation(code: number): boolean {
  return code < 128
    ? (ASCII_SPACE_OR_PUNCTUATION[code] ?? false)
    : SPACE_OR_PUNCTUATION.test(String.fromCharCode(code));
}

/** The slots a literal is looked up by in a {@link TextSketch}. */
export function neededLiteral(text: string): NeededLiteral {
  // Stretches of letters alone are rarer than those with a space ("the ", " and"); probed first,
  // they rule an absent literal out sooner.
  const plain: number[] = [];
  const mixed: number[] = [];
  let highest = 0;
  let lastSpaced = -GRAM;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    highest = Math.max(highest, code);
    if (isSpaceOrPunctuation(code)) lastSpaced = i;
    if (i + 1 < GRAM) continue;
    const slot = slotOf(text.charCodeAt(i - 3), text.charCodeAt(i - 2), text.charCodeAt(i - 1), code);
    (lastSpaced > i - GRAM ? mixed : plain).push(slot);
  }
  return { text, slots: Uint16Array.from(new Set([...plain, ...mixed])), highest };
}

function readBranches(source: string, known: Map<string, NeededLiteral>): Reading {
  // Numbered back-references would point at other groups once branches are left out.
  let read: Branch[] = /\\[1-9]/.test(source) ? [] : literalBranches(source);
  if (read.map((branch) => branch.source).join("|") !== source) read = [{ source, literals: undefined }];
  const branches = read.map((branch) => branch.source);
  const needs = read.map((branch) =>
    branch.literals?.map((text) => {
      let literal = known.get(text);
      if (!literal) known.set(text, (literal = neededLiteral(text)));
      return literal;
    }),
  );
  const literal = needs.flatMap((literals) => literals ?? []);
  const starts = new Int32Array(needs.length + 1);
  needs.forEach((literals, i) => (starts[i + 1] = (starts[i] ?? 0) + (literals?.length ?? 0)));
  const probes = {
    first: Int32Array.from(literal, (l) => (l.text.length < GRAM ? -1 : (l.slots[0] ?? -1))),
    starts,
    literal,
  };
  return { branches, needs, probes };
}

/**
 * The expression without the branches that cannot match in the sketched text, or undefined when
 * none can. Global, like the whole expression.
 */
export function narrowExpression(expression: BranchedExpression, sketch: TextSketch): RegExp | undefined {
  const { needs, probes } = expression;
  const { first, starts, literal } = probes;
  const kept: number[] = [];
  for (let i = 0; i < needs.length; i++) {
    let possible = needs[i] === undefined;
    const end = starts[i + 1] ?? 0;
    for (let k = starts[i] ?? 0; !possible && k < end; k++) {
      // One probe rules most literals out; only those it lets through are looked at whole.
      const slot = first[k] ?? -1;
      possible = (slot < 0 || sketch.has(slot)) && sketch.mayContain(literal[k] as NeededLiteral);
    }
    if (possible) kept.push(i);
  }
  if (kept.length === 0) return undefined;
  if (kept.length === expression.branches.length) return expression.full;
  const key = kept.join(",");
  let narrowed = expression.narrowed.get(key);
  if (!narrowed) {
    if (expression.narrowed.size >= MAX_NARROWED) return expression.full;
    narrowed = new RegExp(kept.map((i) => expression.branches[i]).join("|"), "g");
    expression.narrowed.set(key, narrowed);
  }
  return narrowed;
}
