import { randomUUID } from "node:crypto";
import { canonicalJson, sha256Hex } from "./hash.js";
import { redactJsonText, redactText } from "./redact.js";

/** What the gateway did with a call. `hold` means it is waiting for a human approval. */
export type AuditDecision = "allow" | "modify" | "deny" | "hold";

export const AUDIT_DECISIONS: readonly AuditDecision[] = ["allow", "modify", "deny", "hold"];

/** How call arguments are kept: verbatim, with secrets masked, as a SHA-256 digest, or not at all. */
export type ArgumentsMode = "full" | "redacted" | "digest" | "none";

/** Masks secrets inside a JSON value; the secrets detector provides it. */
export type Redactor = (value: unknown) => unknown;

/**
 * One audited decision, as stored. Every field is always present (`null` when unknown) so a
 * reader never has to guess whether a field was dropped or never set.
 */
export interface AuditRecord {
  /** Position in the hash chain, starting at 1; equals the store's sequence number. */
  seq: number;
  /** ISO 8601 time the decision was made. */
  time: string;
  id: string;
  session: string;
  /** The principal's subject. */
  principal: string;
  /** `name/version` the client sent in `initialize`. */
  client: string | null;
  server: string | null;
  method: string;
  /** Tool or prompt name, or resource URI. */
  target: string | null;
  decision: AuditDecision;
  /** The guard or rule that decided; null when every guard passed. */
  rule: string | null;
  /** Rule ids of what detectors found, never the matched text. */
  findings: string[];
  latency_ms: number;
  bytes_in: number;
  bytes_out: number;
  /** `ok`, `error`, an HTTP status, or null when the call never reached an upstream. */
  upstream_status: string | number | null;
  /** The call arguments as the `arguments` mode allows, or null. */
  args: unknown;
  prev_hash: string;
  hash: string;
}

/** The fields the gateway supplies; the audit log fills in time, id, seq and the hashes. */
export interface AuditInput {
  id?: string;
  time?: Date | string | number;
  session: string;
  principal: string | { subject: string };
  client?: string | { name?: string; version?: string } | null;
  server?: string | null;
  method: string;
  target?: string | null;
  decision: AuditDecision;
  rule?: string | null;
  /** Rule ids, or findings from which only the `kind` is kept. */
  findings?: ReadonlyArray<string | { kind: string }>;
  latency_ms?: number;
  bytes_in?: number;
  bytes_out?: number;
  upstream_status?: string | number | null;
  args?: unknown;
}

/** A record before it is placed in the chain, its arguments already in their stored text. */
export interface AuditBody extends Omit<AuditRecord, "seq" | "prev_hash" | "hash" | "args"> {
  /** The canonical JSON text of `args`: what is hashed and stored. */
  argsJson: string;
}

/** How arguments and free-text fields are cleaned before they are stored. */
export interface RecordPolicy {
  arguments: ArgumentsMode;
  /** Replaces the built-in secrets detector. */
  redact?: Redactor;
}

/**
 * Checks and normalises what the gateway supplied. Throws a TypeError naming the bad field, so a
 * malformed call is refused rather than recorded half-way.
 */
export function buildAuditBody(input: AuditInput, policy: RecordPolicy, now: number): AuditBody {
  if (input === null || typeof input !== "object") throw new TypeError("audit record must be an object");
  if (!AUDIT_DECISIONS.includes(input.decision)) {
    throw new TypeError(`audit record: decision must be one of ${AUDIT_DECISIONS.join(", ")}`);
  }
  const principal = typeof input.principal === "string" ? input.principal : input.principal?.subject;
  return {
    time: isoTime(input.time ?? now),
    id: input.id ?? randomUUID(),
    session: requiredText(input.session, "session"),
    principal: requiredText(principal, "principal"),
    client: clientLabel(input.client),
    server: optionalText(input.server, "server"),
    method: requiredText(input.method, "method"),
    target: cleanTarget(optionalText(input.target, "target"), policy),
    decision: input.decision,
    rule: optionalText(input.rule, "rule"),
    findings: ruleIds(input.findings),
    latency_ms: count(input.latency_ms, "latency_ms"),
    bytes_in: count(input.bytes_in, "bytes_in"),
    bytes_out: count(input.bytes_out, "bytes_out"),
    upstream_status: input.upstream_status ?? null,
    argsJson: argumentsJson(input.args, policy),
  };
}

