import { findEncodedRuns, type Encoding } from "./encodings.js";
import { foldHomoglyphs } from "./homoglyphs.js";
import { stripInvisible, type InvisibleKind } from "./invisible.js";
import { stripTerminalEscapes } from "./terminal.js";

/** Everything normalisation can report about a text. */
export type NormalizationKind =
  InvisibleKind | "terminal-escapes" | "compatibility-forms" | "homoglyphs" | Encoding;

/** One thing normalisation found, ready to be reported as a finding. */
export interface NormalizationFinding {
  kind: NormalizationKind;
  /** How many characters, sequences or runs were involved. */
  count: number;
  /** UTF-16 index in the input where it was first seen (-1 inside decoded text). */
  index: number;
  /** Readable evidence: code points, the words involved, or the raw encoded run. */
  evidence: string;
  /** Text it hid or encoded, when there is any. */
  decoded?: string;
}

/** Text that was hidden or encoded in the input, recovered and itself normalised. */
export interface HiddenText {
  source: NormalizationKind;
  text: string;
}

/** The result of {@link normalizeText}. */
export interface NormalizedText {
  /** Visible text after NFKC, removal of invisible characters and escapes, and homoglyph folding. */
  text: string;
  /** What normalisation found, including inside decoded text. */
  findings: NormalizationFinding[];
  /** Text recovered from tag characters, variation selectors and encoded runs, each normalised. */
  hidden: HiddenText[];
}

/** Options of {@link normalizeText}. */
export interface NormalizeOptions {
  /** How many layers of encoding to peel (base64 inside percent-encoding is two). Default 2. */
  decodeDepth?: number;
}

// Fullwidth forms, mathematical alphanumerics, circled and parenthesised letters: styling that
// NFKC folds back to plain letters and that plain prose has no use for.
const COMPATIBILITY_LETTERS =
  /[\uff01-\uff5e]|[\u{1d400}-\u{1d7ff}]|[\u{1f130}-\u{1f189}]|[\u24b6-\u24e9]|[\u2460-\u24ff]|[\u{1f100}-\u{1f12f}]/gu;
const PLAIN_TEXT = /^[\t\n\r\x20-\x7e]*$/;
const EVIDENCE_LIMIT = 120;

function clip(text: string): string {
  return text.length > EVIDENCE_LIMIT ? text.slice(0, EVIDENCE_LIMIT - 1) + "…" : text;
}

/**
 * Normalises `input` for analysis and reports what it had to undo: terminal escapes, invisible
 * characters (zero-width, Unicode tags, variation selectors, bidi and control characters),
 * compatibility forms (NFKC), homoglyphs, and base64/hex/percent/entity/escape-encoded runs.
 * Hidden and encoded text is recovered into `hidden` so it can be analysed like visible text.
 *
 * @example
 * normalizeText("p\u200Bay \u{E0068}\u{E0069}").findings.map((f) => f.kind) // ["zero-width", "unicode-tags"]
 */
export function normalizeText(input: string, options: NormalizeOptions = {}): NormalizedText {
  const depth = options.decodeDepth ?? 2;
  const findings: NormalizationFinding[] = [];
  const hidden: HiddenText[] = [];
  let text = input;

  if (!PLAIN_TEXT.test(text)) {
    const terminal = stripTerminalEscapes(text);
    text = terminal.text;
    if (terminal.finding) {
      const { count, index, evidence, concealed } = terminal.finding;
      findings.push({
        kind: "terminal-escapes",
        count,
        index,
        evidence,
        ...(concealed ? { decoded: concealed } : {}),
      });
      if (concealed) hidden.push({ source: "terminal-escapes", text: concealed });
    }

    const invisible = stripInvisible(text);
    text = invisible.text;
    for (const found of invisible.findings) {
      findings.push(found);
      if (found.decoded) hidden.push({ source: found.kind, text: found.decoded });
    }

    const styled = text.match(COMPATIBILITY_LETTERS);
    text = text.normalize("NFKC");
    if (styled && styled.length >= 3) {
      findings.push({
        kind: "compatibility-forms",
        count: styled.length,
        index: input.search(COMPATIBILITY_LETTERS),
        evidence: clip(styled.join("")),
      });
    }

    const folded = foldHomoglyphs(text);
    text = folded.text;
    const disguised = [...folded.mixedWords, ...folded.disguisedWords];
    if (disguised.length > 0) {
      findings.push({
        kind: "homoglyphs",
        count: disguised.length,
        index: input.indexOf(disguised[0] ?? ""),
        evidence: clip(disguised.slice(0, 6).join(", ")),
      });
    }
  }

  if (depth > 0) {
    for (const run of findEncodedRuns(text)) {
      const inner = normalizeText(run.decoded, { decodeDepth: depth - 1 });
      findings.push({
        kind: run.encoding,
        count: 1,
        index: input.indexOf(run.raw),
        evidence: clip(run.raw),
        decoded: clip(inner.text),
      });
      hidden.push({ source: run.encoding, text: inner.text });
      for (const nested of inner.findings) findings.push({ ...nested, index: -1 });
      hidden.push(...inner.hidden);
    }
  }
  return { text, findings, hidden };
}
