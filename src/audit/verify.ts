import type { KeyObject } from "node:crypto";
import type { Store } from "../store/store.js";
import { CHECKPOINT_LOG, checkpointSignatureValid, type Checkpoint } from "./checkpoint.js";
import { GENESIS_HASH, chainHash } from "./hash.js";
import { AUDIT_LOG } from "./log.js";

/** What was done to the first bad record. `checkpoint` means a signed checkpoint is forged. */
export type AuditProblem = "modified" | "removed" | "inserted" | "reordered" | "checkpoint";

export type AuditVerification =
  | { ok: true; count: number; checkpoints: number }
  | {
      ok: false;
      /** The sequence number of the first bad record: where it sits, or for a removed one, where it was. */
      seq: number;
      problem: AuditProblem;
      detail: string;
    };

export interface VerifyOptions {
  /** Checks checkpoint signatures with this Ed25519 public key; without it only their hashes are compared. */
  publicKey?: KeyObject;
  pageSize?: number;
}

interface Entry {
  seq: number;
  record: unknown;
}

interface Link {
  seq: number;
  prev_hash: string;
  hash: string;
}

/**
 * Walks the audit chain and reports whether it is intact or the first record that was modified,
 * removed, inserted or reordered. Signed checkpoints, when present, also catch a chain rewritten
 * from some record onwards and records cut off its end.
 *
 * @example
 * const result = await verifyAudit(store, { publicKey });
 * if (!result.ok) console.error(`record ${result.seq} was ${result.problem}: ${result.detail}`);
 */
export async function verifyAudit(store: Store, options: VerifyOptions = {}): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 1000;
  const checkpoints = new Map<number, Checkpoint>();
  for (const { record } of await store.read<Checkpoint>(CHECKPOINT_LOG)) {
    if (options.publicKey && !checkpointSignatureValid(record, options.publicKey)) {
      return bad(
        record?.seq ?? 0,
        "checkpoint",
        "a signed checkpoint does not verify with the audit public key",
      );
    }
    checkpoints.set(record.seq, record);
  }

  const cursor = new LogCursor(store, 0, pageSize);
  let prev: { row: number; link: Link } | undefined;
  let lastCheckpointSeq = 0;
  let count = 0;
  try {
    for (let entry = await cursor.next(); entry; entry = await cursor.next()) {
      const prevSeq = prev?.link.seq ?? 0;
      const prevHash = prev?.link.hash ?? GENESIS_HASH;
      const expected = prevSeq + 1;
      const link = asLink(entry.record);
      const nextLink = asLink((await cursor.peek())?.record);
      const nextFollowsPrev = nextLink?.prev_hash === prevHash && nextLink.seq === expected;
      const here = `seq ${entry.seq}`;

      if (!link || chainHash(entry.record as Record<string, unknown>) !== link.hash) {
        if (nextFollowsPrev)
          return bad(
            entry.seq,
            "inserted",
            `${here} is not part of the chain; the next record follows ${prevSeq}`,
          );
        return bad(entry.seq, "modified", `${here} no longer matches its own hash`);
      }
      if (link.prev_hash === prevHash && link.seq === expected) {
        const checkpoint = checkpoints.get(link.seq);
        if (checkpoint && checkpoint.hash !== link.hash) {
          return bad(
            entry.seq,
            "modified",
            `the chain was rewritten after seq ${lastCheckpointSeq}: ${here} differs from its signed checkpoint`,
          );
        }
        if (checkpoint) lastCheckpointSeq = link.seq;
        prev = { row: entry.seq, link };
        count += 1;
        continue;
      }
      if (link.prev_hash === prevHash || link.seq === expected) {
        if (nextFollowsPrev)
          return bad(entry.seq, "inserted", `${here} was added; the next record follows ${prevSeq}`);
        if (link.prev_hash === prevHash)
          return bad(entry.seq, "modified", `${here} claims place ${link.seq}, not ${expected}`);
        if (!prev) return bad(entry.seq, "modified", `${here} does not start the chain`);
        return bad(
          prev.row,
          "modified",
          `seq ${prev.row} was rewritten: the record after it was chained to another version`,
        );
      }
      if (link.seq > expected) {
        const later = await findChainSeq(store, entry.seq, expected, pageSize);
        if (later !== undefined) {
          return bad(
            entry.seq,
            "reordered",
            `${here} holds record ${link.seq}; record ${expected} is at seq ${later}`,
          );
        }
        const missing =
          link.seq - 1 === expected ? `record ${expected} is` : `records ${expected}-${link.seq - 1} are`;
        return bad(expected, "removed", `${missing} missing before ${here}`);
      }
      if (
        prev &&
        link.seq === prevSeq &&
        link.prev_hash === prev.link.prev_hash &&
        nextLink?.prev_hash === link.hash
      ) {
        return bad(
          prev.row,
          "inserted",
          `seq ${prev.row} and ${here} both claim place ${link.seq}; the chain continues from ${here}`,
        );
      }
      return bad(entry.seq, "inserted", `${here} claims place ${link.seq}, which is already taken`);
    }
  } catch (error) {
    if (error instanceof UnreadableRecordError) return bad(error.after + 1, "modified", error.message);
    throw error;
  }

  const lastSeq = prev?.link.seq ?? 0;
  const beyond = [...checkpoints.keys()].filter((seq) => seq > lastSeq);
  if (beyond.length > 0) {
    return bad(
      lastSeq + 1,
      "removed",
      `records after ${lastSeq} were removed: a checkpoint covers ${Math.max(...beyond)}`,
    );
  }
  return { ok: true, count, checkpoints: checkpoints.size };
}

