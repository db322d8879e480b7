/**
 * The one shape every traffic detector reports, so the content walker, the audit log and the
 * gateway handle secrets, personal data and injected instructions alike.
 */
export type FindingCategory = "secret" | "pii" | "injection" | "sanitized" | "size";

export interface Finding {
  category: FindingCategory;
  /** Stable identifier of what was found, e.g. `aws-access-key-id`, `email`, `instruction-override`. */
  kind: string;
  /** UTF-16 offsets of the match in the string that was inspected (end is exclusive). */
  start: number;
  end: number;
  /** A short, masked view of the match: enough to recognise it, never enough to reuse it. */
  evidence: string;
  /** JSON pointer of the string inside a message (set by the content walker). */
  path?: string;
}

/**
 * Masks a sensitive value for logs: keeps a few characters at each end and the length.
 *
 * @example maskValue("ghp_abcdefghijklmnopqrstuvwxyz0123456789") // "ghp_…789 (40 chars)"
 */
export function maskValue(value: string): string {
  const head = value.length >= 24 ? 4 : value.length >= 12 ? 2 : 0;
  const tail = value.length >= 16 ? 3 : 0;
  return `${value.slice(0, head)}…${tail ? value.slice(-tail) : ""} (${value.length} chars)`;
}

/**
 * Replaces each finding's span with `[REDACTED:<kind>]`, leaving every other character intact.
 * Overlapping spans are merged under the kind of the one that starts first.
 *
 * @example redactSpans("key=abc", [{ kind: "x", start: 4, end: 7, ... }]) // "key=[REDACTED:x]"
 */
export function redactSpans(text: string, findings: readonly Finding[]): string {
  if (findings.length === 0) return text;
  const spans = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = "";
  let cursor = 0;
  for (const span of spans) {
    if (span.end <= cursor) continue;
    const start = Math.max(span.start, cursor);
    out += text.slice(cursor, start) + (start === span.start ? `[REDACTED:${span.kind}]` : "");
    cursor = span.end;
  }
  return out + text.slice(cursor);
}
