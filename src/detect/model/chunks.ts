import {
  featureSums,
  joinedSums,
  normalisedSum,
  prepareText,
  weightedSum,
  type FeatureSums,
} from "./features.js";

/**
 * The chunks the model scores: each sentence, and each pair of short neighbouring sentences (a
 * payload often spans two). Scoring featurises every sentence once and reads a pair from the
 * totals of its two sentences, instead of featurising the text of the pair again.
 */

const SENTENCE_BREAK = /(?<=[.!?;。！？；])\s+|(?<=[。！？；])|\n+/;
const CJK = /[\u3040-\u9fff\uac00-\ud7af]/;
const MAX_CHUNK_CHARS = 400;
const WINDOW_STEP = 200;
const MAX_PAIR_CHARS = 160;

// Text without any of these has no sentence break.
const MAY_BREAK = /[.!?;。！？；\n]/;

function sentencesOf(text: string): string[] {
  if (!MAY_BREAK.test(text)) {
    const sentence = text.trim();
    return sentence.length > 0 ? [sentence] : [];
  }
  return text
    .split(SENTENCE_BREAK)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Whether a chunk is long enough to mean anything: three words, or six characters of CJK. */
function meaningful(length: number, words: number, cjk: boolean): boolean {
  return cjk ? length >= 6 : words >= 3;
}

const SPACE = /\s/;

function isSpace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return SPACE.test(String.fromCharCode(code));
}

/** Words of a trimmed chunk, as `chunk.split(/\s+/).length` counts them: one more than its gaps. */
function wordsOf(chunk: string): number {
  let words = 1;
  let inGap = false;
  for (let i = 0; i < chunk.length; i++) {
    const gap = isSpace(chunk.charCodeAt(i));
    if (gap && !inGap) words++;
    inGap = gap;
  }
  return words;
}

/** A long run-on chunk is read in overlapping windows so nothing late in it is skipped. */
function windowsOf(chunk: string): string[] {
  if (chunk.length <= MAX_CHUNK_CHARS) return [chunk];
  const windows: string[] = [];
  for (let start = 0; start < chunk.length; start += WINDOW_STEP) {
    windows.push(chunk.slice(start, start + MAX_CHUNK_CHARS));
    if (start + MAX_CHUNK_CHARS >= chunk.length) break;
  }
  return windows;
}

/**
 * Splits text into the chunks the model scores: each sentence and each pair of short neighbouring
 * sentences (a payload often spans two), dropping fragments too short to mean anything.
 */
export function chunkText(text: string): string[] {
  const chunks: string[] = [];
  const keep = (chunk: string): void => {
    if (meaningful(chunk.length, wordsOf(chunk), CJK.test(chunk))) chunks.push(...windowsOf(chunk));
  };
  const sentences = sentencesOf(text);
  sentences.forEach((sentence, i) => {
    keep(sentence);
    const next = sentences[i + 1];
    if (next !== undefined && sentence.length + next.length <= MAX_PAIR_CHARS) keep(`${sentence} ${next}`);
  });
  return chunks;
}

interface Sentence {
  text: string;
  words: number;
  cjk: boolean;
  /** Prepared text without its outer spaces, and its feature totals; read when first needed. */
  featured?: { core: string; sums: FeatureSums };
}

function featured(sentence: Sentence, weights: Float32Array): { core: string; sums: FeatureSums } {
  if (!sentence.featured) {
    const prepared = prepareText(sentence.text);
    sentence.featured = { core: prepared.slice(1, -1), sums: featureSums(prepared, weights) };
  }
  return sentence.featured;
}

/**
 * Calls `visit` with every chunk {@link chunkText} gives, in the same order, and the weighted sum
 * of its features, equal to `weightedSum(prepareText(chunk), weights)`.
 */
export function forEachChunkSum(
  text: string,
  weights: Float32Array,
  visit: (chunk: string, sum: number) => void,
): void {
  const texts = sentencesOf(text);
  const sentences: Sentence[] = texts.map((s) => ({ text: s, words: wordsOf(s), cjk: CJK.test(s) }));
  texts.forEach((text, i) => {
    const sentence = sentences[i] as Sentence;
    if (meaningful(text.length, sentence.words, sentence.cjk)) {
      if (text.length <= MAX_CHUNK_CHARS) visit(text, normalisedSum(featured(sentence, weights).sums));
      else for (const window of windowsOf(text)) visit(window, weightedSum(prepareText(window), weights));
    }
    const next = texts[i + 1];
    const after = sentences[i + 1];
    if (next === undefined || after === undefined || text.length + next.length > MAX_PAIR_CHARS) return;
    // "a b": its words are those of both, and it is CJK where either is.
    if (!meaningful(text.length + 1 + next.length, sentence.words + after.words, sentence.cjk || after.cjk))
      return;
    visit(
      `${text} ${next}`,
      normalisedSum(joinedSums(featured(sentence, weights), featured(after, weights), weights)),
    );
  });
}
