import * as crypto from "node:crypto";

/** Raised for a value that has no JSON form (a function, a bigint, a cycle...). */
export class CanonicalJsonError extends Error {
  constructor(
    message: string,
    readonly pointer: string,
  ) {
    super(`${message} at ${pointer || "the root"}`);
    this.name = "CanonicalJsonError";
  }
}

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The JSON pointer of the value being written, built only when an error needs to name it. */
function pointerOf(path: Array<string | number>): string {
  return path.map((key) => `/${escapePointer(String(key))}`).join("");
}

// What JSON.stringify escapes in a string: quotes, backslashes, control characters and (lone)
// surrogates. A string without any is its own JSON between quotes, and most are.
// eslint-disable-next-line no-control-regex -- control characters are what JSON escapes
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(text: string): string {
  return NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`;
}

function write(value: unknown, path: Array<string | number>, seen: Set<object>): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return quote(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${value} has no JSON form`, pointerOf(path));
      return JSON.stringify(value);
    case "object":
      break;
    default:
      throw new CanonicalJsonError(`a ${typeof value} has no JSON form`, pointerOf(path));
  }
  if (seen.has(value)) throw new CanonicalJsonError("the value refers to itself", pointerOf(path));
  seen.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = "[";
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      path.push(i);
      out += (i > 0 ? "," : "") + write(item === undefined ? null : item, path, seen);
      path.pop();
    }
    out += "]";
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    out = "{";
    let first = true;
    for (const key of keys) {
      const member = record[key];
      if (member === undefined) continue;
      path.push(key);
      out += (first ? "" : ",") + quote(key) + ":" + write(member, path, seen);
      path.pop();
      first = false;
    }
    out += "}";
  }
  seen.delete(value);
  return out;
}

/**
 * Serialises `value` as JSON with object keys sorted at every depth and no whitespace, so equal
 * definitions always give the same bytes whatever order their keys arrived in. Object members
 * that are `undefined` are left out, as JSON.stringify does.
 *
 * @example canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 * @throws CanonicalJsonError for values with no JSON form, naming where they are.
 */
export function canonicalJson(value: unknown): string {
  return write(value, [], new Set());
}

/**
 * SHA-256 of the canonical JSON of a whole definition (name, description, schemas, annotations,
 * everything), as 64 lowercase hex digits. Any change anywhere changes the hash; key order does not.
 *
 * @example definitionHash({ name: "echo", description: "Echo text" }).length // 64
 */
export function definitionHash(definition: unknown): string {
  return sha256Hex(canonicalJson(definition));
}

/**
 * SHA-256 of a string as 64 lowercase hex digits. Definitions and audit records are hashed one by
 * one on busy paths: the one-shot hash (Node 20.12 and later) skips building a Hash object and
 * costs about half as much for short text; the digest is the same.
 */
export function sha256Hex(text: string): string {
  return typeof crypto.hash === "function"
    ? crypto.hash("sha256", text, "hex")
    : crypto.createHash("sha256").update(text).digest("hex");
}
