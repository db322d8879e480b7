import type { Finding } from "./finding.js";

type JsonObject = Record<string, unknown>;

/** Bytes of text and data in a value: the UTF-8 length of every string in it (keys excluded). */
export function contentBytes(value: unknown, depth = 0): number {
  if (typeof value === "string") return Buffer.byteLength(value, "utf8");
  if (depth > 64 || value === null || typeof value !== "object") return 0;
  let total = 0;
  for (const child of Array.isArray(value) ? value : Object.values(value as JsonObject)) {
    total += contentBytes(child, depth + 1);
  }
  return total;
}

// The list a result is made of: tools/call content, resources/read contents, prompts/get messages.
const ITEM_LISTS = ["content", "contents", "messages"] as const;

/** Where an item keeps its text: a text block, a text resource, or a message's content. */
function textHolder(item: unknown): JsonObject | undefined {
  if (item === null || typeof item !== "object") return undefined;
  const record = item as JsonObject;
  if (typeof record.text === "string") return record;
  for (const key of ["resource", "content"]) {
    const inner = record[key];
    if (inner !== null && typeof inner === "object") {
      const holder = textHolder(inner);
      if (holder) return holder;
    }
  }
  return undefined;
}

function cutToBytes(text: string, bytes: number): string {
  if (bytes <= 0) return "";
  return Buffer.from(text, "utf8")
    .subarray(0, bytes)
    .toString("utf8")
    .replace(/\ufffd+$/, "");
}

/** Replaces the text inside `item` (copying the objects on the way), or returns undefined. */
function withText(item: unknown, text: string): unknown {
  const record = item as JsonObject;
  if (typeof record.text === "string") return { ...record, text };
  for (const key of ["resource", "content"]) {
    const inner = record[key];
    if (inner !== null && typeof inner === "object" && textHolder(inner))
      return { ...record, [key]: withText(inner, text) };
  }
  return undefined;
}

/** A cut result and the finding that records the cut, or a finding alone when it cannot be cut. */
export type Truncation = { value: JsonObject; finding: Finding } | { value?: undefined; finding: Finding };

/**
 * Cuts a result to `maxBytes` of text and data. Items of its content list are kept in order while
 * they fit; the first that does not is cut (text) or dropped (binary), and the rest are dropped;
 * `structuredContent`, which duplicates the content, is dropped first. The kept text ends with a
 * notice saying what was cut. Returns undefined when the result fits, and a finding without a
 * value when the result has no content list to cut (the caller must then refuse it).
 */
export function truncateResult(result: JsonObject, maxBytes: number): Truncation | undefined {
  const total = contentBytes(result);
  if (total <= maxBytes) return undefined;
  const finding: Finding = {
    category: "size",
    kind: "result-truncated",
    start: 0,
    end: 0,
    evidence: `${total} bytes of content, limit ${maxBytes}`,
  };
  const listKey = ITEM_LISTS.find((key) => Array.isArray(result[key]));
  if (!listKey) return { finding: { ...finding, kind: "result-too-large" } };
  const items = result[listKey] as unknown[];
  const rest: JsonObject = { ...result };
  delete rest[listKey];
  delete rest.structuredContent;
  let remaining = maxBytes - contentBytes(rest);
  const kept: unknown[] = [];
  for (const item of items) {
    const size = contentBytes(item);
    if (size <= remaining) {
      kept.push(item);
      remaining -= size;
      continue;
    }
    const holder = textHolder(item);
    if (holder && remaining > 0) {
      const text = holder.text as string;
      const shortened = withText(
        item,
        cutToBytes(text, remaining - (size - Buffer.byteLength(text, "utf8"))),
      );
      if (shortened) kept.push(shortened);
    }
    break;
  }
  const intact = kept.filter((item, index) => item === items[index]).length;
  const dropped = items.length - intact;
  const notice = `[Bastion: result truncated to the ${maxBytes}-byte limit (max_result_bytes); the server returned ${total} bytes${dropped > 0 ? ` and ${dropped} content item(s) were cut or dropped` : ""}.]`;
  const last = kept[kept.length - 1];
  const lastHolder = last === undefined ? undefined : textHolder(last);
  if (lastHolder) {
    kept[kept.length - 1] = withText(last, `${lastHolder.text as string}\n\n${notice}`);
  } else {
    kept.push(noticeItem(listKey, items, notice));
  }
  return { value: { ...rest, [listKey]: kept }, finding };
}

function noticeItem(listKey: (typeof ITEM_LISTS)[number], items: unknown[], notice: string): unknown {
  if (listKey === "content") return { type: "text", text: notice };
  if (listKey === "messages") return { role: "user", content: { type: "text", text: notice } };
  const first = items[0] as JsonObject | undefined;
  return {
    uri: typeof first?.uri === "string" ? first.uri : "bastion:truncated",
    mimeType: "text/plain",
    text: notice,
  };
}
