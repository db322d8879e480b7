import {
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import type { Store } from "../store/store.js";
import { readJsonLines } from "../store/sqlite.js";
import { GENESIS_HASH } from "./hash.js";
import type { AuditRecord } from "./record.js";

/** Store log that holds the audit chain. */
export const AUDIT_LOG = "audit";

/**
 * The audit journal: an append-only file of sealed records, one per line, beside the store. A
 * record is durable once its line is written: like the store's WAL with `synchronous=NORMAL`, a
 * written line survives the process being killed. One write per batch costs a fraction of a
 * store transaction, so the gateway writes here before a response leaves and moves records into
 * the store in bulk afterwards ({@link recoverJournal} finishes the move after a crash).
 *
 * A bulk move runs beside new writes: {@link AuditJournal.handOver} renames the file to
 * `<journal>.moving` and starts an empty one, and the moving file is removed once the store holds
 * it. Readers take the moving file first, then the journal.
 */
export class AuditJournal {
  private fd: number;
  /** Bytes in the file: where the next batch starts, and where a failed one is cut back to. */
  private size: number;

  constructor(readonly path: string) {
    this.fd = openJournal(path);
    this.size = fstatSync(this.fd).size;
  }

  /**
   * Appends sealed record lines; returns once the operating system holds them. A batch that
   * cannot be written whole (a full disk) is cut off again, so its refused records are never
   * moved into the store and the next batch does not start in the middle of a line.
   */
  write(lines: string): void {
    const length = Buffer.byteLength(lines);
    try {
      // The text goes to the kernel as it is; only a short write, which a regular file almost
      // never gives, pays for a copy to finish from.
      const written = writeSync(this.fd, lines);
      if (written < length) {
        const bytes = Buffer.from(lines);
        for (let offset = written; offset < length;) offset += writeSync(this.fd, bytes, offset);
      }
    } catch (error) {
      try {
        ftruncateSync(this.fd, this.size);
      } catch {
        // Recovery leaves out a torn last line; the write error is what the caller must hear.
      }
      throw error;
    }
    this.size += length;
  }

  /**
   * Hands what the journal holds over to a move into the store ({@link moveHandedOver}): the
   * file becomes `<journal>.moving` and writing goes on in a new, empty journal. One move at a
   * time: the moving file must be gone ({@link moved}) before the next hand-over.
   */
  handOver(): void {
    const moving = movingPath(this.path);
    if (existsSync(moving)) throw new Error(`audit: ${moving} is still being moved into the store`);
    renameSync(this.path, moving); // the open file goes with its name: nothing is written twice
    let fd: number;
    try {
      fd = openJournal(this.path);
    } catch (error) {
      renameSync(moving, this.path);
      throw error;
    }
    closeSync(this.fd);
    this.fd = fd;
    this.size = 0;
  }

  /** The store holds what was handed over: the moving file goes. */
  moved(): void {
    rmSync(movingPath(this.path), { force: true });
  }

  /** Empties the journal, the moving file included, once the store holds everything in both. */
  clear(): void {
    ftruncateSync(this.fd);
    this.size = 0;
    this.moved();
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** A store that can take a file of JSON lines itself: SQLite reads it on its background writer. */
interface JsonLinesAppender {
  appendJsonLines(log: string, path: string, count: number): Promise<number[]>;
}

/**
 * Moves the `count` records a hand-over put in the moving file into the store. The journal
 * already holds them on disk, so the gateway keeps no copy in memory meanwhile, and a SQLite
 * store reads and inserts them on its own thread. A file with another number of lines (a write
 * that could not be cut back left part of one) is refused whole; recovery names the bad line.
 */
export async function moveHandedOver(store: Store, journal: AuditJournal, count: number): Promise<void> {
  const file = movingPath(journal.path);
  const appender = store as Partial<JsonLinesAppender>;
  if (typeof appender.appendJsonLines === "function") {
    await appender.appendJsonLines(AUDIT_LOG, file, count);
    return;
  }
  await store.appendJson(AUDIT_LOG, readJsonLines(file, count));
}

/** Where a journal's records wait while they are moved into the store. */
export function movingPath(journal: string): string {
  return `${journal}.moving`;
}

function openJournal(path: string): number {
  try {
    return openSync(path, "a", 0o600);
  } catch (error) {
    throw new Error(`audit: cannot open the journal ${path}: ${(error as Error).message}`);
  }
}

/**
 * Where the audit journal of a store lives: beside a SQLite file. Stores without a local file
 * (memory, and later the shared ones) take records directly and have no journal.
 */
export function auditJournalPath(store: Store): string | undefined {
  const path = (store as { path?: unknown }).path;
  return store.kind === "sqlite" && typeof path === "string" && path !== ":memory:"
    ? `${path}-audit-journal`
    : undefined;
}

/** Where a chain ends: the store's last audit record, or the genesis of an empty log. */
export async function storeHead(store: Store): Promise<{ seq: number; hash: string }> {
  const last = await store.last<AuditRecord>(AUDIT_LOG);
  return last ? { seq: last.record.seq, hash: last.record.hash } : { seq: 0, hash: GENESIS_HASH };
}

/**
 * The journal's records that the store does not hold yet, as text, each checked to continue the
 * chain from `head`: those of the moving file first, then the journal's. A line the store already
 * holds (a crash between the store write and the file being emptied) is skipped. A last line
 * without its newline was torn by a power loss and is left out; anything else that does not fit
 * is an error naming the line, so a damaged journal stops the gateway instead of being silently
 * dropped or stored.
 */
export function readJournal(path: string, head: { seq: number; hash: string }): string[] {
  const texts: string[] = [];
  const at = readJournalFile(movingPath(path), head, head, texts);
  readJournalFile(path, head, at, texts);
  return texts;
}

/** Adds one file's records after `at` to `texts`; returns where the chain then ends. */
function readJournalFile(
  path: string,
  head: { seq: number; hash: string },
  from: { seq: number; hash: string },
  texts: string[],
): { seq: number; hash: string } {
  if (!existsSync(path)) return from;
  const lines = readFileSync(path, "utf8").split("\n");
  lines.pop(); // the text after the last newline: empty, or a torn write
  let at = from;
  for (const [index, line] of lines.entries()) {
    const where = `audit journal ${path} line ${index + 1}`;
    let record: Partial<AuditRecord>;
    try {
      record = JSON.parse(line) as Partial<AuditRecord>;
    } catch {
      throw new Error(`${where} is not a JSON record; move the file aside to start without it`);
    }
    if (typeof record.seq !== "number" || typeof record.hash !== "string") {
      throw new Error(`${where} is not an audit record (no seq or hash)`);
    }
    if (record.seq <= head.seq) continue;
    if (record.seq !== at.seq + 1 || record.prev_hash !== at.hash) {
      throw new Error(
        `${where} (seq ${record.seq}) does not continue the audit chain after seq ${at.seq}; ` +
          "run `bastion audit verify` and move the file aside to start without it",
      );
    }
    texts.push(line);
    at = { seq: record.seq, hash: record.hash };
  }
  return at;
}

/**
 * Moves what a journal holds beyond the store's head into the store, then empties it (and its
 * moving file). Run at start-up, before anything is recorded, and after a failed move once the
 * store answers again. Returns how many records moved.
 */
export async function recoverJournal(store: Store, journal: AuditJournal): Promise<number> {
  const texts = readJournal(journal.path, await storeHead(store));
  if (texts.length > 0) await store.appendJson(AUDIT_LOG, texts);
  journal.clear();
  return texts.length;
}

/**
 * Claims a journal for this process with a lock file beside it (`<journal>.lock`, holding the
 * process id). Two gateways on one store would each move the other's journal into the store and
 * break the chain, so a second one is refused while the first lives; a lock left by a process
 * that is gone (killed) is taken over. Returns the release.
 */
export function lockJournal(path: string): () => void {
  const lock = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx", mode: 0o600 });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(lock, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
        throw new Error(
          `the audit journal ${path} is in use by process ${holder}: another gateway runs on this store`,
        );
      }
      rmSync(lock, { force: true }); // left by a process that is gone
    }
  }
  throw new Error(`cannot lock the audit journal ${path}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** {@link recoverJournal} for a journal file that may not exist; opens and closes it. */
export async function recoverJournalFile(store: Store, path: string): Promise<number> {
  if (!existsSync(path) && !existsSync(movingPath(path))) return 0;
  const journal = new AuditJournal(path);
  try {
    return await recoverJournal(store, journal);
  } finally {
    journal.close();
  }
}

/**
 * A read view of the audit log for the commands that read it: the store, then the journal's
 * records the store does not hold yet (the last moments of a running gateway, or what a killed
 * one left). Reading never moves records, so it is safe while a gateway runs.
 */
export function withJournal(store: Store): Store {
  const path = auditJournalPath(store);
  if (!path) return store;
  // A running gateway moves records into the store while this reads: a journal that does not
  // continue the head read just before it is read again once the head has moved; only a journal
  // that still does not fit the head it was read against is damaged.
  const pending = async () => {
    for (let attempt = 0; ; attempt++) {
      const head = await storeHead(store);
      try {
        return readJournal(path, head).map((text) => JSON.parse(text) as AuditRecord);
      } catch (error) {
        if (attempt >= 2 || (await storeHead(store)).seq === head.seq) throw error;
      }
    }
  };
  return Object.assign(Object.create(store) as Store, {
    async read<T>(log: string, afterSeq = 0, limit = Number.MAX_SAFE_INTEGER) {
      if (log !== AUDIT_LOG) return store.read<T>(log, afterSeq, limit);
      // The journal before the store: a record leaves the journal only once the store holds it,
      // so one that moves in between is seen twice (and kept once), never missed.
      let journal: AuditRecord[] | undefined;
      let damaged: unknown;
      try {
        journal = await pending();
      } catch (error) {
        damaged = error;
      }
      const stored = await store.read<T>(log, afterSeq, limit);
      if (stored.length >= limit) return stored;
      // A damaged journal begins after the store's last record: the store's records are still
      // read, and the error comes with the first read that reaches the journal, so a reader such
      // as `verify` places the damage after the store instead of at its first record.
      if (!journal) {
        if (stored.length > 0) return stored;
        throw damaged;
      }
      const after = stored.at(-1)?.seq ?? afterSeq;
      const more = journal
        .filter((r) => r.seq > after)
        .slice(0, limit - stored.length)
        .map((r) => ({ seq: r.seq, record: r as T }));
      return [...stored, ...more];
    },
    async last<T>(log: string) {
      if (log === AUDIT_LOG) {
        const tail = (await pending()).at(-1);
        if (tail) return { seq: tail.seq, record: tail as T };
      }
      return store.last<T>(log);
    },
  });
}
