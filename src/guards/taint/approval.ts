import { type Approvals } from "../../approvals/index.js";
import { askToApprove } from "../../approvals/prompt.js";
import type { Logger } from "../../log.js";
import { approvalDigest } from "../../policy/index.js";
import type { Decision, GuardContext, JsonObject } from "../guard.js";
import { describeTaint, trifectaApprovalDenied, trifectaApprovalRequired } from "./denials.js";
import type { SessionTaint } from "./sessions.js";

/** Binds taint approvals apart from policy approvals of the same call. */
const APPROVAL_SCOPE = "taint";
/** The rule an approver sees. */
export const TRIFECTA_RULE = "taint:trifecta";

export interface TrifectaApprovalFlow {
  /** Out-of-band approvals (`bastion approvals`), when a store is configured. */
  approvals?: Approvals;
  log: Logger;
  /** How long the client's answer to the prompt is awaited. */
  timeoutMs: number;
}

const ALLOW: Decision<JsonObject> = { action: "allow" };

/**
 * Holds an egress call from a tainted session for a person. An approved out-of-band approval
 * bound to this exact call lets it through once; otherwise the client is asked when it can be;
 * otherwise the call is refused as `approval_required`, with a pending approval id when
 * approvals are kept. Approving releases this one call: the session stays tainted.
 */
export async function settleTrifecta(
  flow: TrifectaApprovalFlow,
  ctx: GuardContext,
  params: JsonObject,
  taint: SessionTaint,
): Promise<Decision<JsonObject>> {
  const target = ctx.target ?? ctx.method;
  const binding = {
    subject: ctx.principal.subject,
    server: ctx.server ?? "(gateway)",
    tool: target,
    args: params.arguments ?? {},
    policyVersion: APPROVAL_SCOPE,
  };
  const { approvals } = flow;
  const digest = approvals ? approvalDigest(binding) : "";
  let earlier = approvals ? await approvals.find(digest) : undefined;
  if (approvals && earlier) {
    const status = approvals.statusOf(earlier);
    if (status === "approved" && (await approvals.consume(earlier))) {
      ctx.notes.approval = earlier.id;
      return ALLOW;
    }
    if (status === "denied") {
      await approvals.forget(earlier);
      return trifectaApprovalDenied("an approver denied it", `approval ${earlier.id} denied`);
    }
    if (status !== "pending") {
      if (status === "expired") await approvals.forget(earlier);
      earlier = undefined;
    }
  }

  if (ctx.elicit) {
    const answer = await askToApprove(
      ctx,
      {
        why: `This session has read ${describeTaint(taint)}. The next call can send data out, so it may carry that data with it.`,
        what: "Send this data out once, with exactly these arguments",
        timeoutMs: flow.timeoutMs,
        log: flow.log,
      },
      binding.args,
    );
    if (answer !== "unanswered") {
      if (approvals && earlier) await approvals.forget(earlier);
      if (answer === "approved") {
        ctx.notes.approval = "elicitation";
        return ALLOW;
      }
      return trifectaApprovalDenied("the user declined it", `the client answered the prompt: ${answer}`);
    }
  }

  if (!approvals) return trifectaApprovalRequired(target, taint);
  const pending = earlier ?? (await approvals.request({ ...binding, digest, ruleId: TRIFECTA_RULE }));
  if (pending !== earlier) {
    flow.log.info(
      { approval: pending.id, subject: pending.subject, server: pending.server, tool: pending.tool },
      "approval requested for an egress call from a tainted session",
    );
  }
  ctx.notes.approval = pending.id;
  return trifectaApprovalRequired(target, taint, pending);
}
