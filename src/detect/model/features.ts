/**
 * Hashed features for the poisoning model: character 3- and 4-grams over the whole chunk (they
 * survive misspellings, inflection, missing spaces in CJK text and leftover obfuscation) plus word
 * unigrams and bigrams (they carry phrasing: "do not tell", "send it to"). Features are hashed
 * with FNV-1a straight from the character codes, so no substring or map is allocated, and each
 * hash also picks a sign so bucket collisions cancel out on average instead of piling up.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const CHAR_SEED = 0x9e3779b1;
const WORD_SEED = 0x85ebca6b;
const BIGRAM_SEED = 0xc2b2ae35;
const MIN_CHAR_GRAM = 3;
const MAX_CHAR_GRAM = 4;

/** Called once per feature occurrence with the raw 32-bit hash and the group it belongs to. */
export type FeatureSink = (hash: number, group: FeatureGroup) => void;

/** Character n-grams and word n-grams are normalised separately. */
export type FeatureGroup = 0 | 1;
export const CHAR_GROUP: FeatureGroup = 0;
export const WORD_GROUP: FeatureGroup = 1;

function step(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME) >>> 0;
}

function isWordCode(code: number): boolean {
  // Letters and digits of any script, plus underscore and apostrophe; the rest separates words.
  if (code >= 0x61 && code <= 0x7a) return true;
  if (code >= 0x30 && code <= 0x39) return true;
  if (code === 0x5f || code === 0x27) return true;
  if (code < 0x80) return false;
  return (
    !(code >= 0x2000 && code <= 0x206f) &&
    !(code >= 0x3000 && code <= 0x303f) &&
    !(code >= 0xff00 && code <= 0xff0f)
  );
}

