import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
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

test.after(() => rmSync(dir, { recursive: true, force: true }));
