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

/**
 * Prepares text for featurising: lower case, whitespace collapsed, separators like `_` `-` `/`
 * turned into spaces so `conversation_history` and "conversation history" share features.
 */
export function prepareText(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[_\-/\\|`*#>"(){}[\]]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()} `;
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

/**
 * The same features as {@link forEachFeature}, summed straight into weighted totals without a
 * callback per feature: the inference hot path. Returns the normalised char and word sums.
 */
export function weightedSum(prepared: string, weights: Float32Array): number {
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
      const bigram =
        Math.imul((Math.imul(previousWord ^ BIGRAM_SEED, FNV_PRIME) >>> 0) ^ hash, FNV_PRIME) >>> 0;
      weight = weights[bigram & mask] ?? 0;
      wordSum += bigram & 0x80000000 ? -weight : weight;
      wordCount++;
    }
    previousWord = hash;
    hasPrevious = true;
  }
  return (
    (charCount > 0 ? charSum / Math.sqrt(charCount) : 0) +
    (wordCount > 0 ? wordSum / Math.sqrt(wordCount) : 0)
  );
}

/** Bucket index of a hash in a table of `buckets` (a power of two) entries. */
export function bucketOf(hash: number, buckets: number): number {
  return hash & (buckets - 1);
}

/** +1 or -1, from a hash bit the bucket index does not use. */
export function signOf(hash: number): number {
  return hash & 0x80000000 ? -1 : 1;
}

const SENTENCE_BREAK = /(?<=[.!?;。！？；])\s+|(?<=[。！？；])|\n+/;
const MAX_CHUNK_CHARS = 400;
const WINDOW_STEP = 200;
const MAX_PAIR_CHARS = 160;

/**
 * Splits text into the chunks the model scores: each sentence and each pair of short neighbouring
 * sentences (a payload often spans two), dropping fragments too short to mean anything.
 */
export function chunkText(text: string): string[] {
  const sentences = text
    .split(SENTENCE_BREAK)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const chunks: string[] = [];
  const keep = (chunk: string): void => {
    const meaningful = /[\u3040-\u9fff\uac00-\ud7af]/.test(chunk)
      ? chunk.length >= 6
      : chunk.split(/\s+/).length >= 3;
    if (!meaningful) return;
    if (chunk.length <= MAX_CHUNK_CHARS) {
      chunks.push(chunk);
      return;
    }
    // A long run-on sentence is read in overlapping windows so nothing late in it is skipped.
    for (let start = 0; start < chunk.length; start += WINDOW_STEP) {
      chunks.push(chunk.slice(start, start + MAX_CHUNK_CHARS));
      if (start + MAX_CHUNK_CHARS >= chunk.length) break;
    }
  };
  sentences.forEach((sentence, i) => {
    keep(sentence);
    const next = sentences[i + 1];
    // Short neighbours are also read together: a payload is often split over two brief sentences.
    if (next !== undefined && sentence.length + next.length <= MAX_PAIR_CHARS) keep(`${sentence} ${next}`);
  });
  return chunks;
}
