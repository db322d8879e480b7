import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore } from "./sqlite.js";
import { storeContract } from "./contract.suite.js";

const dir = mkdtempSync(join(tmpdir(), "bastion-sqlite-"));
let n = 0;
storeContract("sqlite", async (clock) => new SqliteStore(join(dir, `s${n++}.db`), () => clock.now));

test("sqlite: what is written survives closing and reopening the file", async () => {
  const path = join(dir, "reopen.db");
  const a = new SqliteStore(path);
  await a.set("pins/x", { hash: "abc" });
  await a.append("audit", [{ n: 1 }]);
  await a.close();
  const b = new SqliteStore(path);
  assert.deepEqual(await b.get("pins/x"), { hash: "abc" });
  assert.deepEqual(await b.last("audit"), { seq: 1, record: { n: 1 } });
  assert.equal(b.db.pragma("journal_mode", { simple: true }), "wal");
  await b.close();
});

test("sqlite: a background worker checkpoints the WAL, which the writer alone would not do yet", async () => {
  const record = { text: "x".repeat(2000) };
  const fill = async (store: SqliteStore) => {
    for (let i = 0; i < 20; i++)
      await store.append(
        "audit",
        Array.from({ length: 50 }, () => record),
      );
  };
  const dbBytes = (path: string) => statSync(path).size;

  const alone = new SqliteStore(join(dir, "alone.db"));
  alone.db.pragma("wal_autocheckpoint = 16384");
  await fill(alone);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const aloneBytes = dbBytes(alone.path);
  await alone.close();

  const helped = new SqliteStore(join(dir, "helped.db"));
  helped.checkpointInBackground();
  await fill(helped);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const helpedBytes = dbBytes(helped.path);
  assert.ok(aloneBytes < 100_000, `without the worker the 2 MB stay in the WAL (${aloneBytes} bytes)`);
  assert.ok(helpedBytes > 2_000_000, `the worker copied them into the database (${helpedBytes} bytes)`);
  await helped.close();
  assert.equal((await new SqliteStore(helped.path).read("audit")).length, 1000);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
