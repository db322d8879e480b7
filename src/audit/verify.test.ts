import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { MemoryStore } from "../store/memory.js";
import { SqliteStore } from "../store/sqlite.js";
import { CHECKPOINT_LOG, type Checkpoint } from "./checkpoint.js";
import { chainHash } from "./hash.js";
import { AUDIT_LOG, createAuditLog } from "./log.js";
import type { AuditRecord } from "./record.js";
import { verifyAudit } from "./verify.js";

const dir = mkdtempSync(join(tmpdir(), "bastion-verify-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** Writes ten records to a fresh SQLite file, then hands its raw `logs` table to `tamper`. */
async function tampered(tamper: (db: Database.Database) => void, checkpointEvery?: number) {
  const path = join(dir, `audit-${files++}.db`);
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const writer = new SqliteStore(path);
  const checkpoint = checkpointEvery ? { privateKey, every: checkpointEvery } : undefined;
  const audit = createAuditLog({ store: writer, arguments: "none", checkpoint });
  for (let i = 1; i <= 10; i++) {
    await audit.record({
      id: `call-${i}`,
      session: "s",
      principal: "alice",
      method: "tools/call",
      target: "read_file",
      decision: i % 3 === 0 ? "deny" : "allow",
    });
  }
  await audit.close();
  await writer.close();
  const db = new Database(path);
  tamper(db);
  db.close();
  const store = new SqliteStore(path);
  try {
    return await verifyAudit(store, { publicKey });
  } finally {
    await store.close();
  }
}

function row(db: Database.Database, seq: number): AuditRecord {
  const r = db.prepare("SELECT record FROM logs WHERE log = ? AND seq = ?").get(AUDIT_LOG, seq) as {
    record: string;
  };
  return JSON.parse(r.record) as AuditRecord;
}

function put(db: Database.Database, seq: number, record: unknown): void {
  db.prepare("UPDATE logs SET record = ? WHERE log = ? AND seq = ?").run(
    JSON.stringify(record),
    AUDIT_LOG,
    seq,
  );
}

/** Opens a gap at `seq` by moving every later row one place on. */
function shiftFrom(db: Database.Database, seq: number): void {
  db.prepare("UPDATE logs SET seq = -(seq + 1) WHERE log = ? AND seq >= ?").run(AUDIT_LOG, seq);
  db.prepare("UPDATE logs SET seq = -seq WHERE log = ? AND seq < 0").run(AUDIT_LOG);
}

function rehashed(record: AuditRecord): AuditRecord {
  return { ...record, hash: chainHash({ ...record }) };
}

test("verify passes on an intact log and counts its records", async () => {
  assert.deepEqual(await tampered(() => undefined), { ok: true, count: 10, checkpoints: 0 });
});

test("verify names a record whose content was edited in the SQLite file", async () => {
  const result = await tampered((db) =>
    db
      .prepare("UPDATE logs SET record = json_set(record, '$.decision', 'allow') WHERE log = ? AND seq = 6")
      .run(AUDIT_LOG),
  );
  assert.equal(result.ok, false);
  assert.deepEqual(result.ok ? undefined : [result.seq, result.problem], [6, "modified"]);
});

test("verify names an edited record even when the editor recomputed its hash", async () => {
  const result = await tampered((db) => put(db, 4, rehashed({ ...row(db, 4), principal: "mallory" })));
  assert.deepEqual(result.ok ? undefined : [result.seq, result.problem], [4, "modified"]);
});

test("verify names the place of a record deleted from the SQLite file", async () => {
  const result = await tampered((db) =>
    db.prepare("DELETE FROM logs WHERE log = ? AND seq = 5").run(AUDIT_LOG),
  );
  assert.deepEqual(result.ok ? undefined : [result.seq, result.problem], [5, "removed"]);
});

test("verify names a forged record inserted into the SQLite file with a valid hash and link", async () => {
  const result = await tampered((db) => {
    const forged = rehashed({ ...row(db, 5), id: "forged", decision: "allow" });
    shiftFrom(db, 5);
    db.prepare("INSERT INTO logs (log, seq, record) VALUES (?, 5, ?)").run(AUDIT_LOG, JSON.stringify(forged));
  });
  assert.deepEqual(result.ok ? undefined : [result.seq, result.problem], [5, "inserted"]);
});

test("verify names a copied record inserted into the SQLite file without a valid hash", async () => {
  const result = await tampered((db) => {
    const copy = { ...row(db, 7), id: "copy" };
    shiftFrom(db, 3);
    db.prepare("INSERT INTO logs (log, seq, record) VALUES (?, 3, ?)").run(AUDIT_LOG, JSON.stringify(copy));
  });
  assert.deepEqual(result.ok ? undefined : [result.seq, result.problem], [3, "inserted"]);
});

test("verify names the first of two records swapped in the SQLite file", async () => {
  const result = await tampered((db) => {
    const [third, seventh] = [row(db, 3), row(db, 7)];
    put(db, 3, seventh);
    put(db, 7, third);
  });
  assert.deepEqual(result.ok ? undefined : [result.seq, result.problem], [3, "reordered"]);
});

test("verify reports a record that is no longer valid JSON", async () => {
  const result = await tampered((db) =>
    db.prepare("UPDATE logs SET record = '{broken' WHERE log = ? AND seq = 8").run(AUDIT_LOG),
  );
  assert.deepEqual(result.ok ? undefined : [result.seq, result.problem], [8, "modified"]);
});

test("signed checkpoints are verified alongside the chain", async () => {
  assert.deepEqual(await tampered(() => undefined, 4), { ok: true, count: 10, checkpoints: 3 });
});

test("a checkpoint catches a chain rewritten from an edited record onwards", async () => {
  const result = await tampered((db) => {
    let prev = row(db, 1).prev_hash;
    for (let seq = 1; seq <= 10; seq++) {
      const edited = rehashed({
        ...row(db, seq),
        prev_hash: prev,
        principal: seq >= 3 ? "mallory" : "alice",
      });
      put(db, seq, edited);
      prev = edited.hash;
    }
  }, 4);
  assert.equal(result.ok, false);
  assert.deepEqual(result.ok ? undefined : [result.seq, result.problem], [4, "modified"]);
});

test("a checkpoint catches records cut off the end of the log", async () => {
  const result = await tampered(
    (db) => db.prepare("DELETE FROM logs WHERE log = ? AND seq > 8").run(AUDIT_LOG),
    4,
  );
  assert.deepEqual(result.ok ? undefined : [result.seq, result.problem], [9, "removed"]);
});

test("a checkpoint whose signature does not verify is reported", async () => {
  const result = await tampered((db) => {
    const r = db
      .prepare("SELECT seq, record FROM logs WHERE log = ? ORDER BY seq LIMIT 1")
      .get(CHECKPOINT_LOG) as {
      seq: number;
      record: string;
    };
    const checkpoint = JSON.parse(r.record) as Checkpoint;
    db.prepare("UPDATE logs SET record = ? WHERE log = ? AND seq = ?").run(
      JSON.stringify({ ...checkpoint, hash: "f".repeat(64) }),
      CHECKPOINT_LOG,
      r.seq,
    );
  }, 4);
  assert.deepEqual(result.ok ? undefined : [result.seq, result.problem], [4, "checkpoint"]);
});

test("verify passes on an empty log", async () => {
  assert.deepEqual(await verifyAudit(new MemoryStore()), { ok: true, count: 0, checkpoints: 0 });
});
