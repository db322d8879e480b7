import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SqliteStore } from "../store/sqlite.js";
import { auditJournalPath, movingPath, recoverJournalFile } from "./journal.js";
import { AUDIT_LOG, createAuditLog } from "./log.js";
import type { AuditRecord } from "./record.js";
import { verifyAudit } from "./verify.js";

function withoutTestContext(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.NODE_TEST_CONTEXT;
  return copy;
}

/** Set in the child process this file spawns: it writes records until it is killed. */
const WRITER_ENV = "BASTION_AUDIT_DURABILITY_WRITER";

/** Set with the writer: "journal" to write through the journal as the gateway does. */
const MODE_ENV = "BASTION_AUDIT_DURABILITY_MODE";

/**
 * Keeps 64 record() calls in flight and prints `ack <id>` as each one resolves. With the journal,
 * records move into the store on the background worker, as in the gateway.
 */
function writeUntilKilled(path: string, journal: boolean): void {
  const store = new SqliteStore(path);
  if (journal) store.writeInBackground();
  const audit = createAuditLog({
    store,
    arguments: "digest",
    ...(journal ? { journal: auditJournalPath(store) } : {}),
  });
  let next = 0;
  const one = (): void => {
    const id = `call-${next++}`;
    audit
      .record({
        id,
        session: "s",
        principal: "alice",
        method: "tools/call",
        target: "echo",
        decision: "allow",
        args: { id },
      })
      .then(() => {
        process.stdout.write(`ack ${id}\n`);
        one();
      })
      .catch((error: Error) => {
        process.stderr.write(`record failed: ${error.message}\n`);
        process.exit(1);
      });
  };
  for (let i = 0; i < 64; i++) one();
}

if (process.env[WRITER_ENV]) {
  writeUntilKilled(process.env[WRITER_ENV], process.env[MODE_ENV] === "journal");
} else {
  for (const mode of ["store", "journal"] as const) {
    test(`kill -9 under load loses no record whose write was acknowledged (${mode})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "bastion-durability-"));
      const path = join(dir, "audit.db");
      try {
        const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
          // the writer is a plain program, not a test file run by the test runner
          env: { ...withoutTestContext(process.env), [WRITER_ENV]: path, [MODE_ENV]: mode },
          stdio: ["ignore", "pipe", "pipe"],
        });
        const acked: string[] = [];
        let partial = "";
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const exited = new Promise<NodeJS.Signals | null>((resolve) =>
          child.on("exit", (_code, signal) => resolve(signal)),
        );
        await new Promise<void>((resolve, reject) => {
          const stuck = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`writer acknowledged only ${acked.length} records in 60 s: ${stderr}`));
          }, 60_000);
          child.on("exit", () => {
            clearTimeout(stuck);
            reject(new Error(`writer exited early after ${acked.length} acks: ${stderr}`));
          });
          child.stdout.on("data", (chunk: Buffer) => {
            const lines = (partial + chunk.toString()).split("\n");
            partial = lines.pop() ?? "";
            for (const line of lines) if (line.startsWith("ack ")) acked.push(line.slice(4));
            if (acked.length >= 3000) {
              clearTimeout(stuck);
              resolve();
            }
          });
        });
        child.kill("SIGKILL");
        assert.equal(await exited, "SIGKILL");

        const store = new SqliteStore(path);
        const journal = auditJournalPath(store)!;
        if (mode === "journal") {
          // What the killed writer left in its journal (and in a move it had under way) is moved
          // into the store, as a restart does.
          assert.ok(existsSync(journal) || existsSync(movingPath(journal)), "the writer kept a journal");
          await recoverJournalFile(store, journal);
          assert.equal(readFileSync(journal, "utf8"), "", "the journal is emptied once the store holds it");
          assert.equal(existsSync(movingPath(journal)), false, "and the moving file is gone");
        } else assert.equal(existsSync(journal), false, "no journal unless asked for");
        const stored = new Set((await store.read<AuditRecord>(AUDIT_LOG)).map((r) => r.record.id));
        const lost = acked.filter((id) => !stored.has(id));
        assert.deepEqual(lost, [], `${lost.length} acknowledged records are missing`);
        const verification = await verifyAudit(store);
        assert.equal(verification.ok, true);
        assert.ok(verification.ok && verification.count >= acked.length);
        await store.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
}
