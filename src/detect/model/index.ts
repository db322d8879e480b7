/** The statistical half of the poisoning detector: hashed n-gram logistic regression. */
export {
  decodeModel,
  encodeModel,
  scoreText,
  chunkLogit,
  ModelFormatError,
  type PoisoningModel,
  type StoredModel,
  type ModelScore,
} from "./model.js";
export { chunkText } from "./chunks.js";
export { prepareText } from "./features.js";
export { trainModel, type TrainingExample, type TrainingOptions } from "./trainer.js";
