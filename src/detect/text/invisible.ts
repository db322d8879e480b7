/**
 * Invisible code points: characters a person reading a definition in a UI never sees but a model
 * reads (or that reorder what the person sees). They are removed from the text, and what they
 * smuggle (Unicode tag characters, variation-selector bytes) is decoded so it can be analysed too.
 */

/** The families of invisible code points this module recognises. */
export type InvisibleKind =
  "zero-width" | "unicode-tags" | "variation-selectors" | "bidi-controls" | "control-characters";

/** One family of invisible code points found in a text. */
export interface InvisibleFinding {
  kind: InvisibleKind;
  /** How many code points of this family were removed. */
  count: number;
  /** UTF-16 index of the first one in the input. */
  index: number;
  /** Readable evidence, for example `U+200B x3`. */
  evidence: string;
  /** Text the code points smuggled (tag characters, variation-selector bytes), when there is any. */
  decoded?: string;
}

/** The input with every invisible code point removed, and what was removed. */
export interface InvisibleScan {
  text: string;
  findings: InvisibleFinding[];
}

const PLAIN_TEXT = /^[\t\n\r\x20-\x7e]*$/;
const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Emoji_Modifier}/u;
const NON_LATIN_JOINING_SCRIPT =
  /[\p{Script=Arabic}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Syriac}\p{Script=Malayalam}\p{Script=Kannada}\p{Script=Telugu}\p{Script=Tamil}\p{Script=Gujarati}\p{Script=Gurmukhi}\p{Script=Oriya}\p{Script=Sinhala}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Mongolian}]/u;
const RIGHT_TO_LEFT = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const HAN = /\p{Script=Han}/u;

const ZERO_WIDTH = new Set([
  0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x180e, 0x00ad, 0x034f, 0x115f, 0x1160, 0x3164, 0xffa0, 0x2061,
  0x2062, 0x2063, 0x2064, 0x206a, 0x206b, 0x206c, 0x206d, 0x206e, 0x206f, 0x17b4, 0x17b5, 0x1bca0, 0x1bca1,
  0x1bca2, 0x1bca3,
]);
const BIDI_OVERRIDES = new Set([0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
const BIDI_MARKS = new Set([0x200e, 0x200f, 0x061c]);

function codeClass(points: Iterable<number>): string {
  return [...points].map((cp) => `\\u{${cp.toString(16)}}`).join("");
}

// Every code point the strip below removes or treats specially: text without any is kept as is.
const ANY_INVISIBLE = new RegExp(
  "[\\u{e0000}-\\u{e007f}\\ufe00-\\ufe0f\\u{e0100}-\\u{e01ef}\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f" +
    codeClass([...ZERO_WIDTH, ...BIDI_OVERRIDES, ...BIDI_MARKS]) +
    "]",
  "u",
);

function isTag(cp: number): boolean {
  return cp >= 0xe0000 && cp <= 0xe007f;
}

function variationSelectorByte(cp: number): number | undefined {
  if (cp >= 0xfe00 && cp <= 0xfe0f) return cp - 0xfe00;
  if (cp >= 0xe0100 && cp <= 0xe01ef) return cp - 0xe0100 + 16;
  return undefined;
}

function isControl(cp: number): boolean {
  return (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) || (cp >= 0x7f && cp <= 0x9f);
}

function hex(cp: number): string {
  return "U+" + cp.toString(16).toUpperCase().padStart(4, "0");
}

/**
 * Decodes Unicode tag characters (U+E0020..U+E007E) to the ASCII they mirror; other code points
 * are ignored. `decodeTagCharacters("\u{E0068}\u{E0069}")` is `"hi"`.
 */
export function decodeTagCharacters(text: string): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xe0020 && cp <= 0xe007e) out += String.fromCharCode(cp - 0xe0000);
  }
  return out;
}

/** A subdivision flag (England, Scotland...) is a black flag followed by a few tag letters. */
function isFlagTagSequence(previous: number | undefined, tags: number[]): boolean {
  if (previous !== 0x1f3f4 || tags.length < 3 || tags.length > 8) return false;
  if (tags[tags.length - 1] !== 0xe007f) return false;
  return tags
    .slice(0, -1)
    .every((cp) => (cp >= 0xe0061 && cp <= 0xe007a) || (cp >= 0xe0030 && cp <= 0xe0039));
}

// One decoder for every call: without streaming, each decode starts afresh.
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

