import type { KeyObject } from "node:crypto";
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { Store } from "../store/store.js";
import { CHECKPOINT_LOG, signCheckpoint } from "./checkpoint.js";
import { GENESIS_HASH, auditRecordHash } from "./hash.js";
import {
  buildAuditBody,
  type ArgumentsMode,
  type AuditBody,
  type AuditInput,
  type AuditRecord,
  type Redactor,
} from "./record.js";

/** Store log that holds the audit chain. */
export const AUDIT_LOG = "audit";

/** Which sink could not be written, how many records it concerned, and why. */
export interface AuditWriteFailure {
  sink: "store" | "file" | "checkpoint";
  records: number;
  error: Error;
}

export interface AuditLogOptions {
  store: Store;
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

  let queue: Pending[] = [];
  let draining: Promise<void> | undefined;
  let head: Head | undefined;
  let checkpointedSeq = 0;
  let closed = false;

  async function loadHead(): Promise<Head> {
    const last = await store.last<AuditRecord>(AUDIT_LOG);
    const lastCheckpoint = await store.last<{ seq: number }>(CHECKPOINT_LOG);
    checkpointedSeq = lastCheckpoint?.record.seq ?? 0;
    return last ? { seq: last.record.seq, hash: last.record.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  function report(failure: AuditWriteFailure): void {
    try {
      options.onWriteFailure?.(failure);
    } catch {
      // A broken alert hook must not decide whether the gateway answers.
    }
  }

  function fail(batch: Pending[], sink: AuditWriteFailure["sink"], error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
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
      report({
        sink: "checkpoint",
        records: 0,
        error: error instanceof Error ? error : new Error(String(error)),
      });
    }
  }

  async function commit(batch: Pending[]): Promise<void> {
    let start: Head;
    try {
      start = head ?? (await loadHead());
    } catch (error) {
      return fail(batch, "store", error);
    }
    let at = start;
    const records = batch.map(({ body }) => {
      const record = chained(body, at.seq + 1, at.hash);
      at = { seq: record.seq, hash: record.hash };
      return record;
    });
    try {
      await store.append(AUDIT_LOG, records);
      head = at;
    } catch (error) {
      // The store may or may not hold part of this batch; read the head again before the next one.
      head = undefined;
      return fail(batch, "store", error);
    }
    const lines = fd !== undefined || stdout ? records.map((r) => JSON.stringify(r) + "\n").join("") : "";
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
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      await commit(batch);
    } while (queue.length > 0);
    draining = undefined;
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
      await draining;
      if (head) await writeCheckpoint(head);
      if (fd !== undefined) closeSync(fd);
    },
  };
}

/** The record in its place in the chain, built in one literal so every record has the same shape. */
function chained(b: AuditBody, seq: number, prevHash: string): AuditRecord {
  const record: AuditRecord = {
    time: b.time,
    id: b.id,
    session: b.session,
    principal: b.principal,
    client: b.client,
    server: b.server,
    method: b.method,
    target: b.target,
    decision: b.decision,
    rule: b.rule,
    findings: b.findings,
    latency_ms: b.latency_ms,
    bytes_in: b.bytes_in,
    bytes_out: b.bytes_out,
    upstream_status: b.upstream_status,
    args: b.args,
    seq,
    prev_hash: prevHash,
    hash: "",
  };
  record.hash = auditRecordHash(record);
  return record;
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
