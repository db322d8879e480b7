import { bucketOf, forEachFeature, prepareText, signOf } from "./features.js";
import type { PoisoningModel } from "./model.js";

/** One labelled chunk of text: 1 for an injected instruction, 0 for benign text. */
export interface TrainingExample {
  text: string;
  label: 0 | 1;
}

/** Options of {@link trainModel}. */
export interface TrainingOptions {
  /** Weight table size, a power of two (default 2^16). */
  buckets?: number;
  epochs?: number;
  learningRate?: number;
  /** L2 penalty per example step. */
  l2?: number;
  /** Seed of the shuffle, so training is reproducible. */
  seed?: number;
}

interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

function vectorize(text: string, buckets: number): SparseVector {
  const groups: Array<Map<number, number>> = [new Map(), new Map()];
  const [charCount, wordCount] = forEachFeature(prepareText(text), (hash, group) => {
    const map = groups[group] as Map<number, number>;
    const index = bucketOf(hash, buckets);
    map.set(index, (map.get(index) ?? 0) + signOf(hash));
  });
  const merged = new Map<number, number>();
  const norms = [Math.sqrt(charCount) || 1, Math.sqrt(wordCount) || 1];
  groups.forEach((map, group) => {
    for (const [index, value] of map)
      merged.set(index, (merged.get(index) ?? 0) + value / (norms[group] ?? 1));
  });
  return { indices: Int32Array.from(merged.keys()), values: Float32Array.from(merged.values()) };
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Trains logistic regression with plain stochastic gradient descent, L2 regularisation and
 * class weights that balance positives against negatives. Deterministic for a given seed.
 *
 * @throws RangeError when either class is missing.
 */
export function trainModel(examples: TrainingExample[], options: TrainingOptions = {}): PoisoningModel {
  const buckets = options.buckets ?? 1 << 16;
  const epochs = options.epochs ?? 30;
  const learningRate = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 1e-5;
  const positives = examples.filter((e) => e.label === 1).length;
  const negatives = examples.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new RangeError(
      `training needs both classes, got ${positives} positive and ${negatives} negative examples`,
    );
  }
  const classWeight = [examples.length / (2 * negatives), examples.length / (2 * positives)];
  const vectors = examples.map((e) => vectorize(e.text, buckets));
  const weights = new Float32Array(buckets);
  let bias = 0;
  const random = seededRandom(options.seed ?? 1);
  const order = examples.map((_, i) => i);

  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    const rate = learningRate / (1 + epoch * 0.1);
    for (const k of order) {
      const { indices, values } = vectors[k] as SparseVector;
      const label = examples[k]?.label ?? 0;
      let z = bias;
      for (let f = 0; f < indices.length; f++) z += (weights[indices[f] ?? 0] ?? 0) * (values[f] ?? 0);
      const gradient = (1 / (1 + Math.exp(-z)) - label) * (classWeight[label] ?? 1);
      for (let f = 0; f < indices.length; f++) {
        const index = indices[f] ?? 0;
        const w = weights[index] ?? 0;
        weights[index] = w - rate * (gradient * (values[f] ?? 0) + l2 * w);
      }
      bias -= rate * gradient * 0.1;
    }
  }
  return {
    format: "bastion-poisoning-model",
    version: 1,
    buckets,
    bias,
    weights,
    trainedOn: { positives, negatives, epochs },
  };
}
