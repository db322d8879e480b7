import { sha256Hex } from "../detect/definitions/index.js";
import type { AuditRecord } from "./record.js";

/** The `prev_hash` of the first record of a chain. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * JSON with object keys sorted at every level and `undefined` members dropped, so the same record
 * always hashes the same no matter how it was built or which store gave it back.
 *
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, undefined) ?? "null";
}

/** Canonical JSON of `value`, leaving out the top-level member `skip`; undefined where JSON has no value. */
function canonical(value: unknown, skip: string | undefined): string | undefined {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++)
          out += (i ? "," : "") + (canonical(value[i], undefined) ?? "null");
        return out + "]";
      }
      const object = value as Record<string, unknown>;
      let out = "{";
      for (const key of Object.keys(object).sort()) {
        if (key === skip) continue;
        const member = canonical(object[key], undefined);
        if (member === undefined) continue;
        out += (out.length > 1 ? "," : "") + JSON.stringify(key) + ":" + member;
      }
      return out + "}";
    }
    default:
      return undefined;
  }
}

export { sha256Hex };

/**
 * The chain hash of a record: SHA-256 over the canonical JSON of every field except `hash`
 * itself, `prev_hash` and `seq` included, so changing, moving or re-linking a record shows.
 */
export function chainHash(record: object): string {
  return sha256Hex(canonical(record, "hash") ?? "null");
}

/**
 * The chain hash of a record the audit log has just built: the same value as {@link chainHash},
 * written field by field in sorted order instead of sorting keys at run time. The audit writes a
 * record per call, and this is most of what hashing one costs; `verify` keeps the general form,
 * and a test holds the two equal.
 */
export function auditRecordHash(r: Omit<AuditRecord, "hash">): string {
  if (r.args === undefined || r.upstream_status === undefined) return chainHash(r);
  const text =
    `{"args":${canonical(r.args, undefined) ?? "null"},"bytes_in":${number(r.bytes_in)},"bytes_out":${number(r.bytes_out)}` +
    `,"client":${nullable(r.client)},"decision":${JSON.stringify(r.decision)},"findings":${canonical(r.findings, undefined)}` +
    `,"id":${JSON.stringify(r.id)},"latency_ms":${number(r.latency_ms)},"method":${JSON.stringify(r.method)}` +
    `,"prev_hash":${JSON.stringify(r.prev_hash)},"principal":${JSON.stringify(r.principal)},"rule":${nullable(r.rule)}` +
    `,"seq":${number(r.seq)},"server":${nullable(r.server)},"session":${JSON.stringify(r.session)}` +
    `,"target":${nullable(r.target)},"time":${JSON.stringify(r.time)},"upstream_status":${canonical(r.upstream_status, undefined) ?? "null"}}`;
  return sha256Hex(text);
}

function number(n: number): string {
  return Number.isFinite(n) ? JSON.stringify(n) : "null";
}

function nullable(t: string | null): string {
  return t === null ? "null" : JSON.stringify(t);
}
