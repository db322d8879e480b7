/** The judge's answer about one definition. */
export interface JudgeAnswer {
  malicious: boolean;
  /** One short sentence, cleaned: no control or formatting characters, at most MAX_REASON_CHARS. */
  reason: string;
}

/** Raised when the judge's reply holds no usable answer; the message says why. */
export class JudgeAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JudgeAnswerError";
  }
}

export const MAX_REASON_CHARS = 200;
/** Replies longer than this are not searched: a classifier's answer is a line, not a page. */
const MAX_REPLY_CHARS = 16 * 1024;

/**
 * Strips control and invisible formatting characters (a reason lands in logs, terminals and
 * SARIF reports, where they could forge lines or reorder text), collapses whitespace and
 * bounds the length.
 *
 * @example cleanReason("Reads\u0007 ~/.ssh\u202e keys\n\n") // "Reads ~/.ssh keys"
 */
export function cleanReason(text: string): string {
  const clean = text
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (clean.length === 0) return "no reason given";
  return clean.length > MAX_REASON_CHARS ? clean.slice(0, MAX_REASON_CHARS - 1) + "…" : clean;
}

/** The outermost balanced `{…}` spans of the text, in order, skipping braces inside strings. */
function objectSpans(text: string): string[] {
  const spans: string[] = [];
  let start = -1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === "\\") escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"' && depth > 0) inString = true;
    else if (c === "{") {
      if (depth === 0) start = i;
      depth++;
    } else if (c === "}" && depth > 0) {
      depth--;
      if (depth === 0) spans.push(text.slice(start, i + 1));
    }
  }
  return spans;
}

function asAnswer(span: string): JudgeAnswer | undefined {
  let value: unknown;
  try {
    value = JSON.parse(span);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const { malicious, reason } = value as { malicious?: unknown; reason?: unknown };
  if (typeof malicious !== "boolean" || typeof reason !== "string") return undefined;
  return { malicious, reason: cleanReason(reason) };
}

/**
 * Finds the `{"malicious": bool, "reason": string}` object in a model's reply, which may wrap it
 * in prose or a code fence. Replies with no such object, or with several that disagree, are
 * refused rather than guessed at.
 *
 * @throws JudgeAnswerError naming what was wrong with the reply.
 * @example
 * parseJudgeAnswer('Sure!\n```json\n{"malicious": true, "reason": "Asks for SSH keys."}\n```')
 * // { malicious: true, reason: "Asks for SSH keys." }
 */
export function parseJudgeAnswer(reply: string): JudgeAnswer {
  if (reply.length > MAX_REPLY_CHARS)
    throw new JudgeAnswerError(`the reply is ${reply.length} characters, more than ${MAX_REPLY_CHARS}`);
  const answers = objectSpans(reply)
    .map(asAnswer)
    .filter((a): a is JudgeAnswer => a !== undefined);
  const first = answers[0];
  if (!first) throw new JudgeAnswerError('the reply holds no {"malicious": bool, "reason": string} object');
  if (answers.some((a) => a.malicious !== first.malicious))
    throw new JudgeAnswerError("the reply holds answers that disagree");
  return first;
}
