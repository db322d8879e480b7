import { createHash } from "node:crypto";

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

/** Hex SHA-256 of a string. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The chain hash of a record: SHA-256 over the canonical JSON of every field except `hash`
 * itself, `prev_hash` and `seq` included, so changing, moving or re-linking a record shows.
 */
export function chainHash(record: object): string {
  return sha256Hex(canonical(record, "hash") ?? "null");
}
