/**
 * The one storage contract. Every adapter (memory, sqlite, and later postgres, redis) passes the
 * same suite in `contract.test-suite.ts`, so callers never know which one they hold.
 *
 * Values are JSON-serialisable. Keys are namespaced by the caller (`pins/<server>/<item>`,
 * `keys/<name>`, `approvals/<id>`); `list` returns entries under a prefix in key order.
 */
export interface Store {
  readonly kind: string;
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Sets a value; `ttlSeconds` makes it expire (reads after expiry see nothing). */
  set(key: string, value: unknown, ttlSeconds?: number): Promise<void>;
  /** Sets only when absent; true when this call wrote it (single-use tokens, first-sight pins). */
  setIfAbsent(key: string, value: unknown, ttlSeconds?: number): Promise<boolean>;
  delete(key: string): Promise<boolean>;
  /** Deletes and returns the value in one step, so two callers can never both consume it. */
  take<T = unknown>(key: string): Promise<T | undefined>;
  list<T = unknown>(prefix: string): Promise<Array<{ key: string; value: T }>>;
  /** Adds `by` to a counter inside a fixed window that starts at the first increment. */
  increment(key: string, by: number, windowSeconds: number): Promise<number>;
  /**
   * Token bucket: refills `refillPerSecond` up to `capacity`, then takes `cost` if it can.
   * Returns whether the tokens were taken and, if not, how many seconds until they would be.
   */
  takeTokens(
    key: string,
    capacity: number,
    refillPerSecond: number,
    cost?: number,
  ): Promise<{ ok: boolean; retryAfterSeconds: number; remaining: number }>;
  /** Appends records to an ordered, append-only log; returns their sequence numbers. */
  append(log: string, records: unknown[]): Promise<number[]>;
  /**
   * Appends records given as JSON text, kept exactly as given where the store keeps text: the
   * audit hashes a record's text and stores that same text, so it is encoded once. `read` and
   * `last` give back the parsed records, as for {@link Store.append}.
   */
  appendJson(log: string, texts: string[]): Promise<number[]>;
  /** Reads a log in sequence order from `afterSeq` (exclusive). */
  read<T = unknown>(
    log: string,
    afterSeq?: number,
    limit?: number,
  ): Promise<Array<{ seq: number; record: T }>>;
  /** The last record of a log, or undefined when it is empty. */
  last<T = unknown>(log: string): Promise<{ seq: number; record: T } | undefined>;
  close(): Promise<void>;
}
