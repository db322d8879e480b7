import type { GuardContext } from "../guards/guard.js";
import type { Logger } from "../log.js";
import { previewArguments } from "./record.js";

/** How a person answered an approval prompt in the client. */
export type ClientAnswer = "approved" | "declined" | "cancelled" | "refused" | "unanswered";

const PREVIEW_CHARS = 1000;

/**
 * Asks the user in the client (MCP elicitation) to approve one call, showing the tool and its
 * arguments. Any failure or silence is "unanswered", so the caller can fall back to an
 * out-of-band approval; only an accepted form with `approve: true` is "approved".
 *
 * @example askToApprove(ctx, { why: "The policy requires your approval.", what: "Run this call once", timeoutMs, log }, args)
 */
export async function askToApprove(
  ctx: GuardContext,
  prompt: { why: string; what: string; timeoutMs: number; log: Logger },
  args: unknown,
): Promise<ClientAnswer> {
  const server = ctx.server === undefined ? "" : ` on server "${ctx.server}"`;
  const params = {
    mode: "form",
    message:
      `${prompt.why}\n` +
      `Tool: ${ctx.target ?? ctx.method}${server}\n` +
      `Arguments: ${previewArguments(args, PREVIEW_CHARS)}\n` +
      `Approve it to run this one call once.`,
    requestedSchema: {
      type: "object",
      properties: {
        approve: { type: "boolean", title: "Approve this call", description: prompt.what, default: false },
      },
      required: ["approve"],
    },
  };
  let result: Record<string, unknown>;
  try {
    result = await ctx.elicit!(params, prompt.timeoutMs);
  } catch (error) {
    prompt.log.info(
      { session: ctx.sessionId, tool: ctx.target, err: (error as Error).message },
      "approval prompt unanswered; waiting for an out-of-band approval",
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
