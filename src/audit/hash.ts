import { sha256Hex } from "../detect/definitions/index.js";
import type { AuditBody } from "./record.js";

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
 * A record the audit log has just built, sealed in its place in the chain: its chain hash, and
 * its stored text, which is the very text that was hashed with `"hash"` added last. `verify`
 * recomputes the same hash from the stored text with {@link chainHash}; a test holds the two equal.
 *
 * The audit seals a record per call, so this is built for speed: the members are written in
 * sorted order straight into one template, strings that need no escaping as they are, and the
 * arguments as the canonical text the body already carries.
 */
export function sealAuditRecord(b: AuditBody, seq: number, prevHash: string): { hash: string; text: string } {
  const body =
    `{"args":${b.argsJson},"bytes_in":${number(b.bytes_in)},"bytes_out":${number(b.bytes_out)}` +
    `,"client":${text(b.client)},"decision":${text(b.decision)},"findings":${texts(b.findings)}` +
    `,"id":${text(b.id)},"latency_ms":${number(b.latency_ms)},"method":${text(b.method)}` +
    `,"prev_hash":${text(prevHash)},"principal":${text(b.principal)},"rule":${text(b.rule)}` +
    `,"seq":${number(seq)},"server":${text(b.server)},"session":${text(b.session)}` +
    `,"target":${text(b.target)},"time":${text(b.time)},"upstream_status":${status(b.upstream_status)}}`;
  const hash = sha256Hex(body);
  return { hash, text: `${body.slice(0, -1)},"hash":"${hash}"}` };
}

/** What `JSON.stringify` would escape in a string: quote, backslash, control and surrogate characters. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function text(value: string | null): string {
  if (value === null) return "null";
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

function texts(values: readonly string[]): string {
  let out = "[";
  for (let i = 0; i < values.length; i++) out += (i ? "," : "") + text(values[i]!);
  return out + "]";
}

function number(value: number): string {
  return Number.isFinite(value) ? String(value) : "null";
}

function status(value: string | number | null): string {
  return typeof value === "number" ? number(value) : text(value);
}
