import Database from "better-sqlite3";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { expiry, refill } from "./memory.js";
import type { Store } from "./store.js";
import {
  GATEWAY_WAITING,
  LOCK,
  LOCK_FREE,
  LOCK_GATEWAY,
  MAX_ROWS_PER_INSERT,
  startSqliteWorker,
  type SqliteWorker,
} from "./sqlite-worker.js";

/** WAL pages (4 KiB) past which the writing connection checkpoints even with a background worker. */
const BACKSTOP_CHECKPOINT_PAGES = 16_384;

/**
 * The `count` lines of a file of JSON texts, one per line; a file with another number of lines
 * (a write that could not be cut back left part of one) is refused.
 */
export function readJsonLines(path: string, count: number): string[] {
  const texts = readFileSync(path, "utf8").split("\n");
  texts.pop(); // after the last newline: nothing in a file written line by line
  if (texts.length !== count) throw new Error(`${path} holds ${texts.length} lines for ${count} records`);
  return texts;
}

/** How long a write waits for the background worker's transaction before it fails. */
const LOCK_TIMEOUT_MS = 5000;

/**
 * The embedded default: one SQLite file in WAL mode. better-sqlite3 is synchronous, which is fine
 * here because every statement is a single indexed row operation (microseconds); the audit log
 * batches its appends so the gateway never waits on one fsync per message.
 */
export class SqliteStore implements Store {
  readonly kind = "sqlite";
  readonly db: Database.Database;
  private readonly stmts;
  /** Built once: `db.transaction` wraps a function anew on every call, a cost paid per commit. */
  private readonly appendText: (log: string, texts: string[]) => number[];
  private readonly multiInserts = new Map<number, Database.Statement>();
  private worker: SqliteWorker | undefined;
  /** The write lock shared with the worker; absent while this connection is the only writer. */
  private lock: Int32Array | undefined;

