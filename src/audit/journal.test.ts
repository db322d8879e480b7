import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore } from "../store/sqlite.js";
import type { Store } from "../store/store.js";
import { auditExportCommand, auditVerifyCommand } from "./commands.js";
import {
  AUDIT_LOG,
  lockJournal,
  auditJournalPath,
  movingPath,
  readJournal,
  recoverJournalFile,
  storeHead,
  withJournal,
} from "./journal.js";
import { createAuditLog, INGEST_MS, type AuditWriteFailure } from "./log.js";
import type { AuditInput, AuditRecord } from "./record.js";
import { verifyAudit } from "./verify.js";

const dir = mkdtempSync(join(tmpdir(), "bastion-journal-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function fresh(): { store: SqliteStore; journal: string } {
  const store = new SqliteStore(join(dir, `audit-${++files}.db`));
  return { store, journal: auditJournalPath(store)! };
}

function call(id: string): AuditInput {
  return {
    id,
    session: "s-1",
    principal: "alice",
    method: "tools/call",
    target: "read_file",
    decision: "allow",
    args: { path: "/tmp/a.txt" },
  };
}

async function ids(store: Store): Promise<string[]> {
  return (await store.read<AuditRecord>(AUDIT_LOG)).map((r) => r.record.id);
}

/** Ids in one file, as they lie on disk. */
function fileIds(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as AuditRecord).id);
}

/** Ids in the journal's files: a move's handed-over file, then the journal. */
function journalIds(journal: string): string[] {
  return [...fileIds(movingPath(journal)), ...fileIds(journal)];
}

/** A store whose appends wait until `release` is called: a move into the store under way. */
function movingSlowly(store: SqliteStore): { store: Store; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const slow = Object.assign(Object.create(store) as Store, {
    appendJson: async (log: string, texts: string[]) => {
      await gate;
      return store.appendJson(log, texts);
    },
    appendJsonLines: async (log: string, path: string, count: number) => {
      await gate;
      return store.appendJsonLines(log, path, count);
    },
  });
  return { store: slow, release };
}

/** Writes records through a journal and abandons the log without closing it, as a kill would. */
async function killedWith(store: Store, journal: string, recordIds: string[]): Promise<void> {
  const audit = createAuditLog({ store, journal, arguments: "none" });
  for (const id of recordIds) await audit.record(call(id));
}

test("a journal sits beside a SQLite file; other stores take records directly", () => {
  const { store, journal } = fresh();
  assert.equal(journal, `${store.path}-audit-journal`);
  assert.equal(auditJournalPath(new SqliteStore(":memory:")), undefined);
});

test("a record is durable in the journal when it resolves, and in the store soon after", async () => {
  const { store, journal } = fresh();
  const audit = createAuditLog({ store, journal, arguments: "none" });
  await audit.record(call("a"));
  await audit.record(call("b"));
  assert.deepEqual(journalIds(journal), ["a", "b"], "both are in the journal when record() resolves");
  assert.deepEqual(await ids(store), [], "the store is written in bulk, later");
  await new Promise((resolve) => setTimeout(resolve, INGEST_MS * 3));
  assert.deepEqual(await ids(store), ["a", "b"], "a quiet gateway still moves records within moments");
  assert.equal(readFileSync(journal, "utf8"), "", "the journal is emptied once the store holds it");
  await audit.record(call("c"));
  await audit.close();
  assert.deepEqual(await ids(store), ["a", "b", "c"], "closing moves what is left");
  assert.deepEqual(await verifyAudit(store), { ok: true, count: 3, checkpoints: 0 });
});

