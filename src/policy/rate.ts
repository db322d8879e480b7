import type { Principal } from "../auth/principal.js";
import type { Store } from "../store/store.js";
import type { Rate } from "./schema.js";

/**
 * The store key of a principal's token bucket for one rule.
 *
 * @example rateKey({ subject: "alice", ... }, "mail-inside-only") // "rate/mail-inside-only/alice"
 */
export function rateKey(principal: Principal, ruleId: string): string {
  return `rate/${encodeURIComponent(ruleId)}/${encodeURIComponent(principal.subject)}`;
}

/**
 * Takes one token from the principal's bucket for the rule: `rate.calls` tokens, refilled evenly
 * over `rate.per_seconds`. When it is empty, `retryAfterSeconds` says when a call would pass.
 *
 * @example
 * if (decision.rate) {
 *   const taken = await checkRate(store, principal, decision.ruleId, decision.rate);
 *   if (!taken.ok) throw rateLimited(taken.retryAfterSeconds);
 * }
 */
export function checkRate(
  store: Store,
  principal: Principal,
  ruleId: string,
  rate: Rate,
): Promise<{ ok: boolean; retryAfterSeconds: number; remaining: number }> {
  return store.takeTokens(rateKey(principal, ruleId), rate.calls, rate.calls / rate.per_seconds, 1);
}