/**
 * The arguments as the mode allows, in the canonical JSON text the record stores. A call's
 * arguments rarely hold a secret, so with the built-in detector the text it scanned clean is
 * written out as is; only arguments it changed are parsed back and masked value by value.
 */
function argumentsJson(args: unknown, policy: RecordPolicy): string {
  if (args === undefined || policy.arguments === "none") return "null";
  if (policy.arguments === "redacted" && !policy.redact) {
    const text = JSON.stringify(args);
    if (text === undefined) return "null";
    return canonicalJson(redactText(text) === text ? args : redactJsonText(text));
  }
  return canonicalJson(argumentsForAudit(args, policy));
}

/**
 * The arguments as the mode allows. `digest` hashes the canonical JSON so equal arguments can be
 * matched across records without being readable.
 */
export function argumentsForAudit(args: unknown, policy: RecordPolicy): unknown {
  if (args === undefined || policy.arguments === "none") return null;
  switch (policy.arguments) {
    case "full":
      return jsonCopy(args);
    case "digest":
      return `sha256:${sha256Hex(canonicalJson(jsonCopy(args)))}`;
    case "redacted": {
      const text = JSON.stringify(args);
      if (text === undefined) return null;
      return policy.redact ? jsonCopy(policy.redact(JSON.parse(text))) : redactJsonText(text);
    }
  }
}

function cleanTarget(target: string | null, policy: RecordPolicy): string | null {
  if (target === null || policy.arguments === "full") return target;
  return policy.redact ? String(policy.redact(target)) : redactText(target);
}

function jsonCopy(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

/** The current second as ISO text up to its milliseconds: a busy gateway records many calls a second. */
let second = { start: Number.NaN, prefix: "" };
const MAX_TIME = 8.64e15;

function isoTime(time: Date | string | number): string {
  // the last valid time is a second's first millisecond: past it, the Date check below must throw
  if (typeof time === "number" && Number.isInteger(time) && time <= MAX_TIME) {
    const ms = time - second.start;
    if (ms >= 0 && ms < 1000) return `${second.prefix}${ms < 10 ? "00" : ms < 100 ? "0" : ""}${ms}Z`;
  }
  const date = time instanceof Date ? time : new Date(time);
  if (Number.isNaN(date.getTime())) throw new TypeError("audit record: time is not a valid date");
  const iso = date.toISOString();
  if (typeof time === "number" && Number.isInteger(time)) {
    second = { start: time - date.getUTCMilliseconds(), prefix: iso.slice(0, -4) };
  }
  return iso;
}

function requiredText(value: unknown, field: string): string {
  if (typeof value !== "string" || value === "")
    throw new TypeError(`audit record: ${field} must be a non-empty string`);
  return value;
}

function optionalText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new TypeError(`audit record: ${field} must be a string`);
  return value;
}

function count(value: unknown, field: string): number {
  if (value === undefined) return 0;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`audit record: ${field} must be a non-negative number`);
  }
  return value;
}

function clientLabel(client: AuditInput["client"]): string | null {
  if (client === undefined || client === null) return null;
  if (typeof client === "string") return client;
  if (!client.name) return null;
  return client.version ? `${client.name}/${client.version}` : client.name;
}

function ruleIds(findings: AuditInput["findings"]): string[] {
  if (findings === undefined) return [];
  if (!Array.isArray(findings)) throw new TypeError("audit record: findings must be an array");
  const ids = findings.map((f: unknown) => {
    if (typeof f === "string") return f;
    if (f && typeof f === "object" && typeof (f as { kind?: unknown }).kind === "string") {
      return (f as { kind: string }).kind;
    }
    throw new TypeError("audit record: each finding must be a rule id or have a `kind`");
  });
  return [...new Set(ids)];
}
