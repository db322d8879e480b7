import type { KeyObject } from "node:crypto";
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { Store } from "../store/store.js";
import { CHECKPOINT_LOG, signCheckpoint } from "./checkpoint.js";
import { sealAuditRecord } from "./hash.js";
import { AUDIT_LOG, AuditJournal, moveHandedOver, recoverJournal, storeHead } from "./journal.js";
import {
  buildAuditBody,
  type ArgumentsMode,
  type AuditBody,
  type AuditInput,
  type Redactor,
} from "./record.js";

export { AUDIT_LOG };

/** Which sink could not be written, how many records it concerned, and why. */
export interface AuditWriteFailure {
  sink: "store" | "journal" | "file" | "checkpoint";
  records: number;
  error: Error;
}

export interface AuditLogOptions {
  store: Store;
  /**
   * Journal file ({@link AuditJournal}): records are durable once written there and move into the
   * store in bulk, at most {@link INGEST_RECORDS} or {@link INGEST_MS} later. Without one, each
   * group commit is a store transaction. A journal left by a crash is moved in first.
   */
  journal?: string;
  /**
   * JSON-lines copy, appended in the same group commit as the store. Like the store's WAL with
   * `synchronous=NORMAL`, what was written survives the process being killed.
   */
  file?: string;
  /** Also print each record as a JSON line: `true` for process stdout, or any writable. */
  stdout?: boolean | { write(chunk: string): unknown };
  arguments: ArgumentsMode;
  /** Secret masking for `redacted` arguments and for targets; defaults to the built-in secrets detector. */
  redact?: Redactor;
  /** Reject `record()` when a sink cannot be written (default), so the gateway withholds the response. */
  failClosed?: boolean;
  /** Told about every failed write, whichever way `failClosed` goes, so an alert can be raised. */
  onWriteFailure?: (failure: AuditWriteFailure) => void;
  /** Sign a checkpoint of the chain head every `every` records and on close. */
  checkpoint?: { privateKey: KeyObject; every: number };
  /** Most records committed in one transaction. */
  maxBatch?: number;
  now?: () => number;
}

export interface AuditLog {
  /**
   * Records one decision. Resolves once the record is committed to the store (and the file);
   * rejects on a bad record, and on a write failure when failing closed.
   */
  record(input: AuditInput): Promise<void>;
  /** Waits for records in flight, signs a final checkpoint and closes the file. Leaves the store open. */
  close(): Promise<void>;
}

/** Records the journal holds before they are moved into the store in one transaction. */
export const INGEST_RECORDS = 512;
/** Longest a record waits in the journal alone before it is moved into the store. */
export const INGEST_MS = 100;

/** Thrown to `record()` callers when the audit cannot be written and the log fails closed. */
export class AuditWriteError extends Error {
  constructor(
    readonly sink: AuditWriteFailure["sink"],
    cause: Error,
  ) {
    super(`audit ${sink} write failed: ${cause.message}`, { cause });
    this.name = "AuditWriteError";
  }
}

interface Pending {
  body: AuditBody;
  resolve(): void;
  reject(error: Error): void;
}

interface Head {
  seq: number;
  hash: string;
}

