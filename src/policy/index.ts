/**
 * The policy engine: one default-deny policy over servers, tools, prompts, resources, methods
 * and arguments, judged the same way for calls and for list items. Pure apart from file loading,
 * watching and optional symlink resolution.
 */
export { approvalDigest, type ApprovalBinding } from "./approval.js";
export { canonicalJson, sha256Hex } from "./canonical.js";
export { checkPolicy, type PolicyWarning } from "./check.js";
export { policyCheckCommand } from "./commands/check.js";
export { policyExplainCommand, type ExplainOptions } from "./commands/explain.js";
export { policyTestCommand } from "./commands/test.js";
export type { CompiledRule, Policy } from "./compile.js";
export {
  decide,
  decideServerRequest,
  explain,
  isServerToClientMethod,
  PROTOCOL_METHODS,
  visible,
  type PolicyDecision,
  type TraceEntry,
} from "./engine.js";
export { PolicyError, type PolicyProblem } from "./errors.js";
export { PolicyHolder, watchPolicyFile, type ReloadResult, type WatchOptions } from "./holder.js";
export { compilePolicy, loadPolicyFile, parsePolicy } from "./load.js";
export { classifyIPv4, classifyIPv6, type RestrictedClass } from "./normalize/ip.js";
export {
  isPathUnder,
  MAX_PATH_LENGTH,
  normalizePath,
  normalizeRoot,
  type NormalizedPath,
} from "./normalize/path.js";
export { normalizeResourceUri } from "./normalize/resource.js";
export { resolveRealPath } from "./normalize/symlinks.js";
export {
  classifyHost,
  compileHostPattern,
  hostAllowed,
  parseUrlHost,
  type HostPattern,
  type UrlHost,
} from "./normalize/url.js";
export { leaseSize, RateLimiter, rateKey, type Taken } from "./rate.js";
export { resolveRequestPaths } from "./real-paths.js";
export type { PolicyRequest } from "./request.js";
export { EFFECTS, policySchema, type Effect, type PolicyDocument, type Rate } from "./schema.js";
