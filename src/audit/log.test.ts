import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStore } from "../store/memory.js";
import { SqliteStore } from "../store/sqlite.js";
import type { Store } from "../store/store.js";
import { canonicalJson, sha256Hex } from "./hash.js";
import { AUDIT_LOG, AuditWriteError, createAuditLog, type AuditWriteFailure } from "./log.js";
import { AUDIT_DECISIONS, type AuditInput, type AuditRecord } from "./record.js";
import { verifyAudit } from "./verify.js";

const dir = mkdtempSync(join(tmpdir(), "bastion-audit-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const FIELDS = [
  "time",
  "id",
  "session",
  "principal",
  "client",
  "server",
  "method",
  "target",
  "decision",
  "rule",
  "findings",
  "latency_ms",
  "bytes_in",
  "bytes_out",
  "upstream_status",
  "args",
  "seq",
  "prev_hash",
  "hash",
].sort();

function call(overrides: Partial<AuditInput> = {}): AuditInput {
  return {
    session: "s-1",
    principal: { subject: "alice" },
    client: { name: "claude", version: "1.2" },
    server: "fs",
    method: "tools/call",
    target: "read_file",
    decision: "allow",
    latency_ms: 12.5,
    bytes_in: 80,
    bytes_out: 1200,
    upstream_status: "ok",
    args: { path: "/tmp/a.txt" },
    ...overrides,
  };
}

async function records(store: Store): Promise<AuditRecord[]> {
  return (await store.read<AuditRecord>(AUDIT_LOG)).map((r) => r.record);
}

/** A store that counts append transactions and can be told to fail. */
function instrumented(inner: Store) {
  const stats = { appends: 0, failing: false };
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === "append" || prop === "appendJson") {
        return async (log: string, items: never[]) => {
          if (stats.failing) throw new Error("disk I/O error");
          if (log === AUDIT_LOG) stats.appends += 1;
          return target[prop](log, items);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { store, stats };
}

test("every decision type produces a stored record carrying every audit field", async () => {
  const store = new SqliteStore(join(dir, "fields.db"));
  const audit = createAuditLog({ store, arguments: "full" });
  for (const decision of AUDIT_DECISIONS) {
    await audit.record(
      call({
        decision,
        rule: decision === "allow" ? null : "policy/deny-writes",
        findings: ["aws-access-key-id"],
      }),
    );
  }
  await audit.close();
  const stored = await records(store);
  assert.deepEqual(
    stored.map((r) => r.decision),
    ["allow", "modify", "deny", "hold"],
  );
  for (const r of stored) {
    assert.deepEqual(Object.keys(r).sort(), FIELDS);
    assert.equal(r.principal, "alice");
    assert.equal(r.client, "claude/1.2");
    assert.equal(r.server, "fs");
    assert.equal(r.method, "tools/call");
    assert.equal(r.target, "read_file");
    assert.deepEqual(r.findings, ["aws-access-key-id"]);
    assert.equal(r.latency_ms, 12.5);
    assert.equal(r.bytes_in, 80);
    assert.equal(r.bytes_out, 1200);
    assert.equal(r.upstream_status, "ok");
    assert.deepEqual(r.args, { path: "/tmp/a.txt" });
    assert.ok(!Number.isNaN(Date.parse(r.time)));
    assert.match(r.hash, /^[0-9a-f]{64}$/);
  }
  assert.equal(stored[0]?.rule, null);
  assert.equal(stored[2]?.rule, "policy/deny-writes");
  assert.equal(stored[1]?.prev_hash, stored[0]?.hash);
  await store.close();
});

test("findings keep only rule ids even when whole findings are passed", async () => {
  const store = new MemoryStore();
  const audit = createAuditLog({ store, arguments: "none" });
  const finding = { kind: "github-token", evidence: "ghp_…789 (40 chars)", start: 0, end: 40 };
  await audit.record(call({ decision: "deny", findings: [finding, "github-token", "email"] }));
  const [r] = await records(store);
  assert.deepEqual(r?.findings, ["github-token", "email"]);
  assert.equal(r?.args, null);
});

const GITHUB_TOKEN = "ghp_R8x2mQ7vLk4pZt9wYc3nHb6sJf1dGa5eUo0i";
const DB_PASSWORD = "S3cr3tPassw0rd!";

test("arguments are stored verbatim, as a digest, redacted or not at all, as configured", async () => {
  const args = { b: 2, a: { note: "ok" } };
  const kept = async (mode: "full" | "digest" | "none" | "redacted") => {
    const store = new MemoryStore();
    const audit = createAuditLog({ store, arguments: mode });
    await audit.record(call({ args }));
    return (await records(store))[0]?.args;
  };
  assert.deepEqual(await kept("full"), args);
  assert.equal(await kept("digest"), `sha256:${sha256Hex(canonicalJson({ a: { note: "ok" }, b: 2 }))}`);
  assert.equal(await kept("none"), null);
  assert.deepEqual(await kept("redacted"), args);
});

test("no secret appears in the audit store, file or stdout in the default redacted mode", async () => {
  const store = new MemoryStore();
  const file = join(dir, "secrets.jsonl");
  const printed: string[] = [];
  const audit = createAuditLog({
    store,
    file,
    stdout: { write: (s: string) => printed.push(s) },
    arguments: "redacted",
  });
  const args = {
    token: GITHUB_TOKEN,
    password: "Zq8#kLm2!vR9xT4w",
    nested: [{ dsn: `postgres://admin:${DB_PASSWORD}@db.example.com/app` }],
    query: "harmless text",
  };
  await audit.record(call({ decision: "deny", rule: "secrets", findings: ["github-token"], args }));
  await audit.record(call({ target: `https://api.example.com/x?auth=${GITHUB_TOKEN}` }));
  await audit.close();
  const everything = [
    JSON.stringify(await store.read(AUDIT_LOG)),
    readFileSync(file, "utf8"),
    printed.join(""),
  ];
  for (const text of everything) {
    for (const secret of [GITHUB_TOKEN, "Zq8#kLm2!vR9xT4w", DB_PASSWORD])
      assert.ok(!text.includes(secret), `leaked ${secret}`);
  }
  const [first] = await records(store);
  assert.deepEqual(first?.args, {
    token: "[REDACTED:github-token]",
    password: "[REDACTED:secret-assignment]",
    nested: [{ dsn: "postgres://admin:[REDACTED:database-url]@db.example.com/app" }],
    query: "harmless text",
  });
  assert.equal((await verifyAudit(store)).ok, true);
});

test("a caller-supplied redactor replaces the built-in one", async () => {
  const store = new MemoryStore();
  const audit = createAuditLog({ store, arguments: "redacted", redact: () => "[withheld]" });
  await audit.record(call({ args: { anything: 1 } }));
  assert.equal((await records(store))[0]?.args, "[withheld]");
});

test("a malformed record is rejected with the field it got wrong and is not stored", async () => {
  const store = new MemoryStore();
  const audit = createAuditLog({ store, arguments: "none" });
  await assert.rejects(audit.record(call({ decision: "maybe" as "allow" })), /decision must be one of/);
  await assert.rejects(audit.record(call({ session: "" })), /session must be a non-empty string/);
  await assert.rejects(audit.record(call({ bytes_out: -1 })), /bytes_out must be a non-negative number/);
  assert.equal((await records(store)).length, 0);
});

test("concurrent records are committed in few transactions and each resolves only once it is stored", async () => {
  const { store, stats } = instrumented(new SqliteStore(join(dir, "group.db")));
  const audit = createAuditLog({ store, arguments: "none" });
  const ids = Array.from({ length: 300 }, (_, i) => `call-${i}`);
  const visibleAtResolve = await Promise.all(
    ids.map((id) =>
      audit.record(call({ id })).then(async () => (await records(store)).some((r) => r.id === id)),
    ),
  );
  assert.ok(visibleAtResolve.every(Boolean), "a record() promise resolved before its record was stored");
  assert.ok(stats.appends <= 3, `expected a handful of transactions, got ${stats.appends}`);
  assert.equal((await records(store)).length, 300);
  assert.deepEqual(await verifyAudit(store), { ok: true, count: 300, checkpoints: 0 });
  await audit.close();
});

test("records arriving while a transaction is written go into the next one", async () => {
  const inner = new MemoryStore();
  const batches: number[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const slow = new Proxy(inner, {
    get(target, prop) {
      if (prop === "appendJson") {
        return async (log: string, items: string[]) => {
          batches.push(items.length);
          if (batches.length === 1) await gate;
          return target.appendJson(log, items);
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const audit = createAuditLog({ store: slow, arguments: "none" });
  const first = audit.record(call({ id: "first" }));
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  const during = Array.from({ length: 50 }, (_, i) => audit.record(call({ id: `during-${i}` })));
  release();
  await Promise.all([first, ...during]);
  assert.deepEqual(batches, [1, 50]);
});

test("when the store cannot be written the record is refused and the failure reported", async () => {
  const { store, stats } = instrumented(new MemoryStore());
  const failures: AuditWriteFailure[] = [];
  const audit = createAuditLog({ store, arguments: "none", onWriteFailure: (f) => failures.push(f) });
  await audit.record(call({ id: "before" }));
  stats.failing = true;
  await assert.rejects(audit.record(call({ id: "lost" })), (e: unknown) => e instanceof AuditWriteError);
  assert.equal(failures.length, 1);
  assert.equal(failures[0]?.sink, "store");
  assert.match(failures[0]?.error.message ?? "", /disk I\/O error/);
  stats.failing = false;
  await audit.record(call({ id: "after" }));
  assert.deepEqual(
    (await records(store)).map((r) => r.id),
    ["before", "after"],
  );
  assert.equal((await verifyAudit(store)).ok, true);
});

test("configured to fail open, a write failure still resolves but is reported", async () => {
  const { store, stats } = instrumented(new MemoryStore());
  const failures: AuditWriteFailure[] = [];
  const audit = createAuditLog({
    store,
    arguments: "none",
    failClosed: false,
    onWriteFailure: (f) => failures.push(f),
  });
  stats.failing = true;
  await audit.record(call());
  assert.equal(failures.length, 1);
});

test("the JSON-lines file and stdout receive the same records as the store", async () => {
  const store = new MemoryStore();
  const file = join(dir, "nested", "audit.jsonl");
  const printed: string[] = [];
  const audit = createAuditLog({
    store,
    file,
    stdout: { write: (s: string) => printed.push(s) },
    arguments: "none",
  });
  await Promise.all([audit.record(call({ id: "a" })), audit.record(call({ id: "b", decision: "deny" }))]);
  const fromFile = readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as AuditRecord);
  assert.deepEqual(fromFile, await records(store));
  assert.equal(printed.join(""), readFileSync(file, "utf8"));
  await audit.close();
});

test("a reopened log continues the chain where the last one stopped", async () => {
  const path = join(dir, "reopen.db");
  let store = new SqliteStore(path);
  let audit = createAuditLog({ store, arguments: "none" });
  await audit.record(call());
  await audit.close();
  await store.close();
  store = new SqliteStore(path);
  audit = createAuditLog({ store, arguments: "none" });
  await audit.record(call());
  const [a, b] = await records(store);
  assert.equal(b?.seq, 2);
  assert.equal(b?.prev_hash, a?.hash);
  assert.deepEqual(await verifyAudit(store), { ok: true, count: 2, checkpoints: 0 });
  await audit.close();
  await store.close();
});

test("the chain hash written for each record is the one verify recomputes, whatever the fields hold", async () => {
  const store = new MemoryStore();
  const audit = createAuditLog({ store, arguments: "full" });
  const odd: Array<Partial<AuditInput>> = [
    { args: { "10": 1, "2": 2, b: [{ z: 1, a: null }], é: "ü\u2028\u0000" } },
    { args: undefined, client: null, server: null, target: null, rule: null, upstream_status: null },
    { upstream_status: 503, latency_ms: 1e21, bytes_in: 0, findings: ["secret:aws", "pii:email"] },
    { args: [1, "two", { three: 3 }], target: 'quote " and \\ backslash', rule: "policy:deny-writes" },
    { args: "just text", decision: "hold", client: "plain-client" },
  ];
  for (const o of odd) await audit.record(call(o));
  await audit.close();
  const stored = await records(store);
  assert.equal(stored.length, odd.length);
  for (const r of stored) {
    const { hash, ...rest } = r;
    assert.equal(hash, sha256Hex(canonicalJson(rest)), `record ${r.seq}`);
  }
  assert.deepEqual(await verifyAudit(store), { ok: true, count: odd.length, checkpoints: 0 });
});

test("callers that record again as each record resolves do not starve the event loop", async () => {
  const audit = createAuditLog({ store: new SqliteStore(join(dir, "busy.db")), arguments: "none" });
  let stop = false;
  let acked = 0;
  const one = (): void => {
    if (stop) return;
    void audit.record(call()).then(() => {
      acked++;
      one();
    });
  };
  for (let i = 0; i < 64; i++) one();
  // a timer must still fire while the writers keep the log busy
  await new Promise((resolve) => setTimeout(resolve, 50));
  stop = true;
  await audit.close();
  assert.ok(acked > 0, "records were acknowledged while the timer waited");
});
