import { inspectArguments, inspectResult, type InspectionPlan } from "../../detect/content/index.js";
import type { Guard, GuardContext, JsonObject } from "../guard.js";

export interface InspectionOptions {
  requests: InspectionPlan;
  responses: InspectionPlan;
  /** How long a client may take to answer an approval prompt for a suspicious result. */
  approvalTimeoutMs?: number;
  onBlocked?: (e: { principal: string; server?: string; target?: string; rule: string }) => void;
}

/** Methods whose results carry content the model will read. */
const CONTENT = new Set(["tools/call", "resources/read", "prompts/get"]);

/**
 * Traffic inspection both ways: secrets and personal data in arguments and results (redact,
 * block or log), instructions injected into results (annotate, block, approve or log), ANSI and
 * invisible characters stripped, exfiltrating markdown links neutralised, and results capped
 * with a truncation notice. A result with nothing to find is passed on as it came, not copied.
 *
 * @example createInspectionGuard({ requests: inspectionPlan(cfg, "requests"), responses: inspectionPlan(cfg, "responses") })
 */
export function createInspectionGuard(opts: InspectionOptions): Guard {
  const note = (ctx: GuardContext, findings: ReadonlyArray<{ category: string; kind: string }>) => {
    if (findings.length === 0) return;
    const ids = findings.map((f) => `${f.category}:${f.kind}`);
    const prior = Array.isArray(ctx.notes.findings) ? (ctx.notes.findings as string[]) : [];
    ctx.notes.findings = [...prior, ...ids];
  };
  const blocked = (ctx: GuardContext, rule: string) => {
    ctx.notes.rule = `inspection:${rule}`;
    opts.onBlocked?.({ principal: ctx.principal.subject, server: ctx.server, target: ctx.target, rule });
  };
  return {
    name: "inspection",
    request(ctx, params) {
      if (ctx.method !== "tools/call" && ctx.method !== "prompts/get") return { action: "allow" };
      const args = params.arguments;
      if (args === undefined || args === null) return { action: "allow" };
      const r = inspectArguments(args, opts.requests);
      note(ctx, r.findings);
      if (r.action === "pass") return { action: "allow" };
      if (r.action === "block") {
        blocked(ctx, r.findings[0]?.kind ?? "secret");
        return {
          action: "deny",
          code: "content_blocked",
          message: "The arguments carry a secret or personal data and were not sent",
        };
      }
      return { action: "modify", value: { ...params, arguments: r.value } };
    },
    async response(ctx, result) {
      if (!CONTENT.has(ctx.method)) return { action: "allow" };
      const r = inspectResult(result, opts.responses);
      note(ctx, r.findings);
      switch (r.action) {
        case "pass":
          return { action: "allow" };
        case "modify":
          return { action: "modify", value: r.value };
        case "block":
          blocked(ctx, r.findings[0]?.kind ?? "content");
          return {
            action: "deny",
            code: "content_blocked",
            message: "The result was withheld: it carried a secret or instructions aimed at the model",
          };
        case "approve":
          return approve(
            ctx,
            r.value,
            r.findings.map((f) => f.kind),
            opts.approvalTimeoutMs ?? 50_000,
          );
      }
    },
  };
}

/** A suspicious result is shown to the user only if they accept it (through elicitation). */
async function approve(ctx: GuardContext, value: JsonObject, kinds: string[], timeoutMs: number) {
  if (!ctx.elicit) {
    return {
      action: "deny" as const,
      code: "approval_required",
      message:
        "The result looks like it carries instructions for the model and needs approval, which this client cannot give",
    };
  }
  const answer = await ctx
    .elicit(
      {
        message: `The result of ${ctx.target ?? ctx.method} looks like it carries instructions aimed at the model (${[...new Set(kinds)].join(", ")}). Show it to the model anyway?`,
        requestedSchema: {
          type: "object",
          properties: { accept: { type: "boolean", title: "Show the result" } },
          required: ["accept"],
        },
      },
      timeoutMs,
    )
    .catch(() => undefined);
  const content = answer?.content as { accept?: unknown } | undefined;
  if (answer?.action === "accept" && content?.accept === true) return { action: "modify" as const, value };
  ctx.notes.rule = "inspection:approval_denied";
  return { action: "deny" as const, code: "approval_denied", message: "The result was not approved" };
}
