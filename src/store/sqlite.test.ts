import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore } from "./sqlite.js";
import { storeContract } from "./contract.suite.js";

const dir = mkdtempSync(join(tmpdir(), "bastion-sqlite-"));
let n = 0;
storeContract("sqlite", async (clock) => new SqliteStore(join(dir, `s${n++}.db`), () => clock.now));
storeContract("sqlite with a background writer", async (clock) => {
  const store = new SqliteStore(join(dir, `s${n++}.db`), () => clock.now);
  store.writeInBackground();
  return store;
});

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
  helped.writeInBackground();
  await fill(helped);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const helpedBytes = dbBytes(helped.path);
  assert.ok(aloneBytes < 100_000, `without the worker the 2 MB stay in the WAL (${aloneBytes} bytes)`);
  assert.ok(helpedBytes > 2_000_000, `the worker copied them into the database (${helpedBytes} bytes)`);
  await helped.close();
  assert.equal((await new SqliteStore(helped.path).read("audit")).length, 1000);
});

test("sqlite: appends on the background writer and the gateway's own writes interleave, losing nothing", async () => {
  const store = new SqliteStore(join(dir, "both.db"));
  store.writeInBackground();
  const batches = 20;
  const perBatch = 300;
  const appends = Array.from({ length: batches }, (_, b) =>
    store.appendJson(
      "audit",
      Array.from({ length: perBatch }, (_, i) => JSON.stringify({ b, i, pad: "x".repeat(400) })),
    ),
  );
  // the gateway writes on its own connection while the worker appends
  let writes = 0;
  while (writes < 3000) {
    await store.takeTokens("bucket", 1e9, 1, 1);
    await store.increment("count", 1, 60);
    writes++;
    if (writes % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  const seqs = (await Promise.all(appends)).flat();
  assert.deepEqual(
    seqs,
    Array.from({ length: batches * perBatch }, (_, i) => i + 1),
    "each append got the seqs after the one sent before it",
  );
  assert.equal(await store.get("count"), 3000);
  const log = await store.read<{ b: number; i: number }>("audit");
  assert.equal(log.length, batches * perBatch);
  assert.ok(log.every((r, k) => r.record.b === Math.floor(k / perBatch) && r.record.i === k % perBatch));
  await store.close();
});

test("sqlite: closing waits for the appends already sent to the background writer", async () => {
  const path = join(dir, "pending.db");
  const store = new SqliteStore(path);
  store.writeInBackground();
  const pending = store.appendJson("audit", ['{"n":1}', '{"n":2}']);
  await store.close();
  assert.deepEqual(await pending, [1, 2]);
  const again = new SqliteStore(path);
  assert.deepEqual(
    (await again.read("audit")).map((r) => r.record),
    [{ n: 1 }, { n: 2 }],
  );
  await again.close();
});

test("sqlite: a file of JSON lines goes in whole, or not at all when its count or first seq is off", async () => {
  const lines = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => `{"n":"x","seq":${from + i}}\n`).join("");
  for (const background of [true, false]) {
    const store = new SqliteStore(join(dir, `lines-${background}.db`));
    if (background) store.writeInBackground();
    const file = join(dir, `lines-${background}.jsonl`);
    writeFileSync(file, lines(1, 3));
    assert.deepEqual(await store.appendJsonLines("audit", file, 3), [1, 2, 3]);
    writeFileSync(file, lines(4, 2));
    await assert.rejects(store.appendJsonLines("audit", file, 3), /holds 2 lines for 3 records/);
    if (background) {
      writeFileSync(file, lines(9, 2));
      await assert.rejects(store.appendJsonLines("audit", file, 2), /starts at seq 9, not 4/);
    }
    assert.equal((await store.read("audit")).length, 3, "nothing of a refused file went in");
    await store.close();
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
