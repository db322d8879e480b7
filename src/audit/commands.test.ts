import { test } from "node:test";
import assert from "node:assert/strict";
import { MemoryStore } from "../store/memory.js";
import {
  auditExportCommand,
  auditQueryCommand,
  auditTailCommand,
  auditVerifyCommand,
  parseSince,
} from "./commands.js";
import { AUDIT_LOG, createAuditLog } from "./log.js";
import type { AuditDecision, AuditRecord } from "./record.js";

const NOW = Date.parse("2025-06-01T12:00:00Z");

async function populated() {
  const store = new MemoryStore();
  const audit = createAuditLog({ store, arguments: "none" });
  const calls: Array<[string, string, AuditDecision, string]> = [
    ["alice", "fs", "allow", "2025-06-01T09:00:00Z"],
    ["bob", "fs", "deny", "2025-06-01T11:30:00Z"],
    ["alice", "github", "hold", "2025-06-01T11:50:00Z"],
    ["alice", "fs", "deny", "2025-06-01T11:55:00Z"],
  ];
  for (const [principal, server, decision, time] of calls) {
    await audit.record({
      session: "s",
      principal,
      server,
      method: "tools/call",
      target: "t",
      decision,
      time,
      rule: "r",
    });
  }
  return { store, audit };
}

function parsed(stdout: string): AuditRecord[] {
  return stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditRecord);
}

test("audit verify exits 0 on an intact log and 1 naming the tampered record", async () => {
  const { store } = await populated();
  const intact = await auditVerifyCommand({ store });
  assert.equal(intact.exitCode, 0);
  assert.match(intact.stdout, /intact: 4 records/);
  const tampered = new MemoryStore();
  const rows = await store.read<AuditRecord>(AUDIT_LOG);
  await tampered.append(
    AUDIT_LOG,
    rows.map((r) => (r.seq === 2 ? { ...r.record, decision: "allow" } : r.record)),
  );
  const result = await auditVerifyCommand({ store: tampered });
  assert.equal(result.exitCode, 1);
  assert.match(result.stdout, /record 2 modified/);
});

test("audit query filters by principal, server, decision and since", async () => {
  const { store } = await populated();
  const q = async (filters: Record<string, string>) =>
    parsed((await auditQueryCommand({ store, json: true, now: NOW, ...filters })).stdout).map((r) => r.seq);
  assert.deepEqual(await q({ principal: "alice" }), [1, 3, 4]);
  assert.deepEqual(await q({ principal: "alice", server: "fs" }), [1, 4]);
  assert.deepEqual(await q({ decision: "deny" }), [2, 4]);
  assert.deepEqual(await q({ since: "20m" }), [3, 4]);
  assert.deepEqual(await q({ since: "2025-06-01T11:00:00Z", decision: "deny" }), [2, 4]);
});

test("audit query refuses an unknown decision or an unreadable --since with exit code 2", async () => {
  const { store } = await populated();
  const badDecision = await auditQueryCommand({ store, decision: "blocked" });
  assert.equal(badDecision.exitCode, 2);
  assert.match(badDecision.stderr, /--decision must be one of allow, modify, deny, hold/);
  const badSince = await auditQueryCommand({ store, since: "yesterday" });
  assert.equal(badSince.exitCode, 2);
  assert.match(badSince.stderr, /--since yesterday/);
});

test("audit tail prints the last n records in order, as text or JSON", async () => {
  const { store } = await populated();
  const json = await auditTailCommand({ store, n: 2, json: true });
  assert.deepEqual(
    parsed(json.stdout).map((r) => r.seq),
    [3, 4],
  );
  const text = await auditTailCommand({ store, n: 1 });
  assert.match(
    text.stdout,
    /^2025-06-01T11:55:00.000Z #4 deny {3}alice fs:tools\/call t 0ms in=0 out=0 rule=r\n$/,
  );
});

test("audit tail --follow writes records appended after it started until stopped", async () => {
  const { store, audit } = await populated();
  const written: string[] = [];
  const stop = new AbortController();
  const following = auditTailCommand({
    store,
    n: 1,
    follow: true,
    json: true,
    pollMs: 5,
    signal: stop.signal,
    out: { write: (s: string) => written.push(s) },
  });
  await audit.record({ session: "s", principal: "carol", method: "tools/list", decision: "allow" });
  await new Promise((resolve) => setTimeout(resolve, 50));
  stop.abort();
  assert.equal((await following).exitCode, 0);
  assert.deepEqual(
    parsed(written.join("")).map((r) => r.principal),
    ["alice", "carol"],
  );
});

test("audit export writes every record as one JSON line in chain order", async () => {
  const { store } = await populated();
  const exported = parsed((await auditExportCommand({ store })).stdout);
  assert.deepEqual(
    exported,
    (await store.read<AuditRecord>(AUDIT_LOG)).map((r) => r.record),
  );
});

test("since accepts durations and ISO times and rejects anything else", () => {
  assert.equal(parseSince("90s", NOW), NOW - 90_000);
  assert.equal(parseSince("2h", NOW), NOW - 7_200_000);
  assert.equal(parseSince("2025-01-01", NOW), Date.parse("2025-01-01"));
  assert.equal(parseSince("10 minutes", NOW), null);
});
