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

/** Whether a call may go ahead and, if not, in how many seconds a token comes. */
export interface Taken {
  ok: boolean;
  retryAfterSeconds: number;
}

const TAKEN: Taken = Object.freeze({ ok: true, retryAfterSeconds: 0 });

/** Most tokens taken from a bucket at once: a busy bucket costs one store write per this many calls. */
const LEASE_MAX = 32;
/** One lease holds at most this share of its bucket, so tokens taken but not yet spent stay few. */
const LEASE_SHARE = 64;
/** Buckets with tokens held here; past this, the oldest holdings are dropped (their tokens are lost). */
const MAX_HELD = 10_000;

/**
 * How many tokens one store write takes for a rate: 1 for a small bucket, so its limit stays
 * exact; up to {@link LEASE_MAX} for a large one.
 */
export function leaseSize(rate: Rate): number {
  return Math.max(1, Math.min(LEASE_MAX, Math.floor(rate.calls / LEASE_SHARE)));
}

/**
 * Token buckets per principal and rule: `rate.calls` tokens, refilled evenly over
 * `rate.per_seconds`, kept in the store so every gateway on it shares them. A busy bucket is
 * not written once per call: tokens are taken a few at a time ({@link leaseSize}) and spent here.
 * One lease at a time per bucket, so what that costs in exactness is bounded: a gateway holds at
 * most one lease (1/64 of the bucket, at most 32 tokens), which it may spend after the bucket has
 * refilled; tokens it holds when it stops are lost, never given twice.
 *
 * @example
 * const limiter = new RateLimiter(store);
 * const taken = await limiter.take(principal, decision.ruleId, decision.rate);
 * if (!taken.ok) throw rateLimited(taken.retryAfterSeconds);
 */
export class RateLimiter {
  /** Tokens taken from the store and not yet spent, by bucket and rate. */
  private readonly held = new Map<string, number>();
  /**
   * The lease being taken for a bucket, which calls that come meanwhile wait for: it gives them
   * its refusal, or undefined once they may look at what it left (or when the store failed).
   */
  private readonly leasing = new Map<string, Promise<Taken | undefined>>();

  constructor(private readonly store: Store) {}

  /** Takes a token; synchronously when one is held here already, so most calls do not wait. */
  take(principal: Principal, ruleId: string, rate: Rate): Taken | Promise<Taken> {
    const key = rateKey(principal, ruleId);
    // a small bucket is taken a token per call: nothing is held, so calls need not wait in line
    if (leaseSize(rate) === 1) return this.lease(key, "", rate);
    // the rate is part of the holding: a reloaded policy with another rate starts afresh
    const holding = `${key} ${rate.calls}/${rate.per_seconds}`;
    return this.spend(holding) ? TAKEN : this.takeWaiting(key, holding, rate);
  }

  private async takeWaiting(key: string, holding: string, rate: Rate): Promise<Taken> {
    // One lease at a time per bucket: calls that come while it is taken spend from it once it
    // lands, so a burst cannot take a lease each and hold much of the bucket unspent.
    for (let leasing = this.leasing.get(holding); leasing; leasing = this.leasing.get(holding)) {
      const refused = await leasing;
      if (refused) return refused; // the bucket had no token for it: none for these either
      if (this.spend(holding)) return TAKEN;
    }
    let landed!: (refused: Taken | undefined) => void;
    this.leasing.set(holding, new Promise((resolve) => (landed = resolve)));
    let taken: Taken | undefined;
    try {
      taken = await this.lease(key, holding, rate);
      return taken;
    } finally {
      this.leasing.delete(holding); // before the waiting calls look again
      landed(taken && !taken.ok ? taken : undefined);
    }
  }

  /** Takes a lease for one call and keeps the rest; a bucket too low for a whole lease gives what it has. */
  private async lease(key: string, holding: string, rate: Rate): Promise<Taken> {
    const refill = rate.calls / rate.per_seconds;
    let size = leaseSize(rate);
    for (;;) {
      const lease = await this.store.takeTokens(key, rate.calls, refill, size);
      if (lease.ok) {
        if (size > 1) this.keep(holding, size - 1);
        return TAKEN;
      }
      // without a whole token the call is refused, told when the next one comes (the store's
      // answer counted the wait for the whole lease)
      if (lease.remaining < 1) {
        const wait = size === 1 ? lease.retryAfterSeconds : Math.ceil((1 - lease.remaining) / refill);
        return { ok: false, retryAfterSeconds: wait };
      }
      size = Math.floor(lease.remaining);
    }
  }

  /** Spends one held token of a bucket, if there is one; a bucket left with none is forgotten. */
  private spend(holding: string): boolean {
    const held = this.held.get(holding) ?? 0;
    if (held < 1) return false;
    if (held > 1) this.held.set(holding, held - 1);
    else this.held.delete(holding);
    return true;
  }

  private keep(holding: string, tokens: number): void {
    this.held.set(holding, (this.held.get(holding) ?? 0) + tokens);
    if (this.held.size > MAX_HELD) this.held.delete(this.held.keys().next().value!);
  }
}
