import { randomBytes } from "node:crypto";

/** Where an approval stands. `expired` is never stored: it is read off `expiresAt`. */
export type ApprovalStatus = "pending" | "approved" | "denied" | "expired";

/**
 * One held call waiting for (or holding) a human's answer, as kept in the store under
 * `approvals/<id>`. It is bound by `digest` to the principal's subject, the server, the tool,
 * the exact arguments and the policy version (see `approvalDigest`), so an answer can release
 * that one call and nothing else.
 */
export interface ApprovalRecord {
  id: string;
  status: "pending" | "approved" | "denied";
  subject: string;
  server: string;
  /** The exposed tool (or prompt, or resource URI) the call names. */
  tool: string;
  /** The arguments as compact JSON for the person deciding, cut at `MAX_PREVIEW_CHARS`. */
  argsPreview: string;
  digest: string;
  policyVersion: string;
  /** The policy rule that asked for approval (shown to approvers, never to the caller). */
  ruleId: string;
  /** ISO 8601 times. */
  createdAt: string;
  expiresAt: string;
  decidedAt?: string;
}

/** Store prefix of approval records; the web console and the CLI list it. */
export const APPROVALS_PREFIX = "approvals/";
/** Store prefix of the digest → id index that finds the approval a repeated call is bound to. */
export const APPROVAL_INDEX_PREFIX = "approval-index/";
/** How long an unanswered or unused approval stays valid, by default. */
export const DEFAULT_APPROVAL_TTL_SECONDS = 600;
/** How long an expired approval stays in the store, so callers and approvers learn it expired. */
export const EXPIRED_RETENTION_SECONDS = 3600;
/** Longest argument preview kept with an approval. */
export const MAX_PREVIEW_CHARS = 4000;

const ID_PATTERN = /^[0-9a-f]{16}$/;

/** A fresh approval id: 16 hex characters, safe to paste into a shell. */
export function newApprovalId(): string {
  return randomBytes(8).toString("hex");
}

/** Whether `id` has the shape of an approval id. */
export function isApprovalId(id: string): boolean {
  return ID_PATTERN.test(id);
}

export function recordKey(id: string): string {
  return APPROVALS_PREFIX + id;
}

export function indexKey(digest: string): string {
  return APPROVAL_INDEX_PREFIX + digest;
}

/** The record's status at `now`: a stored status, or `expired` once its time has passed. */
export function statusAt(record: ApprovalRecord, now: number): ApprovalStatus {
  return Date.parse(record.expiresAt) <= now ? "expired" : record.status;
}

/**
 * Arguments as one line of compact JSON for people deciding, cut to `limit` characters with a
 * note of how much was left out.
 *
 * @example previewArguments({ path: "/srv/a" }) // '{"path":"/srv/a"}'
 */
export function previewArguments(args: unknown, limit = MAX_PREVIEW_CHARS): string {
  const text = JSON.stringify(args ?? {}) ?? "{}";
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}… (${text.length - limit} more characters)`;
}
