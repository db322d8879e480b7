/**
 * The tool-poisoning detector: definitions in, findings out. Used alike by the gateway guard,
 * `bastion scan tools` and the console.
 */
export { analyzeServer, analyzeTool, analyzeItem, type AnalyzeOptions } from "./analyze.js";
export { detectShadowing, type ShadowingFinding, type ServerTools } from "./shadowing.js";
export { BLOCK_AT, WARN_AT } from "./score.js";
export {
  DefinitionInputError,
  type Definition,
  type Finding,
  type ItemKind,
  type ItemResult,
  type ServerAnalysis,
  type ServerDefinitions,
  type Severity,
  type Verdict,
} from "./types.js";
