import type { ApprovalRecord } from "../../approvals/index.js";
import type { Decision } from "../guard.js";

/**
 * The denials the policy guard gives, each with a stable code and a public message that names
 * no rule and no policy detail; the private `detail` (the engine's reason) goes to the audit
 * only. docs/errors.md lists the codes.
 */
export type Denial = Decision<never> & { action: "deny" };

/** `denied`: a deny rule or the default refused the call. */
export function deniedByPolicy(reason: string): Denial {
  return { action: "deny", code: "denied", message: "Denied by policy", detail: reason };
}

/** `denied`: a list item the principal may not use is withheld. */
export function hiddenByPolicy(kind: string, name: string | undefined): Denial {
  return {
    action: "deny",
    code: "denied",
    message: "Hidden by policy",
    detail: `policy hides ${kind} ${name ?? "(unnamed)"}`,
  };
}

/** `rate_limited`: the deciding rule's token bucket is empty for this principal. */
export function rateLimited(ruleId: string, retryAfterSeconds: number): Denial {
  const finite = Number.isFinite(retryAfterSeconds);
  const wait = finite ? Math.max(1, Math.ceil(retryAfterSeconds)) : undefined;
  const denial: Denial = {
    action: "deny",
    code: "rate_limited",
    message:
      wait === undefined
        ? "Rate limit exceeded"
        : `Rate limit exceeded; retry after ${wait} second${wait === 1 ? "" : "s"}`,
    detail: `rate of rule "${ruleId}" exceeded`,
  };
  if (wait !== undefined) denial.retryAfterSeconds = wait;
  return denial;
}

/** `mfa_required`: the call needs a session authenticated with a second factor. */
export function mfaRequired(reason: string): Denial {
  return {
    action: "deny",
    code: "mfa_required",
    message: "Multi-factor authentication is required for this call; sign in again with a second factor",
    detail: reason,
  };
}

/** `approval_required`: the call is held until someone approves it out of band. */
export function approvalRequired(record: ApprovalRecord, before = ""): Denial {
  return {
    action: "deny",
    code: "approval_required",
    message:
      `${before}This call needs approval. Approval ${record.id} is pending until ${record.expiresAt}: ` +
      `ask an approver to run "bastion approvals approve ${record.id}", then repeat the same call.`,
    detail: `approval ${record.id} requested by rule "${record.ruleId}"`,
  };
}

/** `approval_denied`: a person refused the call (in the client's prompt or out of band). */
export function approvalDenied(how: string, detail: string): Denial {
  return { action: "deny", code: "approval_denied", message: `This call was not approved: ${how}`, detail };
}
