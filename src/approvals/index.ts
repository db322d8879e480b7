/**
 * Approvals: calls a policy holds for a human. Each is bound to one principal, server, tool,
 * argument digest and policy version, is single-use and expires. The policy guard requests and
 * consumes them; people answer them with `bastion approvals` or the web console, through the
 * same store.
 */
export { ApprovalError, Approvals, type ApprovalRequest, type ApprovalsOptions } from "./approvals.js";
export {
  approvalsApproveCommand,
  approvalsDenyCommand,
  approvalsListCommand,
  type CommandOutput,
} from "./commands.js";
export {
  APPROVALS_PREFIX,
  DEFAULT_APPROVAL_TTL_SECONDS,
  isApprovalId,
  previewArguments,
  type ApprovalRecord,
  type ApprovalStatus,
} from "./record.js";