  constructor(
    readonly path: string,
    private readonly now: () => number = Date.now,
  ) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at REAL NOT NULL);
      CREATE TABLE IF NOT EXISTS buckets (key TEXT PRIMARY KEY, tokens REAL NOT NULL, at REAL NOT NULL);
      CREATE TABLE IF NOT EXISTS logs (log TEXT NOT NULL, seq INTEGER NOT NULL, record TEXT NOT NULL, PRIMARY KEY (log, seq));
    `);
    const db = this.db;
    this.stmts = {
      get: db.prepare<[string, number], { value: string }>(
        "SELECT value FROM kv WHERE key = ? AND expires_at > ?",
      ),
      set: db.prepare("INSERT OR REPLACE INTO kv (key, value, expires_at) VALUES (?, ?, ?)"),
      purge: db.prepare("DELETE FROM kv WHERE key = ? AND expires_at <= ?"),
      insert: db.prepare("INSERT OR IGNORE INTO kv (key, value, expires_at) VALUES (?, ?, ?)"),
      del: db.prepare("DELETE FROM kv WHERE key = ?"),
      list: db.prepare<[string, string, number], { key: string; value: string }>(
        "SELECT key, value FROM kv WHERE key >= ? AND key < ? AND expires_at > ? ORDER BY key",
      ),
      getRow: db.prepare<[string, number], { value: string; expires_at: number }>(
        "SELECT value, expires_at FROM kv WHERE key = ? AND expires_at > ?",
      ),
      bucket: db.prepare<[string], { tokens: number; at: number }>(
        "SELECT tokens, at FROM buckets WHERE key = ?",
      ),
      setBucket: db.prepare("INSERT OR REPLACE INTO buckets (key, tokens, at) VALUES (?, ?, ?)"),
      lastSeq: db.prepare<[string], { seq: number | null }>("SELECT MAX(seq) AS seq FROM logs WHERE log = ?"),
      readLog: db.prepare<[string, number, number], { seq: number; record: string }>(
        "SELECT seq, record FROM logs WHERE log = ? AND seq > ? ORDER BY seq LIMIT ?",
      ),
      lastLog: db.prepare<[string], { seq: number; record: string }>(
        "SELECT seq, record FROM logs WHERE log = ? ORDER BY seq DESC LIMIT 1",
      ),
    };
    this.appendText = db.transaction((log: string, texts: string[]): number[] => {
      const first = (this.stmts.lastSeq.get(log)?.seq ?? 0) + 1;
      const seqs: number[] = [];
      for (let at = 0; at < texts.length; at += MAX_ROWS_PER_INSERT) {
        const count = Math.min(MAX_ROWS_PER_INSERT, texts.length - at);
        const values: unknown[] = [];
        for (let i = 0; i < count; i++) {
          seqs.push(first + at + i);
          values.push(log, first + at + i, texts[at + i]);
        }
        this.insertRows(count).run(values);
      }
      return seqs;
    });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const row = this.stmts.get.get(key, this.now());
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async set(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    const text = JSON.stringify(value);
    this.exclusive(() => this.stmts.set.run(key, text, expiry(this.now(), ttlSeconds)));
  }

  async setIfAbsent(key: string, value: unknown, ttlSeconds?: number): Promise<boolean> {
    const now = this.now();
    const text = JSON.stringify(value);
    return this.exclusive(
      this.db.transaction(() => {
        this.stmts.purge.run(key, now);
        return this.stmts.insert.run(key, text, expiry(now, ttlSeconds)).changes === 1;
      }),
    );
  }

  async delete(key: string): Promise<boolean> {
    const live = this.stmts.get.get(key, this.now()) !== undefined;
    this.exclusive(() => this.stmts.del.run(key));
    return live;
  }

  async take<T>(key: string): Promise<T | undefined> {
    return this.exclusive(
      this.db.transaction(() => {
        const row = this.stmts.get.get(key, this.now());
        this.stmts.del.run(key);
        return row ? (JSON.parse(row.value) as T) : undefined;
      }),
    );
  }

  async list<T>(prefix: string): Promise<Array<{ key: string; value: T }>> {
    return this.stmts.list
      .all(prefix, prefix + "\uffff", this.now())
      .map((r) => ({ key: r.key, value: JSON.parse(r.value) as T }));
  }

  async increment(key: string, by: number, windowSeconds: number): Promise<number> {
    const now = this.now();
    return this.exclusive(
      this.db.transaction(() => {
        const row = this.stmts.getRow.get(key, now);
        const value = (row ? (JSON.parse(row.value) as number) : 0) + by;
        this.stmts.set.run(key, JSON.stringify(value), row ? row.expires_at : expiry(now, windowSeconds));
        return value;
      }),
    );
  }

  async takeTokens(key: string, capacity: number, refillPerSecond: number, cost = 1) {
    const now = this.now();
    return this.exclusive(
      this.db.transaction(() => {
        const b = this.stmts.bucket.get(key) ?? { tokens: capacity, at: now };
        const r = refill(b, now, capacity, refillPerSecond, cost);
        this.stmts.setBucket.run(key, r.tokens, now);
        return { ok: r.ok, retryAfterSeconds: r.retryAfterSeconds, remaining: r.tokens };
      }),
    );
  }

  async append(log: string, records: unknown[]): Promise<number[]> {
    return this.appendJson(
      log,
      records.map((r) => JSON.stringify(r)),
    );
  }

  async appendJson(log: string, texts: string[]): Promise<number[]> {
    // a worker that died (its error is logged) leaves the appends to this connection again
    if (!this.worker?.alive) return this.exclusive(() => this.appendText(log, texts));
    // through the worker, behind every append sent before, so each log keeps its order
    const first = await this.worker.append(log, texts);
    return texts.map((_, i) => first + i);
  }

  /**
   * Appends the `count` lines of a file, each a JSON text: the audit journal handing records
   * over. With the background writer the file is read and inserted there, so the gateway never
   * holds or copies the texts. A file with another number of lines, or (on the worker) whose
   * first record's `seq` does not follow the log, is refused whole.
   */
  async appendJsonLines(log: string, path: string, count: number): Promise<number[]> {
    if (this.worker?.alive) {
      const first = await this.worker.appendFile(log, path, count);
      return Array.from({ length: count }, (_, i) => first + i);
    }
    return this.appendJson(log, readJsonLines(path, count));
  }

  /**
   * One INSERT for many rows: a batch of audit records crosses into SQLite once instead of once
   * per record, which is most of what a small group commit costs. Statements are kept per size.
   */
  private insertRows(count: number): Database.Statement {
    let stmt = this.multiInserts.get(count);
    if (!stmt) {
      const rows = Array.from({ length: count }, () => "(?, ?, ?)").join(", ");
      stmt = this.db.prepare(`INSERT INTO logs (log, seq, record) VALUES ${rows}`);
      this.multiInserts.set(count, stmt);
    }
    return stmt;
  }

  async read<T>(log: string, afterSeq = 0, limit = Number.MAX_SAFE_INTEGER) {
    return this.stmts.readLog
      .all(log, afterSeq, limit)
      .map((r) => ({ seq: r.seq, record: JSON.parse(r.record) as T }));
  }

  async last<T>(log: string) {
    const r = this.stmts.lastLog.get(log);
    return r ? { seq: r.seq, record: JSON.parse(r.record) as T } : undefined;
  }

  /**
   * Moves WAL checkpoints and log appends to a worker thread (see {@link startSqliteWorker}), for
   * a process that writes a lot: the gateway with the audit on. SQLite still checkpoints by itself
   * if the WAL outgrows {@link BACKSTOP_CHECKPOINT_PAGES}, so a stuck worker cannot let it grow
   * without end.
   */
  writeInBackground(onError?: (message: string) => void): void {
    if (this.worker || this.path === ":memory:") return;
    this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
    const shared = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
    this.lock = new Int32Array(shared);
    this.worker = startSqliteWorker(this.path, shared, onError ? { onError } : {});
  }

  /**
   * Runs one write with the lock the worker also takes, so neither connection meets the other's
   * write lock inside SQLite, whose busy handler would put the event loop to sleep for whole
   * milliseconds. The worker writes a few hundred rows at a time, so the wait is short and rare.
   */
  private exclusive<T>(write: () => T): T {
    const lock = this.lock;
    if (!lock) return write();
    if (Atomics.compareExchange(lock, LOCK, LOCK_FREE, LOCK_GATEWAY) !== LOCK_FREE) this.waitForWorker(lock);
    try {
      return write();
    } finally {
      Atomics.store(lock, LOCK, LOCK_FREE);
      Atomics.notify(lock, LOCK);
    }
  }

  private waitForWorker(lock: Int32Array): void {
    Atomics.store(lock, GATEWAY_WAITING, 1);
    const deadline = performance.now() + LOCK_TIMEOUT_MS;
    try {
      for (;;) {
        const held = Atomics.compareExchange(lock, LOCK, LOCK_FREE, LOCK_GATEWAY);
        if (held === LOCK_FREE) return;
        if (performance.now() > deadline) {
          throw new Error(`SQLite store ${this.path}: the background writer held the write lock for 5 s`);
        }
        Atomics.wait(lock, LOCK, held, 5);
      }
    } finally {
      Atomics.store(lock, GATEWAY_WAITING, 0);
      Atomics.notify(lock, GATEWAY_WAITING);
    }
  }

  async close(): Promise<void> {
    await this.worker?.stop();
    this.worker = undefined;
    this.lock = undefined;
    this.db.close();
  }
}
