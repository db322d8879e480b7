import { requiredLiterals, topLevelBranches } from "./literals.js";

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
}

/** A rule expression whose branches can be left out where they cannot match. */
export interface BranchedExpression {
  /** The whole expression, global. */
  full: RegExp;
  /** Source of each top-level branch, in order. */
  branches: string[];
  /** The literals each branch needs one of, or undefined when it needs none known. */
  needs: Array<readonly NeededLiteral[] | undefined>;
  /** Expressions made of some of the branches, by the list of branch numbers kept. */
  narrowed: Map<string, RegExp>;
}

// Distinct subsets seen in practice are few; past this many per expression (a bound on memory
// whatever definitions arrive), the whole expression is used.
const MAX_NARROWED = 64;
const SKETCH_BITS = 16;
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
  private readonly bits = new Uint32Array((1 << SKETCH_BITS) / 32);

  constructor(private readonly text: string) {
    const bits = this.bits;
    let a = 0;
    let b = 0;
    let c = 0;
    for (let i = 0; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (i >= GRAM - 1) {
        const slot = slotOf(a, b, c, d);
        bits[slot >>> 5] = (bits[slot >>> 5] ?? 0) | (1 << (slot & 31));
      }
      a = b;
      b = c;
      c = d;
    }
  }

  /** False only when `literal` does not occur in the text. */
  mayContain(literal: NeededLiteral): boolean {
    if (literal.text.length < GRAM) return this.text.includes(literal.text);
    for (const slot of literal.slots)
      if (((this.bits[slot >>> 5] ?? 0) & (1 << (slot & 31))) === 0) return false;
    return true;
  }
}

/** The slots a literal is looked up by in a {@link TextSketch}. */
export function neededLiteral(text: string): NeededLiteral {
  const slots = new Set<number>();
  for (let i = 0; i + GRAM <= text.length; i++) {
    slots.add(
      slotOf(text.charCodeAt(i), text.charCodeAt(i + 1), text.charCodeAt(i + 2), text.charCodeAt(i + 3)),
    );
  }
  return { text, slots: Uint16Array.from(slots) };
}

/** Splits a compiled source into branches, each with the literals it needs. */
export function branchExpression(source: string): BranchedExpression {
  const full = new RegExp(source, "g");
  // Numbered back-references would point at other groups once branches are left out.
  let branches = /\\[1-9]/.test(source) ? [source] : topLevelBranches(source);
  if (branches.join("|") !== source) branches = [source];
  const needs = branches.map((branch) => requiredLiterals(branch)?.map(neededLiteral));
  return { full, branches, needs, narrowed: new Map() };
}

/**
 * The expression without the branches that cannot match in the sketched text, or undefined when
 * none can. Global, like the whole expression.
 */
export function narrowExpression(expression: BranchedExpression, sketch: TextSketch): RegExp | undefined {
  const kept: number[] = [];
  expression.needs.forEach((needs, i) => {
    if (!needs || needs.some((literal) => sketch.mayContain(literal))) kept.push(i);
  });
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
