import type { KeyObject } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Store } from "../store/store.js";
import { AUDIT_LOG } from "./log.js";
import { AUDIT_DECISIONS, type AuditDecision, type AuditRecord } from "./record.js";
import { verifyAudit } from "./verify.js";

/** What a `bastion audit …` subcommand prints and the exit code it ends with. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

interface Writable {
  write(chunk: string): unknown;
}

/**
 * `bastion audit verify`: exit 0 when the chain is intact, 1 naming the first bad record.
 *
 * @example auditVerifyCommand({ store }) // { stdout: "audit intact: 1520 records, 1 checkpoint\n", exitCode: 0 }
 */
export async function auditVerifyCommand(options: {
  store: Store;
  publicKey?: KeyObject;
}): Promise<CommandResult> {
  const result = await verifyAudit(options.store, { publicKey: options.publicKey });
  if (result.ok) {
    const checkpoints = result.checkpoints === 1 ? "1 checkpoint" : `${result.checkpoints} checkpoints`;
    return { stdout: `audit intact: ${result.count} records, ${checkpoints}\n`, stderr: "", exitCode: 0 };
  }
  return {
    stdout: `audit TAMPERED: record ${result.seq} ${result.problem} (${result.detail})\n`,
    stderr: "",
    exitCode: 1,
  };
}

/**
 * `bastion audit tail [-n N] [--follow] [--json]`: the last `n` records; with `follow`, keeps
 * writing new ones to `out` until `signal` aborts.
 */
export async function auditTailCommand(options: {
  store: Store;
  n?: number;
  follow?: boolean;
  json?: boolean;
  out?: Writable;
  signal?: AbortSignal;
  pollMs?: number;
}): Promise<CommandResult> {
  const { store, n = 20, json = false } = options;
  if (!Number.isInteger(n) || n < 0) return usage("tail: -n must be a non-negative integer");
  if (options.follow && !options.out) return usage("tail: --follow needs an output stream");
  const last = await store.last(AUDIT_LOG);
  const lastSeq = last?.seq ?? 0;
  const rows = n === 0 ? [] : await store.read<AuditRecord>(AUDIT_LOG, Math.max(0, lastSeq - n), n);
  const text = rows.map((r) => formatRecord(r.record, json)).join("");
  if (!options.follow || !options.out) return { stdout: text, stderr: "", exitCode: 0 };

  const out = options.out;
  out.write(text);
  let after = lastSeq;
  while (!options.signal?.aborted) {
    for (const row of await store.read<AuditRecord>(AUDIT_LOG, after, 500)) {
      out.write(formatRecord(row.record, json));
      after = row.seq;
    }
    await sleep(options.pollMs ?? 500, undefined, { signal: options.signal }).catch(() => undefined);
  }
  return { stdout: "", stderr: "", exitCode: 0 };
}

/**
 * `bastion audit query [--principal …] [--server …] [--decision …] [--since …] [--json]`.
 * `since` is an ISO time or a duration back from now: `90s`, `15m`, `2h`, `7d`.
 */
export async function auditQueryCommand(options: {
  store: Store;
  principal?: string;
  server?: string;
  decision?: string;
  since?: string;
  json?: boolean;
  now?: number;
}): Promise<CommandResult> {
  const { store, principal, server, decision, json = false } = options;
  if (decision !== undefined && !AUDIT_DECISIONS.includes(decision as AuditDecision)) {
    return usage(`query: --decision must be one of ${AUDIT_DECISIONS.join(", ")}`);
  }
  const since =
    options.since === undefined ? undefined : parseSince(options.since, options.now ?? Date.now());
  if (since === null)
    return usage(`query: --since ${options.since} is neither an ISO time nor a duration like 15m`);
  let stdout = "";
  for await (const record of readAll(store)) {
    if (principal !== undefined && record.principal !== principal) continue;
    if (server !== undefined && record.server !== server) continue;
    if (decision !== undefined && record.decision !== decision) continue;
    if (since !== undefined && Date.parse(record.time) < since) continue;
    stdout += formatRecord(record, json);
  }
  return { stdout, stderr: "", exitCode: 0 };
}

/** `bastion audit export`: every record as one JSON line, in chain order. */
export async function auditExportCommand(options: { store: Store }): Promise<CommandResult> {
  let stdout = "";
  for await (const record of readAll(options.store)) stdout += JSON.stringify(record) + "\n";
  return { stdout, stderr: "", exitCode: 0 };
}

/** One record as a JSON line or as a line for people. */
export function formatRecord(record: AuditRecord, json: boolean): string {
  if (json) return JSON.stringify(record) + "\n";
  const fields = [
    record.time,
    `#${record.seq}`,
    record.decision.padEnd(6),
    record.principal,
    `${record.server ?? "-"}:${record.method}`,
    record.target ?? "-",
    `${record.latency_ms}ms`,
    `in=${record.bytes_in}`,
    `out=${record.bytes_out}`,
  ];
  if (record.rule) fields.push(`rule=${record.rule}`);
  if (record.findings.length > 0) fields.push(`findings=${record.findings.join(",")}`);
  return fields.join(" ") + "\n";
}

/** Milliseconds since the epoch for an ISO time or a duration back from `now`; null when neither. */
export function parseSince(text: string, now: number): number | null {
  const duration = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (duration) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[duration[2] as "s" | "m" | "h" | "d"];
    return now - Number(duration[1]) * unit;
  }
  const time = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(time) ? null : time;
}

async function* readAll(store: Store): AsyncGenerator<AuditRecord> {
  let after = 0;
  for (;;) {
    const page = await store.read<AuditRecord>(AUDIT_LOG, after, 1000);
    for (const row of page) yield row.record;
    const last = page[page.length - 1];
    if (!last) return;
    after = last.seq;
  }
}

function usage(message: string): CommandResult {
  return { stdout: "", stderr: `bastion audit ${message}\n`, exitCode: 2 };
}
