import { previewArguments, type Approvals } from "../../approvals/index.js";
import type { Logger } from "../../log.js";
import { approvalDigest } from "../../policy/index.js";
import type { Decision, GuardContext, JsonObject } from "../guard.js";
import { describeTaint, trifectaApprovalDenied, trifectaApprovalRequired } from "./denials.js";
import type { SessionTaint } from "./sessions.js";

/** Binds taint approvals apart from policy approvals of the same call. */
const APPROVAL_SCOPE = "taint";
/** The rule an approver sees. */
export const TRIFECTA_RULE = "taint:trifecta";
const PROMPT_PREVIEW_CHARS = 1000;

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
    const answer = await askClient(flow, ctx, binding.args, taint);
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

type ClientAnswer = "approved" | "declined" | "cancelled" | "refused" | "unanswered";

async function askClient(
  flow: TrifectaApprovalFlow,
  ctx: GuardContext,
  args: unknown,
  taint: SessionTaint,
): Promise<ClientAnswer> {
  const params = {
    mode: "form",
    message:
      `This session has read ${describeTaint(taint)}. The next call can send data out, ` +
      `so it may carry that data with it.\n` +
      `Tool: ${ctx.target ?? ctx.method}${ctx.server === undefined ? "" : ` on server "${ctx.server}"`}\n` +
      `Arguments: ${previewArguments(args, PROMPT_PREVIEW_CHARS)}\n` +
      `Approve it to run this one call once.`,
    requestedSchema: {
      type: "object",
      properties: {
        approve: {
          type: "boolean",
          title: "Approve this call",
          description: "Send this data out once, with exactly these arguments",
          default: false,
        },
      },
      required: ["approve"],
    },
  };
  let result: Record<string, unknown>;
  try {
    result = await ctx.elicit!(params, flow.timeoutMs);
  } catch (error) {
    flow.log.info(
      { session: ctx.sessionId, tool: ctx.target, err: (error as Error).message },
      "taint approval prompt unanswered",
    );
    return "unanswered";
  }
  const content = result.content as Record<string, unknown> | undefined;
  switch (result.action) {
    case "accept":
      return content?.approve === true ? "approved" : "refused";
    case "decline":
      return "declined";
    case "cancel":
      return "cancelled";
    default:
      return "unanswered";
  }
}
