import { createHash } from "node:crypto";

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `-0` written as `0`. Throws a
 * TypeError for anything JSON cannot carry faithfully (non-finite numbers, bigints, functions,
 * symbols, `undefined` outside an object, cycles, non-plain objects).
 *
 * @example canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set(), "$");
}

function write(value: unknown, seen: Set<object>, where: string): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`${where} is ${value}, which JSON cannot carry`);
    return JSON.stringify(value);
  }
  if (typeof value !== "object") {
    throw new TypeError(`${where} is a ${typeof value}, which JSON cannot carry`);
  }
  if (seen.has(value)) throw new TypeError(`${where} refers back to itself`);
  seen.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = "[" + value.map((item, i) => write(item, seen, `${where}[${i}]`)).join(",") + "]";
  } else {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) {
      throw new TypeError(`${where} is not a plain object`);
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    out =
      "{" +
      keys.map((key) => JSON.stringify(key) + ":" + write(record[key], seen, `${where}.${key}`)).join(",") +
      "}";
  }
  seen.delete(value);
  return out;
}

/** SHA-256 of a UTF-8 string, as lower-case hex. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
