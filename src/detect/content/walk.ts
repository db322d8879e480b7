import type { Finding } from "./finding.js";
import type { InspectionPlan } from "./plan.js";
import { inspectString, type StringRole } from "./text.js";

/** Findings and flags gathered while walking one message. */
export interface WalkState {
  readonly plan: InspectionPlan;
  readonly findings: Finding[];
  block: boolean;
  approve: boolean;
}

// MCP fields whose string values are vocabulary, not content.
const STRUCTURAL_KEYS = new Set(["type", "mimeType", "role", "encoding"]);
const TEXT_MIME =
  /^(?:text\/|application\/(?:json|xml|javascript|x-yaml|yaml|toml|x-sh|sql|graphql|ld\+json)|[\w.+-]+\/[\w.+-]+\+(?:json|xml)$)/i;
// Decoding a blob costs memory; larger text blobs are left to the size cap.
const MAX_BLOB_BYTES = 4 * 1024 * 1024;
const MAX_DEPTH = 64;

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Raised for a message nested deeper than the walker follows; inspection fails closed on it. */
export class MessageTooDeepError extends Error {
  override readonly name = "MessageTooDeepError";
}

/**
 * Walks a JSON value and returns it with every inspected string replaced as the plan says.
 * Copy on write: an object or array is copied only when something inside it changed, so a
 * value with nothing to report comes back as the very same reference.
 */
export function walkValue(
  value: unknown,
  state: WalkState,
  role: "argument" | "result",
  path: string[] = [],
  depth = 0,
): unknown {
  if (depth > MAX_DEPTH) throw new MessageTooDeepError(`message nested deeper than ${MAX_DEPTH} levels`);
  if (typeof value === "string")
    return visitString(value, state, role === "argument" ? "argument" : "result-field", path);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const next = walkValue(item, state, role, [...path, String(index)], depth + 1);
      if (next !== item) (copy ??= value.slice())[index] = next;
    }
    return copy ?? value;
  }
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const child = record[key];
    let next: unknown = child;
    if (typeof child === "string") {
      next = visitMember(record, key, child, state, role, path);
    } else if (child !== null && typeof child === "object") {
      next = walkValue(child, state, role, [...path, escapePointer(key)], depth + 1);
    }
    if (next !== child) (copy ??= { ...record })[key] = next;
  }
  return copy ?? value;
}

function visitMember(
  record: Record<string, unknown>,
  key: string,
  text: string,
  state: WalkState,
  role: "argument" | "result",
  path: string[],
): string {
  if (role === "result") {
    if (STRUCTURAL_KEYS.has(key)) return text;
    // Base64 image and audio data is binary; a text blob is decoded and inspected like text.
    if (key === "data" && (record.type === "image" || record.type === "audio")) return text;
    if (key === "blob") return visitBlob(record, text, state, [...path, key]);
    if (key === "text" || key === "description")
      return visitString(text, state, "result-text", [...path, key]);
    if (key === "uri") return visitString(text, state, "argument", [...path, key]);
    return visitString(text, state, "result-field", [...path, escapePointer(key)]);
  }
  return visitString(text, state, "argument", [...path, escapePointer(key)]);
}

function visitString(text: string, state: WalkState, role: StringRole, path: string[]): string {
  const verdict = inspectString(text, state.plan, role);
  if (!verdict) return text;
  const pointer = path.length > 0 ? `/${path.join("/")}` : "";
  for (const finding of verdict.findings) state.findings.push({ ...finding, path: pointer });
  if (verdict.block) state.block = true;
  if (verdict.approve) state.approve = true;
  return verdict.text;
}

function visitBlob(record: Record<string, unknown>, blob: string, state: WalkState, path: string[]): string {
  const mimeType = typeof record.mimeType === "string" ? record.mimeType : "";
  if (!TEXT_MIME.test(mimeType) || blob.length > (MAX_BLOB_BYTES * 4) / 3) return blob;
  const decoded = Buffer.from(blob, "base64").toString("utf8");
  const inspected = visitString(decoded, state, "result-text", path);
  return inspected === decoded ? blob : Buffer.from(inspected, "utf8").toString("base64");
}
