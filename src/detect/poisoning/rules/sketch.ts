/**
 * A sketch of a text: a bit per hash of each of its four-character stretches. It answers "may
 * this literal occur here?" with a few bit tests, false only when the literal certainly does not
 * occur, so one cheap pass over a text replaces a search per literal.
 */

/** A literal a branch needs, with the slots of its four-character stretches in a sketch. */
export interface NeededLiteral {
  text: string;
  /** Slots of every four-character stretch of `text`; empty when it is shorter than four. */
  slots: Uint16Array;
  /** Its highest code unit: a text whose highest is lower cannot hold it (CJK in English text). */
  highest: number;
}

const SKETCH_BITS = 16;
/** Words of the largest sketch table. */
export const SKETCH_WORDS = (1 << SKETCH_BITS) / 32;
/** Length of the stretches a sketch records. */
export const GRAM = 4;

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
