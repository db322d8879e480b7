import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * The worker's program. It is passed as source so it runs the same from `src` (under tsx) and
 * from `dist`: a worker started from a file would need a loader for TypeScript of its own.
 */
const PROGRAM = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma("busy_timeout = 5000");
const run = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message ? error.message : error) });
  }
};
const timer = setInterval(run, workerData.everyMs);
parentPort.on("message", () => {
  clearInterval(timer);
  run();
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Runs a last checkpoint and stops the worker. */
  stop(): Promise<void>;
}

/**
 * Checkpoints a SQLite WAL from a worker thread with its own connection. A checkpoint copies the
 * WAL into the database and waits for two fsyncs; run by the connection that commits, as SQLite
 * does by default, that wait stalls the event loop of a gateway writing the audit at full speed.
 * A PASSIVE checkpoint takes no lock a writer needs, so the gateway's own writes never wait on it.
 */
export function startCheckpointer(
  path: string,
  options: { everyMs?: number; onError?: (message: string) => void } = {},
): Checkpointer {
  const worker = new Worker(PROGRAM, {
    eval: true,
    workerData: {
      path,
      everyMs: options.everyMs ?? 1000,
      module: createRequire(import.meta.url).resolve("better-sqlite3"),
    },
  });
  worker.unref();
  worker.on("message", (m: { error?: string }) => {
    if (m.error) options.onError?.(m.error);
  });
  worker.on("error", (error) => options.onError?.(error.message));
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  return {
    stop() {
      worker.ref(); // the caller waits for the last checkpoint
      worker.postMessage("stop");
      return exited;
    },
  };
}