function decodeBytes(bytes: number[]): string | undefined {
  try {
    const text = STRICT_UTF8.decode(Uint8Array.from(bytes));
    return /^[\p{L}\p{N}\p{P}\p{S}\s]+$/u.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

class FindingCollector {
  private readonly byKind = new Map<InvisibleKind, InvisibleFinding & { points: Map<number, number> }>();

  add(kind: InvisibleKind, cp: number, index: number, decoded?: string): void {
    let entry = this.byKind.get(kind);
    if (!entry) {
      entry = { kind, count: 0, index, evidence: "", points: new Map() };
      this.byKind.set(kind, entry);
    }
    entry.count += 1;
    entry.points.set(cp, (entry.points.get(cp) ?? 0) + 1);
    if (decoded) entry.decoded = entry.decoded ? `${entry.decoded} ${decoded}` : decoded;
  }

  findings(): InvisibleFinding[] {
    return [...this.byKind.values()].map(({ points, ...finding }) => {
      const listed = [...points.entries()].slice(0, 4).map(([cp, n]) => `${hex(cp)} x${n}`);
      const more = points.size > 4 ? ` (+${points.size - 4} more kinds)` : "";
      return { ...finding, evidence: listed.join(", ") + more };
    });
  }
}

/**
 * Removes zero-width characters, Unicode tag characters, variation-selector runs, bidi controls
 * and stray control characters, decoding what tags and variation selectors smuggle. Code points
 * with a legitimate job are kept: ZWJ inside emoji sequences and joining scripts, single
 * variation selectors after emoji or Han ideographs, subdivision flag tags, a leading BOM, and
 * left/right marks in right-to-left text.
 */
export function stripInvisible(text: string): InvisibleScan {
  if (PLAIN_TEXT.test(text) || !ANY_INVISIBLE.test(text)) return { text, findings: [] };
  const points = Array.from(text, (ch) => ch.codePointAt(0) ?? 0);
  const hasRightToLeft = RIGHT_TO_LEFT.test(text);
  const collector = new FindingCollector();
  const kept: string[] = [];
  let utf16Index = 0;
  const offsets: number[] = [];
  for (const cp of points) {
    offsets.push(utf16Index);
    utf16Index += cp > 0xffff ? 2 : 1;
  }
  const charAt = (i: number): string =>
    i >= 0 && i < points.length ? String.fromCodePoint(points[i] ?? 0) : "";

  for (let i = 0; i < points.length; i++) {
    const cp = points[i] ?? 0;
    const at = offsets[i] ?? 0;
    if (isTag(cp)) {
      let end = i;
      while (end < points.length && isTag(points[end] ?? 0)) end++;
      const run = points.slice(i, end);
      if (!isFlagTagSequence(points[i - 1], run)) {
        const decoded = decodeTagCharacters(String.fromCodePoint(...run));
        run.forEach((tag, k) => collector.add("unicode-tags", tag, at, k === 0 ? decoded : undefined));
      } else {
        kept.push(String.fromCodePoint(...run));
      }
      i = end - 1;
      continue;
    }
    const selectorByte = variationSelectorByte(cp);
    if (selectorByte !== undefined) {
      let end = i;
      while (end < points.length && variationSelectorByte(points[end] ?? 0) !== undefined) end++;
      const previous = charAt(i - 1);
      const single = end - i === 1;
      if (single && (PICTOGRAPHIC.test(previous) || HAN.test(previous) || /[\p{S}\p{N}]/u.test(previous))) {
        kept.push(String.fromCodePoint(cp));
        continue;
      }
      const bytes = points.slice(i, end).map((p) => variationSelectorByte(p) ?? 0);
      const decoded = bytes.length >= 4 ? decodeBytes(bytes) : undefined;
      points
        .slice(i, end)
        .forEach((p, k) => collector.add("variation-selectors", p, at, k === 0 ? decoded : undefined));
      i = end - 1;
      continue;
    }
    if (ZERO_WIDTH.has(cp)) {
      const previous = charAt(i - 1);
      const next = charAt(i + 1);
      const emojiJoin = cp === 0x200d && PICTOGRAPHIC.test(previous) && PICTOGRAPHIC.test(next);
      const scriptJoin =
        (cp === 0x200c || cp === 0x200d) &&
        (NON_LATIN_JOINING_SCRIPT.test(previous) || NON_LATIN_JOINING_SCRIPT.test(next));
      const leadingBom = cp === 0xfeff && i === 0;
      if (emojiJoin || scriptJoin) kept.push(String.fromCodePoint(cp));
      else if (!leadingBom) collector.add("zero-width", cp, at);
      continue;
    }
    if (BIDI_OVERRIDES.has(cp)) {
      collector.add("bidi-controls", cp, at);
      continue;
    }
    if (BIDI_MARKS.has(cp)) {
      if (!hasRightToLeft) collector.add("bidi-controls", cp, at);
      continue;
    }
    if (isControl(cp)) {
      collector.add("control-characters", cp, at);
      continue;
    }
    kept.push(String.fromCodePoint(cp));
  }
  return { text: kept.join(""), findings: collector.findings() };
}
