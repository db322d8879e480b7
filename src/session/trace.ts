import type { GuardContext, JsonObject } from "../guards/guard.js";
import type { ChainResult } from "../guards/chain.js";
import type { Span } from "../tracing/index.js";

/** What one client request did, for the audit log, metrics and tracing. Filled along the path. */
export interface CallTrace {
  method: string;
  /** High-resolution start time (performance.now()). */
  startedAt: number;
  server?: string;
  target?: string;
  decision: "allow" | "modify" | "deny";
  /** The guard or rule that decided; `guard:rule` when a guard names its rule. */
  rule?: string;
  findings: string[];
  args?: unknown;
  upstreamMs?: number;
  upstreamStatus?: "ok" | "error" | "timeout" | "unavailable";
  bytesIn: number;
  /** Bytes of the response's wire text, measured when the response is recorded. */
  bytesOut?: number;
  /** The request's span; present only when tracing is on, so an untraced call builds none. */
  span?: Span;
}

/**
 * Takes one phase's verdict into the trace: what guards noted (rule ids, finding ids), a deny
 * with the guard and code that decided it, or a modify. A deny in either phase wins.
 */
export function recordVerdict(trace: CallTrace, ctx: GuardContext, verdict: ChainResult<JsonObject>): void {
  absorbNotes(trace, ctx);
  if (!verdict.ok) {
    trace.decision = "deny";
    trace.rule ??= `${verdict.guard}:${verdict.code}`;
  } else if (verdict.modifiedBy.length > 0 && trace.decision === "allow") trace.decision = "modify";
}

/** Takes what guards noted on the context (rule ids, finding ids) into the trace. */
function absorbNotes(trace: CallTrace, ctx: GuardContext): void {
  const rule = ctx.notes.rule;
  if (typeof rule === "string" && trace.rule === undefined) trace.rule = rule;
  const approval = ctx.notes.approval;
  if (typeof approval === "string") trace.findings.push(`approval:${approval}`);
  const findings = ctx.notes.findings;
  if (Array.isArray(findings)) for (const f of findings) if (typeof f === "string") trace.findings.push(f);
  // absorbed once: the response phase of the same call must not record them again
  ctx.notes.findings = [];
}
