import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** Rows per INSERT statement; 3 parameters each stays far below SQLite's parameter limit. */
export const MAX_ROWS_PER_INSERT = 64;

/**
 * Rows the worker appends per transaction. Between two transactions it lets a waiting gateway
 * write go first, so a write never waits longer than one of these (well under a millisecond).
 */
const ROWS_PER_TRANSACTION = 128;

/** Who holds the write lock shared by the gateway's connection and the worker's. */
export const LOCK_FREE = 0;
export const LOCK_GATEWAY = 1;
export const LOCK_WORKER = 2;
/** Index of the lock word, and of the flag the gateway raises while it waits. */
export const LOCK = 0;
export const GATEWAY_WAITING = 1;

/**
 * The worker's program. It is passed as source so it runs the same from `src` (under tsx) and
 * from `dist`: a worker started from a file would need a loader for TypeScript of its own.
 */
const PROGRAM = `
const { parentPort, workerData } = require("node:worker_threads");
const { readFileSync } = require("node:fs");
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma("busy_timeout = 5000");
const lock = new Int32Array(workerData.lock);
const lastSeq = db.prepare("SELECT MAX(seq) AS seq FROM logs WHERE log = ?");
const inserts = new Map();
const insertRows = (count) => {
  let stmt = inserts.get(count);
  if (!stmt) {
    stmt = db.prepare("INSERT INTO logs (log, seq, record) VALUES " + Array(count).fill("(?, ?, ?)").join(", "));
    inserts.set(count, stmt);
  }
  return stmt;
};
// as SqliteStore's own append: seqs follow the log's last, in multi-row INSERTs
const appendRows = db.transaction((log, texts, from, to) => {
  const first = (lastSeq.get(log)?.seq ?? 0) + 1;
  for (let at = from; at < to; at += ${MAX_ROWS_PER_INSERT}) {
    const count = Math.min(${MAX_ROWS_PER_INSERT}, to - at);
    const values = [];
    for (let i = 0; i < count; i++) values.push(log, first + at - from + i, texts[at + i]);
    insertRows(count).run(values);
  }
  return first;
});
const exclusive = (fn) => {
  // a gateway write that waits goes first: the gateway's event loop is what callers wait on
  while (Atomics.load(lock, ${GATEWAY_WAITING}) === 1) Atomics.wait(lock, ${GATEWAY_WAITING}, 1, 5);
  for (;;) {
    const held = Atomics.compareExchange(lock, ${LOCK}, ${LOCK_FREE}, ${LOCK_WORKER});
    if (held === ${LOCK_FREE}) break;
    Atomics.wait(lock, ${LOCK}, held, 5);
  }
  try {
    return fn();
  } finally {
    Atomics.store(lock, ${LOCK}, ${LOCK_FREE});
    Atomics.notify(lock, ${LOCK});
  }
};
const append = ({ log, texts }) => {
  let first;
  for (let from = 0; from < texts.length; from += ${ROWS_PER_TRANSACTION}) {
    const to = Math.min(texts.length, from + ${ROWS_PER_TRANSACTION});
    const at = exclusive(() => appendRows(log, texts, from, to));
    first ??= at;
  }
  return first ?? 0;
};
// A file of JSON lines, as the audit journal hands them over. Its line count and its first
// record's seq must be what the caller and the log expect, or nothing of it goes in.
const appendFile = ({ log, path, count }) => {
  const texts = readFileSync(path, "utf8").split("\\n");
  texts.pop();
  if (texts.length !== count) throw new Error(path + " holds " + texts.length + " lines for " + count + " records");
  const seq = /"seq":(\\d+)[,}]/.exec(texts[0] ?? "");
  const next = (lastSeq.get(log)?.seq ?? 0) + 1;
  if (seq && Number(seq[1]) !== next) throw new Error(path + " starts at seq " + seq[1] + ", not " + next);
  return append({ log, texts });
};
const message = (error) => String(error && error.message ? error.message : error);
const checkpoint = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    parentPort.postMessage({ error: message(error) });
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on("message", (m) => {
  if (m.append || m.appendFile) {
    try {
      parentPort.postMessage({ id: m.id, first: m.append ? append(m.append) : appendFile(m.appendFile) });
    } catch (error) {
      parentPort.postMessage({ id: m.id, error: message(error) });
    }
    return;
  }
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface SqliteWorker {
  /** False once the worker has stopped or died; appends then fail. */
  readonly alive: boolean;
  /** Appends texts to a log in one go, in order after every earlier append; resolves to the first seq. */
  append(log: string, texts: string[]): Promise<number>;
  /** {@link append} for the `count` lines of a file, read by the worker. */
  appendFile(log: string, path: string, count: number): Promise<number>;
  /** Finishes what was sent, runs a last checkpoint and stops the worker. */
  stop(): Promise<void>;
}

interface Reply {
  id?: number;
  first?: number;
  error?: string;
}

/**
 * A worker thread with its own connection to a SQLite file, for a process that writes a lot: the
 * gateway with the audit on. It takes two jobs off the event loop:
 * - WAL checkpoints. A checkpoint copies the WAL into the database and waits for two fsyncs; run
 *   by the connection that commits, as SQLite does by default, that wait stalls the event loop. A
 *   PASSIVE checkpoint takes no lock a writer needs.
 * - Log appends. Moving a few hundred audit records into the store takes milliseconds, during
 *   which every call through the gateway would wait.
 *
 * The two connections share `lock` (a SharedArrayBuffer of two Int32s, see {@link LOCK}) so that
 * neither ever meets the other's write lock inside SQLite, whose busy handler sleeps whole
 * milliseconds at a time.
 */
export function startSqliteWorker(
  path: string,
  lock: SharedArrayBuffer,
  options: { everyMs?: number; onError?: (message: string) => void } = {},
): SqliteWorker {
  const worker = new Worker(PROGRAM, {
    eval: true,
    workerData: {
      path,
      lock,
      everyMs: options.everyMs ?? 1000,
      module: createRequire(import.meta.url).resolve("better-sqlite3"),
    },
  });
  worker.unref();
  const waiting = new Map<number, { resolve: (first: number) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let gone: Error | undefined;
  let stopping = false;
  worker.on("message", (m: Reply) => {
    if (m.id === undefined) {
      if (m.error) options.onError?.(m.error);
      return;
    }
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (waiting.size === 0 && !stopping) worker.unref();
    if (m.error !== undefined) w?.reject(new Error(m.error));
    else w?.resolve(m.first ?? 0);
  });
  const fail = (error: Error) => {
    gone = error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
    // a worker that died inside its transaction must not leave the gateway waiting on the lock
    const words = new Int32Array(lock);
    Atomics.compareExchange(words, LOCK, LOCK_WORKER, LOCK_FREE);
    Atomics.notify(words, LOCK);
  };
  worker.on("error", (error) => {
    options.onError?.(error.message);
    fail(error);
  });
  const send = (job: object): Promise<number> => {
    if (gone) return Promise.reject(gone);
    const id = nextId++;
    worker.ref(); // an append in flight keeps the process up until it is stored
    return new Promise<number>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, ...job });
    });
  };
  const exited = new Promise<void>((resolve) =>
    worker.once("exit", () => {
      fail(gone ?? new Error("the SQLite worker has stopped"));
      resolve();
    }),
  );
  return {
    get alive() {
      return gone === undefined;
    },
    append(log, texts) {
      return texts.length === 0 ? Promise.resolve(0) : send({ append: { log, texts } });
    },
    appendFile(log, path, count) {
      return send({ appendFile: { log, path, count } });
    },
    stop() {
      stopping = true;
      worker.ref(); // the caller waits for the last checkpoint
      worker.postMessage("stop");
      return exited;
    },
  };
}
