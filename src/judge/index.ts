/**
 * An optional second opinion on tool poisoning from a language model the operator configures
 * (`poisoning_judge:`), for definitions the rules are unsure about. It escalates only: a
 * malicious answer turns a warn into a block, and nothing it says can pass an item the rules
 * block. Off unless configured; no request is made without it.
 *
 * It sits beside detect/ rather than in it because it does network I/O: detect/ holds the pure
 * analyzers, and the judge takes their results as input.
 */
export { poisoningJudgeSchema, type PoisoningJudgeConfig } from "./config.js";
export {
  createPoisoningJudge,
  JudgeConfigError,
  type JudgeOptions,
  type JudgeReview,
  type PoisoningJudge,
} from "./judge.js";
export { parseJudgeAnswer, cleanReason, JudgeAnswerError, type JudgeAnswer } from "./answer.js";
export { judgePrompt, DATA_OPEN, DATA_CLOSE, type JudgePrompt } from "./prompt.js";