test("records written while a move is under way go to a new journal and reach the store after it", async () => {
  const { store, journal } = fresh();
  const slow = movingSlowly(store);
  const audit = createAuditLog({ store: slow.store, journal, arguments: "none" });
  await audit.record(call("a"));
  await audit.record(call("b"));
  await new Promise((resolve) => setTimeout(resolve, INGEST_MS * 3));
  assert.deepEqual(fileIds(movingPath(journal)), ["a", "b"], "the move has the records it was handed");
  await audit.record(call("c"));
  assert.deepEqual(fileIds(journal), ["c"], "a record made meanwhile is in the new journal");
  const read = await withJournal(store).read<AuditRecord>(AUDIT_LOG);
  assert.deepEqual(
    read.map((r) => r.record.id),
    ["a", "b", "c"],
    "readers see both files, in chain order",
  );
  slow.release();
  await audit.close();
  assert.deepEqual(await ids(store), ["a", "b", "c"]);
  assert.equal(existsSync(movingPath(journal)), false, "the moving file goes once the store holds it");
  assert.deepEqual(await verifyAudit(store), { ok: true, count: 3, checkpoints: 0 });
});

/** Records a and b, which a move takes and never finishes, then c, and abandons the log: a kill. */
async function killedDuringMove(store: SqliteStore, journal: string): Promise<void> {
  const audit = createAuditLog({ store: movingSlowly(store).store, journal, arguments: "none" });
  await audit.record(call("a"));
  await audit.record(call("b"));
  await new Promise((resolve) => setTimeout(resolve, INGEST_MS * 3));
  await audit.record(call("c"));
}

test("a gateway killed during a move leaves two files; recovery takes the moving one first", async () => {
  const { store, journal } = fresh();
  await killedDuringMove(store, journal);
  assert.deepEqual([fileIds(movingPath(journal)), fileIds(journal)], [["a", "b"], ["c"]]);
  assert.equal(await recoverJournalFile(store, journal), 3);
  assert.deepEqual(await ids(store), ["a", "b", "c"]);
  assert.equal(existsSync(movingPath(journal)), false);
  assert.equal(readFileSync(journal, "utf8"), "");
  assert.deepEqual(await verifyAudit(store), { ok: true, count: 3, checkpoints: 0 });
});

test("a damaged moving file stops recovery, naming the file and line", async () => {
  const { store, journal } = fresh();
  await killedDuringMove(store, journal);
  const lines = readFileSync(movingPath(journal), "utf8").split("\n");
  writeFileSync(movingPath(journal), [lines[1], ""].join("\n")); // "a" removed
  await assert.rejects(
    recoverJournalFile(store, journal),
    /audit journal \S+\.moving line 1 \(seq 2\) does not continue the audit chain after seq 0/,
  );
  assert.deepEqual(await ids(store), [], "nothing of a damaged journal is stored");
});

test("what a killed gateway left in its journal is moved in first, and the chain goes on intact", async () => {
  const { store, journal } = fresh();
  await killedWith(store, journal, ["a", "b", "c"]);
  assert.deepEqual(await ids(store), []);
  // The next start: the records of the killed one come before anything new.
  const audit = createAuditLog({ store, journal, arguments: "none" });
  await audit.record(call("d"));
  await audit.close();
  assert.deepEqual(await ids(store), ["a", "b", "c", "d"]);
  assert.deepEqual(await verifyAudit(store), { ok: true, count: 4, checkpoints: 0 });
});

test("recovery skips what the store already holds and leaves out a line torn by a power loss", async () => {
  const { store, journal } = fresh();
  await killedWith(store, journal, ["a", "b"]);
  const text = readFileSync(journal, "utf8");
  // A crash between the store write and the journal being emptied: the store holds "a" already.
  await store.appendJson(AUDIT_LOG, [text.split("\n")[0]!]);
  appendFileSync(journal, '{"seq":3,"id":"to');
  assert.equal(await recoverJournalFile(store, journal), 1);
  assert.deepEqual(await ids(store), ["a", "b"]);
  assert.equal(readFileSync(journal, "utf8"), "");
  assert.deepEqual(await verifyAudit(store), { ok: true, count: 2, checkpoints: 0 });
});

