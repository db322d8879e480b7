/**
 * Text normalisation shared by every detector: undo what hides text from a person but not from a
 * model, and report what had to be undone.
 */
export {
  normalizeText,
  type HiddenText,
  type NormalizationFinding,
  type NormalizationKind,
  type NormalizedText,
  type NormalizeOptions,
} from "./normalize.js";
export {
  stripInvisible,
  decodeTagCharacters,
  type InvisibleFinding,
  type InvisibleKind,
  type InvisibleScan,
} from "./invisible.js";
export { stripTerminalEscapes, type TerminalFinding, type TerminalScan } from "./terminal.js";
export { foldHomoglyphs, foldWord, type HomoglyphFold } from "./homoglyphs.js";
export { findEncodedRuns, isReadableText, type EncodedRun, type Encoding } from "./encodings.js";