/**
 * Opens the tamper-evident audit log. Records are hash-chained and written with group commit:
 * whatever arrives while a transaction is being written goes into the next one, so a busy gateway
 * pays for one commit per batch instead of one per call.
 *
 * @example
 * const audit = createAuditLog({ store, arguments: "digest", onWriteFailure: (f) => alerts.emit(...) });
 * await audit.record({ session, principal, method: "tools/call", target: "read_file", decision: "allow" });
 */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const { store, failClosed = true, maxBatch = 512, now = Date.now } = options;
  const policy = { arguments: options.arguments, redact: options.redact };
  if (options.checkpoint && !(options.checkpoint.every >= 1)) {
    throw new Error("audit: checkpoint.every must be at least 1");
  }
  const stdout = options.stdout === true ? process.stdout : options.stdout || undefined;
  const fd = options.file ? openAppend(options.file) : undefined;
  const journal = options.journal ? new AuditJournal(options.journal) : undefined;

  let queue: Pending[] = [];
  let draining: Promise<void> | undefined;
  let head: Head | undefined;
  let checkpointedSeq = 0;
  let closed = false;
  /** Sealed records in the journal that the store does not hold yet, and when the first was written. */
  let unstored = 0;
  let unstoredSince = 0;
  let ingestTimer: NodeJS.Timeout | undefined;
  /** Set while the store refuses records: the journal is then read back whole. */
  let storeError: Error | undefined;
  /** The move of a handed-over journal into the store, while it runs. */
  let moving: Promise<void> | undefined;

  async function loadHead(): Promise<Head> {
    if (journal) await recoverJournal(store, journal);
    const lastCheckpoint = await store.last<{ seq: number }>(CHECKPOINT_LOG);
    checkpointedSeq = lastCheckpoint?.record.seq ?? 0;
    return storeHead(store);
  }

  function report(failure: AuditWriteFailure): void {
    try {
      options.onWriteFailure?.(failure);
    } catch {
      // A broken alert hook must not decide whether the gateway answers.
    }
  }

  function fail(batch: Pending[], sink: AuditWriteFailure["sink"], error: unknown): void {
    const err = toError(error);
    report({ sink, records: batch.length, error: err });
    for (const p of batch) {
      if (failClosed) p.reject(new AuditWriteError(sink, err));
      else p.resolve();
    }
  }

  async function writeCheckpoint(at: Head): Promise<void> {
    if (!options.checkpoint || at.seq <= checkpointedSeq) return;
    try {
      await store.append(CHECKPOINT_LOG, [signCheckpoint(at, options.checkpoint.privateKey, now())]);
      checkpointedSeq = at.seq;
    } catch (error) {
      report({ sink: "checkpoint", records: 0, error: toError(error) });
    }
  }

  /**
   * Moves the journal's records into the store. The journal is handed over to the move (renamed)
   * and the move runs beside new commits: a SQLite store writing in the background takes it on
   * another thread, so callers do not wait while a few hundred records go in. Runs only inside
   * the drain loop, so no journal write can land between the hand-over and `unstored` emptying.
   */
  async function ingest(): Promise<void> {
    if (!journal || moving) return;
    const count = unstored;
    unstored = 0;
    if (storeError) {
      // The journal, and what a failed move left in its moving file, are read back whole.
      moving = recoverJournal(store, journal).then(
        () => {
          storeError = undefined;
        },
        (error: unknown) => {
          storeError = toError(error);
        },
      );
      try {
        await moving;
      } finally {
        moving = undefined;
      }
      return;
    }
    if (count === 0) return;
    try {
      journal.handOver();
    } catch (error) {
      return refused(count, error);
    }
    moving = moveHandedOver(store, journal, count).then(
      () => {
        try {
          journal.moved();
        } catch (error) {
          refused(0, error); // the store holds them; recovery skips what it holds
        }
      },
      (error: unknown) => refused(count, error),
    );
    void moving.finally(() => {
      moving = undefined;
      if (closed) return; // close() moves what is left
      if (ingestDue()) draining ??= drain();
      else scheduleIngest();
    });
  }

  /** The store refused a move: its records stay in the journal, which the next attempt reads back. */
  function refused(records: number, error: unknown): void {
    if (!storeError) report({ sink: "store", records, error: toError(error) });
    storeError = toError(error);
  }

  function ingestDue(): boolean {
    if (!journal || moving) return false;
    if (storeError) return true;
    if (unstored >= INGEST_RECORDS) return true;
    return unstored > 0 && (closed || now() - unstoredSince >= INGEST_MS);
  }

  async function commit(batch: Pending[]): Promise<void> {
    let start: Head;
    try {
      start = head ?? (await loadHead());
    } catch (error) {
      return fail(batch, "store", error);
    }
    // A store that refuses records fails the gateway closed, as it would without a journal.
    if (storeError) {
      await ingest();
      if (storeError && failClosed) return fail(batch, "store", storeError);
    }
    let at = start;
    let lines = "";
    const texts: string[] = []; // for a store written directly; a journal takes `lines`
    for (const { body } of batch) {
      const { hash, text } = sealAuditRecord(body, at.seq + 1, at.hash);
      at = { seq: at.seq + 1, hash };
      lines += text + "\n";
      if (!journal) texts.push(text);
    }
    try {
      if (journal) journal.write(lines);
      else await store.appendJson(AUDIT_LOG, texts);
      head = at;
    } catch (error) {
      // The store may or may not hold part of this batch; read the head again before the next one.
      head = undefined;
      return fail(batch, journal ? "journal" : "store", error);
    }
    if (journal) {
      if (unstored === 0) unstoredSince = now();
      unstored += batch.length;
    }
    if (fd !== undefined) {
      try {
        writeAll(fd, Buffer.from(lines));
      } catch (error) {
        return fail(batch, "file", error);
      }
    }
    for (const p of batch) p.resolve();
    try {
      if (stdout) stdout.write(lines);
    } catch {
      // Container logs are a convenience copy; the store and the file are the record.
    }
    const every = options.checkpoint?.every;
    if (every && Math.floor(at.seq / every) > Math.floor(start.seq / every)) await writeCheckpoint(at);
  }

  async function drain(): Promise<void> {
    do {
      // Let every record produced in this turn of the event loop join the batch. Yielding before
      // each batch, not only the first, also keeps callers that record again as soon as a record
      // resolves from starving the event loop with a batch loop that never ends.
      await new Promise((resolve) => setImmediate(resolve));
      if (queue.length > 0) {
        const batch = queue.slice(0, maxBatch);
        queue = queue.slice(maxBatch);
        await commit(batch);
      }
      if (ingestDue()) await ingest();
    } while (queue.length > 0);
    draining = undefined;
    scheduleIngest();
  }

  /** Wakes the drain loop when records would otherwise wait in the journal for the next call. */
  function scheduleIngest(): void {
    if (closed || ingestTimer || moving || (unstored === 0 && !storeError)) return;
    const wait = storeError ? 1000 : Math.max(0, unstoredSince + INGEST_MS - now());
    ingestTimer = setTimeout(() => {
      ingestTimer = undefined;
      draining ??= drain();
    }, wait);
    ingestTimer.unref();
  }

  return {
    record(input) {
      if (closed) return Promise.reject(new Error("audit log is closed"));
      let body: AuditBody;
      try {
        body = buildAuditBody(input, policy, now());
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise<void>((resolve, reject) => {
        queue.push({ body, resolve, reject });
        draining ??= drain();
      });
    },
    async close() {
      closed = true;
      if (ingestTimer) clearTimeout(ingestTimer);
      await draining;
      await moving;
      if (ingestDue()) await ingest();
      await moving;
      if (head) await writeCheckpoint(head);
      if (fd !== undefined) closeSync(fd);
      journal?.close();
    },
  };
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset);
}

function openAppend(file: string): number {
  try {
    mkdirSync(dirname(file), { recursive: true });
    return openSync(file, "a", 0o600);
  } catch (error) {
    throw new Error(`audit: cannot open ${file} for appending: ${(error as Error).message}`);
  }
}
