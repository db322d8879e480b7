import type { Store } from "./store.js";

interface Entry {
  value: unknown;
  expiresAt: number;
}

/**
 * An in-process store for tests and for `bastion wrap` sessions that need no persistence.
 * Values are deep-copied on the way in and out so callers can't mutate what is stored.
 */
export class MemoryStore implements Store {
  readonly kind = "memory";
  private readonly entries = new Map<string, Entry>();
  private readonly logs = new Map<string, unknown[]>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  private live(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (e && e.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const e = this.live(key);
    return e ? (structuredClone(e.value) as T) : undefined;
  }

  async set(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    this.entries.set(key, { value: structuredClone(value), expiresAt: expiry(this.now(), ttlSeconds) });
  }

  async setIfAbsent(key: string, value: unknown, ttlSeconds?: number): Promise<boolean> {
    if (this.live(key)) return false;
    await this.set(key, value, ttlSeconds);
    return true;
  }

  async delete(key: string): Promise<boolean> {
    const had = this.live(key) !== undefined;
    this.entries.delete(key);
    return had;
  }

  async take<T>(key: string): Promise<T | undefined> {
    const e = this.live(key);
    this.entries.delete(key);
    return e ? (e.value as T) : undefined;
  }

  async list<T>(prefix: string): Promise<Array<{ key: string; value: T }>> {
    const out: Array<{ key: string; value: T }> = [];
    for (const key of [...this.entries.keys()].sort()) {
      if (!key.startsWith(prefix)) continue;
      const e = this.live(key);
      if (e) out.push({ key, value: structuredClone(e.value) as T });
    }
    return out;
  }

  async increment(key: string, by: number, windowSeconds: number): Promise<number> {
    const e = this.live(key);
    const value = ((e?.value as number | undefined) ?? 0) + by;
    this.entries.set(key, { value, expiresAt: e?.expiresAt ?? expiry(this.now(), windowSeconds) });
    return value;
  }

  async takeTokens(key: string, capacity: number, refillPerSecond: number, cost = 1) {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: capacity, at: now };
    const result = refill(b, now, capacity, refillPerSecond, cost);
    this.buckets.set(key, { tokens: result.tokens, at: now });
    return { ok: result.ok, retryAfterSeconds: result.retryAfterSeconds, remaining: result.tokens };
  }

  async append(log: string, records: unknown[]): Promise<number[]> {
    const l = this.logs.get(log) ?? [];
    this.logs.set(log, l);
    return records.map((r) => {
      l.push(structuredClone(r));
      return l.length;
    });
  }

  async appendJson(log: string, texts: string[]): Promise<number[]> {
    return this.append(
      log,
      texts.map((text) => JSON.parse(text) as unknown),
    );
  }

  async read<T>(log: string, afterSeq = 0, limit = Number.MAX_SAFE_INTEGER) {
    const l = this.logs.get(log) ?? [];
    return l
      .slice(afterSeq, afterSeq + limit)
      .map((record, i) => ({ seq: afterSeq + i + 1, record: structuredClone(record) as T }));
  }

  async last<T>(log: string) {
    const l = this.logs.get(log) ?? [];
    return l.length ? { seq: l.length, record: structuredClone(l[l.length - 1]) as T } : undefined;
  }

  async close(): Promise<void> {}
}

/** Absolute expiry in ms; no TTL means never. */
export function expiry(now: number, ttlSeconds?: number): number {
  return ttlSeconds === undefined ? Number.POSITIVE_INFINITY : now + ttlSeconds * 1000;
}

/** One token-bucket step, shared by every adapter that computes buckets in process. */
export function refill(
  bucket: { tokens: number; at: number },
  now: number,
  capacity: number,
  refillPerSecond: number,
  cost: number,
): { ok: boolean; tokens: number; retryAfterSeconds: number } {
  const tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * refillPerSecond);
  if (tokens >= cost) return { ok: true, tokens: tokens - cost, retryAfterSeconds: 0 };
  const missing = cost - tokens;
  return {
    ok: false,
    tokens,
    retryAfterSeconds: refillPerSecond > 0 ? Math.ceil(missing / refillPerSecond) : Infinity,
  };
}