test("a journal that does not continue the chain stops recovery, naming the line", async () => {
  const { store, journal } = fresh();
  await killedWith(store, journal, ["a", "b", "c"]);
  const lines = readFileSync(journal, "utf8").split("\n");
  writeFileSync(journal, [lines[0], lines[2], ""].join("\n")); // "b" removed
  await assert.rejects(
    recoverJournalFile(store, journal),
    /line 2 \(seq 3\) does not continue the audit chain/,
  );
  writeFileSync(journal, "not json\n");
  await assert.rejects(recoverJournalFile(store, journal), /line 1 is not a JSON record/);
  assert.deepEqual(await ids(store), [], "nothing of a damaged journal is stored");
  assert.ok(existsSync(journal), "and the journal is kept for inspection");
});

test("the audit commands read the journal's records too, without moving them", async () => {
  const { store, journal } = fresh();
  await killedWith(store, journal, ["a", "b"]);
  const view = withJournal(store);
  const verified = await auditVerifyCommand({ store: view });
  assert.equal(verified.exitCode, 0);
  assert.match(verified.stdout, /intact: 2 records/);
  const exported = await auditExportCommand({ store: view });
  assert.deepEqual(
    exported.stdout
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as AuditRecord).id),
    ["a", "b"],
  );
  assert.deepEqual(await ids(store), [], "reading moves nothing");
  assert.equal(readJournal(journal, await storeHead(store)).length, 2);
});

test("verify places a damaged journal after the store's records and names its line", async () => {
  const { store, journal } = fresh();
  const audit = createAuditLog({ store, journal, arguments: "none" });
  for (const id of ["a", "b", "c"]) await audit.record(call(id));
  await audit.close();
  appendFileSync(journal, "not json\n");
  const view = withJournal(store);
  const verified = await auditVerifyCommand({ store: view });
  assert.equal(verified.exitCode, 1);
  assert.match(
    verified.stdout,
    /record 4 modified \(the record after seq 3 cannot be read: audit journal .*-audit-journal line 1 is not a JSON record/,
  );
  assert.deepEqual(
    (await view.read<AuditRecord>(AUDIT_LOG, 0, 2)).map((r) => r.record.id),
    ["a", "b"],
    "pages the store holds whole are still read",
  );
  await assert.rejects(view.read(AUDIT_LOG, 3), /line 1 is not a JSON record/);
});

test("when the store refuses the move, records stay in the journal and the gateway fails closed", async () => {
  const { store, journal } = fresh();
  let failing = false;
  const flaky: Store = Object.assign(Object.create(store) as Store, {
    appendJson: async (log: string, texts: string[]) => {
      if (failing) throw new Error("database is locked");
      return store.appendJson(log, texts);
    },
    appendJsonLines: async (log: string, path: string, count: number) => {
      if (failing) throw new Error("database is locked");
      return store.appendJsonLines(log, path, count);
    },
  });
  const failures: AuditWriteFailure[] = [];
  const audit = createAuditLog({
    store: flaky,
    journal,
    arguments: "none",
    onWriteFailure: (f) => failures.push(f),
  });
  await audit.record(call("a"));
  failing = true;
  await new Promise((resolve) => setTimeout(resolve, INGEST_MS * 3));
  assert.equal(failures[0]?.sink, "store");
  assert.match(failures[0]?.error.message ?? "", /database is locked/);
  await assert.rejects(audit.record(call("refused")), /audit store write failed: database is locked/);
  assert.deepEqual(journalIds(journal), ["a"], "the journal keeps what the store could not take");
  failing = false;
  await audit.record(call("b"));
  await audit.close();
  assert.deepEqual(await ids(store), ["a", "b"]);
  assert.deepEqual(await verifyAudit(store), { ok: true, count: 2, checkpoints: 0 });
});

test("a second gateway on the same store is refused while the first lives; a dead one's lock is taken over", async () => {
  const { journal } = fresh();
  const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
  try {
    writeFileSync(`${journal}.lock`, String(other.pid));
    assert.throws(() => lockJournal(journal), new RegExp(`in use by process ${other.pid}: another gateway`));
  } finally {
    other.kill();
  }
  const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  writeFileSync(`${journal}.lock`, gone.stdout);
  const release = lockJournal(journal);
  assert.equal(readFileSync(`${journal}.lock`, "utf8"), String(process.pid));
  release();
  assert.equal(existsSync(`${journal}.lock`), false);
});
