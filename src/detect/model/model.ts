import { forEachChunkSum } from "./chunks.js";
import { prepareText, weightedSum } from "./features.js";

/**
 * The poisoning model: logistic regression over hashed character and word n-grams.
 *
 * Why this model: the training corpus is a few hundred hand-written definitions, far too little
 * for anything deep, and inference must stay well under a millisecond per tool with no runtime
 * download. A linear model over hashed n-grams trains in seconds with no dependency, needs no
 * vocabulary file, handles any script (character n-grams cover CJK and inflected languages), is
 * deterministic, and is easy to inspect: every weight belongs to a hashed phrase fragment.
 * Naive Bayes would train as fast but is badly calibrated on overlapping n-grams; the weights
 * are quantised to int8 so the committed file stays small.
 */
export interface PoisoningModel {
  readonly format: "bastion-poisoning-model";
  readonly version: 1;
  /** Size of the weight table, a power of two. */
  readonly buckets: number;
  readonly bias: number;
  /** Dequantised weights, one per bucket. */
  readonly weights: Float32Array;
  /** What the model was trained on, for the record. */
  readonly trainedOn: { positives: number; negatives: number; epochs: number };
}

/** The JSON form of a {@link PoisoningModel} as stored in models/poisoning.json. */
export interface StoredModel {
  format: "bastion-poisoning-model";
  version: 1;
  buckets: number;
  bias: number;
  /** Multiply each int8 weight by this to get the real weight. */
  scale: number;
  /** Base64 of one signed byte per bucket. */
  weights: string;
  trainedOn: { positives: number; negatives: number; epochs: number };
}

/** Raised when a stored model is not one this code can use. */
export class ModelFormatError extends Error {
  constructor(message: string) {
    super(`poisoning model: ${message}`);
    this.name = "ModelFormatError";
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks and decodes a stored model (the parsed JSON of models/poisoning.json). */
export function decodeModel(stored: unknown): PoisoningModel {
  if (!isRecord(stored)) throw new ModelFormatError("expected a JSON object");
  if (stored.format !== "bastion-poisoning-model")
    throw new ModelFormatError(`unknown format ${String(stored.format)}`);
  if (stored.version !== 1) throw new ModelFormatError(`unsupported version ${String(stored.version)}`);
  const { buckets, bias, scale, weights, trainedOn } = stored;
  if (typeof buckets !== "number" || buckets < 2 || (buckets & (buckets - 1)) !== 0) {
    throw new ModelFormatError("buckets must be a power of two");
  }
  if (typeof bias !== "number" || !Number.isFinite(bias)) throw new ModelFormatError("bias must be a number");
  if (typeof scale !== "number" || !(scale > 0))
    throw new ModelFormatError("scale must be a positive number");
  if (typeof weights !== "string") throw new ModelFormatError("weights must be a base64 string");
  const bytes = Buffer.from(weights, "base64");
  if (bytes.length !== buckets) {
    throw new ModelFormatError(`expected ${buckets} weights, found ${bytes.length}`);
  }
  const values = new Float32Array(buckets);
  for (let i = 0; i < buckets; i++) values[i] = (((bytes[i] ?? 0) << 24) >> 24) * scale;
  const trained = isRecord(trainedOn) ? trainedOn : {};
  return {
    format: "bastion-poisoning-model",
    version: 1,
    buckets,
    bias,
    weights: values,
    trainedOn: {
      positives: Number(trained.positives ?? 0),
      negatives: Number(trained.negatives ?? 0),
      epochs: Number(trained.epochs ?? 0),
    },
  };
}

/** Quantises a model's weights to int8 for storage. */
export function encodeModel(model: PoisoningModel): StoredModel {
  let largest = 0;
  for (const w of model.weights) largest = Math.max(largest, Math.abs(w));
  const scale = largest > 0 ? largest / 127 : 1;
  const bytes = Buffer.alloc(model.buckets);
  for (let i = 0; i < model.buckets; i++) bytes.writeInt8(Math.round((model.weights[i] ?? 0) / scale), i);
  return {
    format: model.format,
    version: model.version,
    buckets: model.buckets,
    bias: model.bias,
    scale,
    weights: bytes.toString("base64"),
    trainedOn: model.trainedOn,
  };
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** The model's logit for one chunk of text. */
export function chunkLogit(model: PoisoningModel, chunk: string): number {
  return model.bias + weightedSum(prepareText(chunk), model.weights);
}

/** The highest-scoring chunk of some text and its probability of being an injected instruction. */
export interface ModelScore {
  probability: number;
  chunk: string;
}

/**
 * Scores text chunk by chunk (sentences and sentence pairs) and returns the most suspicious one,
 * so one bad sentence inside a long benign description is not averaged away.
 */
export function scoreText(model: PoisoningModel, text: string): ModelScore {
  let best: ModelScore = { probability: 0, chunk: "" };
  forEachChunkSum(text, model.weights, (chunk, sum) => {
    const probability = sigmoid(model.bias + sum);
    if (probability > best.probability) best = { probability, chunk };
  });
  return best;
}
