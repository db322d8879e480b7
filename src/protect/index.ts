/**
 * `bastion protect` and `bastion unprotect`: put every stdio server of a client config behind
 * `bastion wrap`, and take it back out exactly.
 */
export {
  backupPathOf,
  protectCommand,
  unprotectCommand,
  type ProtectOptions,
  type ProtectResult,
} from "./protect.js";
export { rewriteServers, type LaunchTransform } from "./rewrite.js";
export { unifiedDiff } from "./diff.js";
export {
  bastionInvocation,
  isWrapped,
  unwrapLaunch,
  wrapLaunch,
  type BastionInvocation,
  type Launch,
} from "./wrap.js";
