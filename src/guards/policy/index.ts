import { Approvals } from "../../approvals/index.js";
import type { Logger } from "../../log.js";
import {
  RateLimiter,
  type Taken,
  decide,
  resolveRequestPaths,
  visible,
  type Policy,
  type PolicyDecision,
  type PolicyHolder,
  type PolicyRequest,
} from "../../policy/index.js";
import type { Store } from "../../store/store.js";
import type { Decision, Guard, GuardContext, JsonObject, ListItemContext, MaybePromise } from "../guard.js";
import { settleApproval, type ApprovalFlow } from "./approval.js";
import { deniedByPolicy, hiddenByPolicy, mfaRequired, rateLimited } from "./denials.js";
import { toPolicyRequest } from "./request.js";

export { serverRequestAllowed } from "./server-requests.js";
export { toPolicyRequest } from "./request.js";

/**
 * How long the client's answer to an approval prompt is awaited by default: below the 60 s an
 * MCP client commonly waits for a call's result, so an unanswered prompt still comes back as a
 * pending approval id rather than as a client-side timeout.
 */
export const DEFAULT_APPROVAL_PROMPT_MS = 50_000;

export interface PolicyGuardOptions {
  /** The policy in force; hot reload swaps it, each decision reads it once. */
  holder: PolicyHolder;
  /** Where rate buckets and approvals are kept. */
  store: Store;
  log: Logger;
  /** How long to wait for the client's answer to an approval prompt (default 50 s). */
  approvalTimeoutMs?: number;
  /** How long an approval stays valid (default 600 s). */
  approvalTtlSeconds?: number;
  /** Clock in ms, for tests; share it with the store's clock. */
  now?: () => number;
}

const ALLOW: Decision<JsonObject> = { action: "allow" };

/**
 * The policy guard: every request routed to a server is judged by the policy in force, and
 * every list item is shown only when the same engine would let the principal use it. The
 * deciding rule is noted as `ctx.notes.rule` for the audit. Allowed calls pay their rule's rate;
 * `approve` holds the call for a person (the client's elicitation prompt, or
 * `bastion approvals`); `mfa` asks for step-up. Denials carry stable codes (`denied`,
 * `rate_limited`, `mfa_required`, `approval_required`, `approval_denied`) and messages that do
 * not reveal the policy. Fails closed.
 *
 * @example
 * const holder = new PolicyHolder(await loadPolicyFile("policy.yaml"));
 * const guard = createPolicyGuard({ holder, store, log });
 * startGateway(config, [guard]);
 */
export function createPolicyGuard(opts: PolicyGuardOptions): Guard {
  const { holder, store } = opts;
  const rates = new RateLimiter(store);
  const log = opts.log.child({ guard: "policy" });
  const approvalOptions = opts.now ? { now: opts.now } : {};
  const flow: ApprovalFlow = {
    approvals: new Approvals(store, { ...approvalOptions, ttlSeconds: opts.approvalTtlSeconds }),
    log,
    timeoutMs: opts.approvalTimeoutMs ?? DEFAULT_APPROVAL_PROMPT_MS,
  };

  /** Acts on a decision; stays synchronous for a plain allow or deny. */
  const enforce = (
    ctx: GuardContext,
    params: JsonObject,
    policy: Policy,
    decision: PolicyDecision,
  ): MaybePromise<Decision<JsonObject>> => {
    ctx.notes.rule = decision.ruleId;
    switch (decision.effect) {
      case "deny":
        return deniedByPolicy(decision.reason);
      case "mfa":
        return mfaRequired(decision.reason);
      case "allow":
        return decision.rate ? limited(ctx, decision, () => ALLOW) : ALLOW;
      case "approve":
        // the rate is paid before a person is asked, so a flood of calls cannot flood approvers
        return limited(ctx, decision, () => settleApproval(flow, ctx, params, decision, policy.version));
    }
  };

  const limited = (
    ctx: GuardContext,
    decision: PolicyDecision,
    next: () => MaybePromise<Decision<JsonObject>>,
  ): MaybePromise<Decision<JsonObject>> => {
    if (!decision.rate) return next();
    const paid = (taken: Taken) =>
      taken.ok ? next() : rateLimited(decision.ruleId, taken.retryAfterSeconds);
    // a token already held is spent without waiting: most rate-limited calls stay synchronous
    const taken = rates.take(ctx.principal, decision.ruleId, decision.rate);
    return taken instanceof Promise ? taken.then(paid) : paid(taken);
  };

  return {
    name: "policy",
    failureMode: "closed",
    request(ctx, params) {
      const policy = holder.current;
      const request = toPolicyRequest(ctx, params);
      if (policy.resolveSymlinks) {
        return withRealPaths(policy, request).then((resolved) =>
          enforce(ctx, params, policy, decide(policy, ctx.principal, resolved)),
        );
      }
      return enforce(ctx, params, policy, decide(policy, ctx.principal, request));
    },
    listItem(ctx: ListItemContext) {
      const name = ctx.target;
      const shown = name !== undefined && visible(holder.current, ctx.principal, ctx.kind, name, ctx.server);
      return shown ? ALLOW : hiddenByPolicy(ctx.kind, name);
    },
  };
}

async function withRealPaths(policy: Policy, request: PolicyRequest): Promise<PolicyRequest> {
  return { ...request, realPaths: await resolveRequestPaths(policy, request) };
}