// Separators and whitespace alike: each run of them becomes one space.
const SEPARATORS = /[\s_\-/\\|`*#>"(){}[\]]+/g;

/**
 * Prepares text for featurising: lower case, whitespace collapsed, separators like `_` `-` `/`
 * turned into spaces so `conversation_history` and "conversation history" share features.
 */
export function prepareText(text: string): string {
  return ` ${text.toLowerCase().replace(SEPARATORS, " ").trim()} `;
}

/**
 * Emits every feature hash of `prepared` (the output of {@link prepareText}) to `sink`.
 * Returns how many features each group produced.
 */
export function forEachFeature(prepared: string, sink: FeatureSink): [number, number] {
  let charCount = 0;
  let wordCount = 0;
  const length = prepared.length;
  for (let i = 0; i + MIN_CHAR_GRAM <= length; i++) {
    let hash = step(FNV_OFFSET, CHAR_SEED);
    for (let n = 1; n <= MAX_CHAR_GRAM && i + n <= length; n++) {
      hash = step(hash, prepared.charCodeAt(i + n - 1));
      if (n >= MIN_CHAR_GRAM) {
        sink(step(hash, n), CHAR_GROUP);
        charCount++;
      }
    }
  }
  let previousWord = 0;
  let hasPrevious = false;
  let i = 0;
  while (i < length) {
    while (i < length && !isWordCode(prepared.charCodeAt(i))) i++;
    if (i >= length) break;
    let hash = step(FNV_OFFSET, WORD_SEED);
    while (i < length && isWordCode(prepared.charCodeAt(i))) hash = step(hash, prepared.charCodeAt(i++));
    sink(hash, WORD_GROUP);
    wordCount++;
    if (hasPrevious) {
      sink(step(step(previousWord, BIGRAM_SEED), hash), WORD_GROUP);
      wordCount++;
    }
    previousWord = hash;
    hasPrevious = true;
  }
  return [charCount, wordCount];
}

/** Weighted feature totals of one prepared chunk, and the hashes of its first and last word. */
export interface FeatureSums {
  charSum: number;
  charCount: number;
  wordSum: number;
  wordCount: number;
  /** Hash of the first and last word; meaningful only when `wordCount` is not 0. */
  firstWord: number;
  lastWord: number;
}

/**
 * The same features as {@link forEachFeature}, summed straight into weighted totals without a
 * callback per feature: the inference hot path.
 */
export function featureSums(prepared: string, weights: Float32Array): FeatureSums {
  const mask = weights.length - 1;
  const length = prepared.length;
  let charSum = 0;
  let charCount = 0;
  for (let i = 0; i + MIN_CHAR_GRAM <= length; i++) {
    let hash = Math.imul(FNV_OFFSET ^ CHAR_SEED, FNV_PRIME) >>> 0;
    const last = Math.min(MAX_CHAR_GRAM, length - i);
    for (let n = 1; n <= last; n++) {
      hash = Math.imul(hash ^ prepared.charCodeAt(i + n - 1), FNV_PRIME) >>> 0;
      if (n >= MIN_CHAR_GRAM) {
        const feature = Math.imul(hash ^ n, FNV_PRIME) >>> 0;
        const weight = weights[feature & mask] ?? 0;
        charSum += feature & 0x80000000 ? -weight : weight;
        charCount++;
      }
    }
  }
  let wordSum = 0;
  let wordCount = 0;
  let firstWord = 0;
  let previousWord = 0;
  let hasPrevious = false;
  let i = 0;
  while (i < length) {
    while (i < length && !isWordCode(prepared.charCodeAt(i))) i++;
    if (i >= length) break;
    let hash = Math.imul(FNV_OFFSET ^ WORD_SEED, FNV_PRIME) >>> 0;
    while (i < length && isWordCode(prepared.charCodeAt(i)))
      hash = Math.imul(hash ^ prepared.charCodeAt(i++), FNV_PRIME) >>> 0;
    let weight = weights[hash & mask] ?? 0;
    wordSum += hash & 0x80000000 ? -weight : weight;
    wordCount++;
    if (hasPrevious) {
      const bigram = bigramOf(previousWord, hash);
      weight = weights[bigram & mask] ?? 0;
      wordSum += bigram & 0x80000000 ? -weight : weight;
      wordCount++;
    } else firstWord = hash;
    previousWord = hash;
    hasPrevious = true;
  }
  return { charSum, charCount, wordSum, wordCount, firstWord, lastWord: previousWord };
}

function bigramOf(previous: number, word: number): number {
  return Math.imul((Math.imul(previous ^ BIGRAM_SEED, FNV_PRIME) >>> 0) ^ word, FNV_PRIME) >>> 0;
}

/** The model's input from feature totals: char and word sums, each normalised by its count. */
export function normalisedSum(sums: FeatureSums): number {
  return (
    (sums.charCount > 0 ? sums.charSum / Math.sqrt(sums.charCount) : 0) +
    (sums.wordCount > 0 ? sums.wordSum / Math.sqrt(sums.wordCount) : 0)
  );
}

/** {@link normalisedSum} of the features of `prepared` (the output of {@link prepareText}). */
export function weightedSum(prepared: string, weights: Float32Array): number {
  return normalisedSum(featureSums(prepared, weights));
}

const SPACE = 0x20;

function charGramWeight(codes: number[], weights: Float32Array): number {
  let hash = Math.imul(FNV_OFFSET ^ CHAR_SEED, FNV_PRIME) >>> 0;
  for (const code of codes) hash = Math.imul(hash ^ code, FNV_PRIME) >>> 0;
  const feature = Math.imul(hash ^ codes.length, FNV_PRIME) >>> 0;
  const weight = weights[feature & (weights.length - 1)] ?? 0;
  return feature & 0x80000000 ? -weight : weight;
}

/**
 * The feature totals of two chunks read as one, `prepareText(a + " " + b)`, from the totals of
 * each and their prepared text without its outer spaces (`core`). Only the three character
 * n-grams that span the joining space and the bigram of the two words beside it are new. With
 * quantised weights every partial sum is exact, so the result equals featurising the pair afresh.
 */
export function joinedSums(
  left: { core: string; sums: FeatureSums },
  right: { core: string; sums: FeatureSums },
  weights: Float32Array,
): FeatureSums {
  if (left.core.length === 0) return right.sums;
  if (right.core.length === 0) return left.sums;
  const a = left.sums;
  const b = right.sums;
  // The prepared pair is " " + left + " " + right + " "; these are the code units around the join.
  const beforeLast = left.core.length >= 2 ? left.core.charCodeAt(left.core.length - 2) : SPACE;
  const last = left.core.charCodeAt(left.core.length - 1);
  const first = right.core.charCodeAt(0);
  const second = right.core.length >= 2 ? right.core.charCodeAt(1) : SPACE;
  const spanning =
    charGramWeight([last, SPACE, first], weights) +
    charGramWeight([last, SPACE, first, second], weights) +
    charGramWeight([beforeLast, last, SPACE, first], weights);
  const both = a.wordCount > 0 && b.wordCount > 0;
  let wordSum = a.wordSum + b.wordSum;
  if (both) {
    const bigram = bigramOf(a.lastWord, b.firstWord);
    const weight = weights[bigram & (weights.length - 1)] ?? 0;
    wordSum += bigram & 0x80000000 ? -weight : weight;
  }
  return {
    charSum: a.charSum + b.charSum + spanning,
    charCount: a.charCount + b.charCount + 3,
    wordSum,
    wordCount: a.wordCount + b.wordCount + (both ? 1 : 0),
    firstWord: a.wordCount > 0 ? a.firstWord : b.firstWord,
    lastWord: b.wordCount > 0 ? b.lastWord : a.lastWord,
  };
}

/** Bucket index of a hash in a table of `buckets` (a power of two) entries. */
export function bucketOf(hash: number, buckets: number): number {
  return hash & (buckets - 1);
}

/** +1 or -1, from a hash bit the bucket index does not use. */
export function signOf(hash: number): number {
  return hash & 0x80000000 ? -1 : 1;
}
