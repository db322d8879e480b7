// Absolute URLs inside free text stop at whitespace, quotes and closing brackets.
const EMBEDDED_URL = /\b(?:https?|wss?|ftp):\/\/[^\s"'<>`)\]}]+/gi;
const WHOLE_URL = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;

/**
 * Every URL in a JSON value (a request's arguments): strings that are URLs, and http(s), ws(s)
 * and ftp URLs inside longer strings, in the order found. Object keys are not searched.
 *
 * @example findUrls({ url: "https://a.example/x", note: "see http://b.example" }) // ["https://a.example/x", "http://b.example"]
 */
export function findUrls(value: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 64) return;
    if (typeof node === "string") {
      const trimmed = node.trim();
      if (WHOLE_URL.test(trimmed)) found.push(trimmed);
      else for (const match of trimmed.matchAll(EMBEDDED_URL)) found.push(match[0].replace(/[.,;:!?]+$/, ""));
      return;
    }
    if (node === null || typeof node !== "object") return;
    for (const child of Array.isArray(node) ? node : Object.values(node as Record<string, unknown>))
      visit(child, depth + 1);
  };
  visit(value, 0);
  return found;
}
