import type { ApprovalRecord } from "../../approvals/index.js";
import type { Decision } from "../guard.js";
import type { SessionTaint } from "./sessions.js";

/** A denial with its stable code (docs/errors.md), public message and audit-only detail. */
export type Denial = Decision<never> & { action: "deny" };

/** The tools that brought each label in, for messages: `untrusted content (a, b)`. */
export function describeTaint(taint: SessionTaint): string {
  const via = (label: "untrusted" | "private") =>
    taint.chain
      .filter((s) => s.label === label)
      .map((s) => s.target)
      .join(", ");
  return `untrusted content (${via("untrusted")}) and private data (${via("private")})`;
}

/** `taint_blocked`: the session may not send data out any more. */
export function taintBlocked(target: string, taint: SessionTaint): Denial {
  return {
    action: "deny",
    code: "taint_blocked",
    message:
      `Blocked: this session has read ${describeTaint(taint)}, and ${target} can send data out. ` +
      `Start a new session to use ${target}.`,
    detail: `trifecta: ${chainText(taint)}; egress via ${target}`,
  };
}

/** `approval_required`: the call waits for a person, out of band or because nobody can be asked. */
export function trifectaApprovalRequired(
  target: string,
  taint: SessionTaint,
  record?: ApprovalRecord,
): Denial {
  const why = `this session has read ${describeTaint(taint)}, and ${target} can send data out`;
  return {
    action: "deny",
    code: "approval_required",
    message: record
      ? `This call needs approval because ${why}. Approval ${record.id} is pending until ${record.expiresAt}: ` +
        `ask an approver to run "bastion approvals approve ${record.id}", then repeat the same call.`
      : `This call needs approval because ${why}, and this client cannot be asked.`,
    detail: `trifecta held for approval${record ? ` ${record.id}` : ""}: ${chainText(taint)}`,
  };
}

/** `approval_denied`: a person refused the egress call. */
export function trifectaApprovalDenied(how: string, detail: string): Denial {
  return { action: "deny", code: "approval_denied", message: `This call was not approved: ${how}`, detail };
}

function chainText(taint: SessionTaint): string {
  return taint.chain.map((s) => `${s.label} via ${s.target}`).join("; ");
}
