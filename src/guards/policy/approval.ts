import { type ApprovalRecord, type Approvals } from "../../approvals/index.js";
import { askToApprove } from "../../approvals/prompt.js";
import type { Logger } from "../../log.js";
import { approvalDigest, type PolicyDecision } from "../../policy/index.js";
import type { Decision, GuardContext, JsonObject } from "../guard.js";
import { approvalDenied, approvalRequired } from "./denials.js";

/** Longest argument text shown in the client's approval prompt. */

export interface ApprovalFlow {
  approvals: Approvals;
  log: Logger;
  /** How long the client's answer to the approval prompt is awaited. */
  timeoutMs: number;
}

const ALLOW: Decision<JsonObject> = { action: "allow" };

/**
 * Settles a call the policy holds for approval. An approved approval bound to this exact call
 * (principal, server, tool, arguments, policy version) lets it through once; a denied one is
 * reported. Otherwise the client is asked through elicitation when it can be; without an
 * answer in time the call waits for an out-of-band approval under a pending id.
 */
export async function settleApproval(
  flow: ApprovalFlow,
  ctx: GuardContext,
  params: JsonObject,
  decision: PolicyDecision,
  policyVersion: string,
): Promise<Decision<JsonObject>> {
  const binding = {
    subject: ctx.principal.subject,
    server: ctx.server ?? "(gateway)",
    tool: ctx.target ?? ctx.method,
    args: params.arguments ?? {},
    policyVersion,
  };
  const digest = approvalDigest(binding);
  const { approvals } = flow;
  let earlier = await approvals.find(digest);
  let before = "";
  if (earlier) {
    const status = approvals.statusOf(earlier);
    if (status === "approved") {
      if (await approvals.consume(earlier)) {
        ctx.notes.approval = earlier.id;
        return ALLOW;
      }
      earlier = undefined; // a concurrent identical call used it first
    } else if (status === "denied") {
      await approvals.forget(earlier);
      return approvalDenied(
        `approval ${earlier.id} was denied by an approver`,
        `approval ${earlier.id} denied at ${earlier.decidedAt}`,
      );
    } else if (status === "expired") {
      await approvals.forget(earlier);
      before = `Approval ${earlier.id} expired at ${earlier.expiresAt} before it was used. `;
      earlier = undefined;
    }
  }

  if (ctx.elicit) {
    const answer = await askToApprove(
      ctx,
      {
        why: "The gateway's policy requires your approval before this call runs.",
        what: "Run this call once with exactly these arguments",
        timeoutMs: flow.timeoutMs,
        log: flow.log,
      },
      binding.args,
    );
    if (answer !== "unanswered") {
      if (earlier) await approvals.forget(earlier);
      if (answer === "approved") {
        ctx.notes.approval = "elicitation";
        return ALLOW;
      }
      return approvalDenied("the user declined it", `the client answered the approval prompt: ${answer}`);
    }
  }

  const pending: ApprovalRecord =
    earlier ?? (await approvals.request({ ...binding, digest, ruleId: decision.ruleId }));
  if (pending !== earlier) {
    flow.log.info(
      { approval: pending.id, subject: pending.subject, server: pending.server, tool: pending.tool },
      "approval requested",
    );
  }
  ctx.notes.approval = pending.id;
  return approvalRequired(pending, before);
}
