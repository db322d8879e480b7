/**
 * Credential detection for MCP traffic: find, mask and redact API keys, tokens, private keys
 * and passwords in any string. Pure: text in, findings out.
 */
export {
  findSecrets,
  redactSecrets,
  compileSecretRules,
  SECRET_ANCHORS,
  type SecretFinding,
  type SecretScanOptions,
  type CompiledSecretRules,
} from "./scan.js";
export { SECRET_KINDS, SECRET_RULES, type SecretKind, type SecretRule, type RuleMatch } from "./rules.js";
export {
  compileAllowlist,
  isAllowlisted,
  AllowlistError,
  type SecretAllowlist,
  type CompiledAllowlist,
} from "./allowlist.js";
export { shannonEntropy, isPlaceholder } from "./lookalike.js";
