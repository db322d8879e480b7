/** How many keys a tracker keeps before it forgets the stalest, so a spray of sources cannot exhaust memory. */
const MAX_KEYS = 10_000;

/**
 * Counts events per key over a sliding window. Only the newest `limit` timestamps are kept per key,
 * which is all a "`limit` events within the window" rule needs.
 */
export class SlidingCounter {
  private readonly times = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records one event at `now`; returns how many of the key's events fall inside the window. */
  add(key: string, now: number): number {
    const kept = (this.times.get(key) ?? []).filter((t) => now - t < this.windowMs);
    kept.push(now);
    if (kept.length > this.limit) kept.splice(0, kept.length - this.limit);
    this.times.delete(key);
    this.times.set(key, kept);
    forgetOldest(this.times);
    return kept.length;
  }
}

interface Transfer {
  windowStart: number;
  total: number;
  /** Exponentially weighted mean of this principal's past window totals; undefined until one closes. */
  baseline: number | undefined;
}

/** Weight of the newest closed window in the baseline. */
const BASELINE_WEIGHT = 0.2;

/**
 * Sums bytes per principal in fixed windows and keeps each principal's own baseline: the weighted
 * mean of its earlier windows, with idle windows counting as zero.
 */
export class TransferWindows {
  private readonly transfers = new Map<string, Transfer>();

  constructor(private readonly windowMs: number) {}

  /** Adds bytes at `now`; returns the current window's total and the principal's baseline (0 when new). */
  add(principal: string, bytes: number, now: number): { total: number; baseline: number } {
    const t = this.transfers.get(principal) ?? { windowStart: now, total: 0, baseline: undefined };
    const elapsed = Math.floor((now - t.windowStart) / this.windowMs);
    if (elapsed >= 1) {
      const closed =
        t.baseline === undefined ? t.total : t.baseline + BASELINE_WEIGHT * (t.total - t.baseline);
      t.baseline = closed * Math.pow(1 - BASELINE_WEIGHT, Math.min(elapsed - 1, 100));
      t.windowStart += elapsed * this.windowMs;
      t.total = 0;
    }
    t.total += bytes;
    this.transfers.delete(principal);
    this.transfers.set(principal, t);
    forgetOldest(this.transfers);
    return { total: t.total, baseline: t.baseline ?? 0 };
  }
}

/** Drops the least recently touched keys (maps keep insertion order; touched keys are re-inserted). */
function forgetOldest(map: Map<string, unknown>): void {
  for (const key of map.keys()) {
    if (map.size <= MAX_KEYS) return;
    map.delete(key);
  }
}