function bad(seq: number, problem: AuditProblem, detail: string): AuditVerification {
  return { ok: false, seq, problem, detail };
}

function asLink(record: unknown): Link | undefined {
  if (!record || typeof record !== "object") return undefined;
  const { seq, prev_hash, hash } = record as Record<string, unknown>;
  if (typeof seq !== "number" || typeof prev_hash !== "string" || typeof hash !== "string") return undefined;
  return { seq, prev_hash, hash };
}

/** The store position of the record that claims chain place `chainSeq`, looking after `afterRow`. */
async function findChainSeq(store: Store, afterRow: number, chainSeq: number, pageSize: number) {
  const cursor = new LogCursor(store, afterRow, pageSize);
  for (let entry = await cursor.next(); entry; entry = await cursor.next()) {
    if (asLink(entry.record)?.seq === chainSeq) return entry.seq;
  }
  return undefined;
}

class UnreadableRecordError extends Error {
  constructor(
    readonly after: number,
    cause: Error,
  ) {
    super(`the record after seq ${after} cannot be read: ${cause.message}`, { cause });
  }
}

/** Reads a log page by page with one record of look-ahead. */
class LogCursor {
  private page: Entry[] = [];
  private index = 0;
  private done = false;

  constructor(
    private readonly store: Store,
    private afterSeq: number,
    private readonly pageSize: number,
  ) {}

  async peek(): Promise<Entry | undefined> {
    if (this.index >= this.page.length && !this.done) {
      this.page = await this.readPage();
      this.index = 0;
      if (this.page.length === 0) this.done = true;
      const last = this.page[this.page.length - 1];
      if (last) this.afterSeq = last.seq;
    }
    return this.page[this.index];
  }

  /** A full page, or when a row in it cannot be parsed, the single rows before that one. */
  private async readPage(): Promise<Entry[]> {
    try {
      return await this.store.read(AUDIT_LOG, this.afterSeq, this.pageSize);
    } catch {
      try {
        return await this.store.read(AUDIT_LOG, this.afterSeq, 1);
      } catch (error) {
        throw new UnreadableRecordError(this.afterSeq, error as Error);
      }
    }
  }

  async next(): Promise<Entry | undefined> {
    const entry = await this.peek();
    this.index += 1;
    return entry;
  }
}
