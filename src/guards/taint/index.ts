import { Approvals } from "../../approvals/index.js";
import type { Logger } from "../../log.js";
import type { Store } from "../../store/store.js";
import type { Decision, Guard, GuardContext, JsonObject, MaybePromise } from "../guard.js";
import { settleTrifecta, type TrifectaApprovalFlow } from "./approval.js";
import type { TrifectaAction } from "./config.js";
import { taintBlocked } from "./denials.js";
import { ToolLabels, type ConfiguredLabels, type ToolHints } from "./labels.js";
import { SessionTaints, type SessionTaint } from "./sessions.js";

export {
  labelsSchema,
  taintConfigSchema,
  labelsFromServers,
  type LabelsConfig,
  type TaintConfig,
  type TrifectaAction,
} from "./config.js";
export {
  deriveLabels,
  TAINT_LABELS,
  type ConfiguredLabels,
  type TaintLabel,
  type ToolHints,
} from "./labels.js";
export { SessionTaints, type SessionTaint, type TaintStep } from "./sessions.js";

/** How long the client's answer to a taint approval prompt is awaited by default. */
export const DEFAULT_TAINT_PROMPT_MS = 50_000;

export interface TaintGuardOptions {
  /** Configured labels per server and tool (the server's own tool name); they win over annotations. */
  labels: ConfiguredLabels;
  /** What a tainted session's egress call meets: refusal, a person's approval, a log line, or nothing. */
  onTrifecta: TrifectaAction;
  /** Keeps out-of-band approvals for `approve` (answered with `bastion approvals`). */
  store?: Store;
  log: Logger;
  /** Told of every egress call refused (or held) because the session was tainted. */
  onBlocked?: (e: { principal: string; server: string; target: string; chain: string[] }) => void;
  /** Most sessions whose taint is remembered (default 10,000). */
  maxSessions?: number;
  /** A session's taint is forgotten after this much idle time (default 1,800 s). */
  idleSeconds?: number;
  /** How long the client's answer to an approval prompt is awaited (default 50 s). */
  approvalTimeoutMs?: number;
  /** How long an out-of-band approval stays valid (default 600 s). */
  approvalTtlSeconds?: number;
  /** Clock in ms, for tests; share it with the store's clock. */
  now?: () => number;
}

/** How a trifecta ended, as the audit's rule `taint:trifecta:<outcome>` records it. */
type Outcome = "denied" | "held" | "declined" | "approved" | "logged";

const ALLOW: Decision<JsonObject> = { action: "allow" };
const ACTIONS: readonly TrifectaAction[] = ["deny", "approve", "log", "off"];

/**
 * Session taint against the "lethal trifecta": once a session has received untrusted content
 * and private data, a call to a tool that can send data out is refused, held for a person, or
 * logged, as configured. A label counts only once a call carrying it has completed without
 * error (the response phase), so an attempt that failed taints nothing; a fresh session is
 * clean. Labels come from configuration, else from the annotations seen in tools/list results.
 * The audit gets rule `taint:trifecta:<outcome>` and findings such as
 * `taint:untrusted:web__fetch_url`, one per call in the chain, then the egress call. Fails closed.
 *
 * @example
 * createTaintGuard({ labels: new Map([["fs", { read_file: ["private"] }]]), onTrifecta: "deny", log });
 */
export function createTaintGuard(opts: TaintGuardOptions): Guard {
  const log = opts.log.child({ guard: "taint" });
  const labels = new ToolLabels(opts.labels);
  const action = opts.onTrifecta;
  if (!ACTIONS.includes(action)) {
    throw new TypeError(`taint.on_trifecta must be deny, approve, log or off, got "${String(action)}"`);
  }
  if (action === "off") return { name: "taint" };
  const taints = new SessionTaints({
    maxSessions: opts.maxSessions,
    idleSeconds: opts.idleSeconds,
    now: opts.now,
    onEvict: (session) => log.warn({ session }, "taint of an active session forgotten to make room"),
  });
  const flow: TrifectaApprovalFlow = {
    log,
    timeoutMs: opts.approvalTimeoutMs ?? DEFAULT_TAINT_PROMPT_MS,
  };
  if (opts.store) {
    flow.approvals = new Approvals(opts.store, {
      ttlSeconds: opts.approvalTtlSeconds,
      ...(opts.now ? { now: opts.now } : {}),
    });
  }
  let tableFullLogged = false;

  const decide = (ctx: GuardContext, outcome: Outcome, taint: SessionTaint, target: string) => {
    const chain = taint.chain.map((s) => `${s.label}:${s.target}`);
    ctx.notes.rule = `taint:trifecta:${outcome}`;
    const prior = Array.isArray(ctx.notes.findings) ? (ctx.notes.findings as string[]) : [];
    ctx.notes.findings = [...prior, ...chain.map((c) => `taint:${c}`), `taint:egress:${target}`];
    ctx.notes.taint = { outcome, chain };
    log.warn(
      { session: ctx.sessionId, principal: ctx.principal.subject, target, chain, outcome },
      "egress call from a session that read untrusted content and private data",
    );
    if (outcome === "denied" || outcome === "held" || outcome === "declined") {
      opts.onBlocked?.({ principal: ctx.principal.subject, server: ctx.server ?? "", target, chain });
    }
  };

  return {
    name: "taint",
    failureMode: "closed",
    listItem(ctx, item) {
      if (ctx.kind !== "tools" || ctx.server === undefined) return ALLOW;
      const tool = ctx.upstreamTarget ?? ctx.target;
      const annotations = item.annotations;
      if (tool === undefined || annotations === null || typeof annotations !== "object") return ALLOW;
      if (!labels.observe(ctx.server, tool, annotations as ToolHints) && !tableFullLogged) {
        tableFullLogged = true;
        log.warn({ server: ctx.server }, "too many annotated tools; further annotations derive no labels");
      }
      return ALLOW;
    },
    request(ctx, params): MaybePromise<Decision<JsonObject>> {
      const tool = ctx.upstreamTarget ?? ctx.target;
      if (ctx.method !== "tools/call" || ctx.server === undefined || tool === undefined) return ALLOW;
      if (!labels.of(ctx.server, tool).has("egress")) return ALLOW;
      const taint = taints.get(ctx.sessionId);
      if (!taint?.touched.has("untrusted") || !taint.touched.has("private")) return ALLOW;
      const target = ctx.target ?? tool;
      switch (action) {
        case "log":
          decide(ctx, "logged", taint, target);
          return ALLOW;
        case "deny":
          decide(ctx, "denied", taint, target);
          return taintBlocked(target, taint);
        case "approve":
          return settleTrifecta(flow, ctx, params, taint).then((d) => {
            const outcome =
              d.action !== "deny" ? "approved" : d.code === "approval_denied" ? "declined" : "held";
            decide(ctx, outcome, taint, target);
            return d;
          });
      }
    },
    response(ctx, result) {
      const tool = ctx.upstreamTarget ?? ctx.target;
      if (ctx.method !== "tools/call" || ctx.server === undefined || tool === undefined) return ALLOW;
      if (result.isError === true) return ALLOW;
      const target = ctx.target ?? tool;
      for (const label of labels.of(ctx.server, tool)) {
        if (label !== "egress") taints.record(ctx.sessionId, label, target);
      }
      return ALLOW;
    },
  };
}
