/**
 * A JSON-with-comments reader that keeps source offsets.
 *
 * Client configs are JSON, but VS Code, Zed and others accept comments and trailing commas, and
 * `bastion protect` edits the files in place, so the parser records where every value starts and
 * ends. Nothing here touches the file system.
 */

interface Span {
  /** Offset of the first character of the value. */
  start: number;
  /** Offset just past the last character of the value. */
  end: number;
}

/** One `"key": value` pair of an object, with the key's span. */
export interface JsonMember {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonNode;
}

/** A parsed JSON value with its position in the source text. */
export type JsonNode =
  | (Span & { type: "object"; members: JsonMember[] })
  | (Span & { type: "array"; elements: JsonNode[] })
  | (Span & { type: "string"; value: string })
  | (Span & { type: "number"; value: number })
  | (Span & { type: "boolean"; value: boolean })
  | (Span & { type: "null" });

/** A syntax error with a 1-based line and column. */
export class JsoncSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} at line ${line}, column ${column}`);
    this.name = "JsoncSyntaxError";
  }
}

/**
 * Parses JSON that may contain `//` and `/* *\/` comments and trailing commas.
 *
 * @example
 * const root = parseJsonc('{ "a": [1, 2,], // note\n }');
 * toPlainValue(root); // { a: [1, 2] }
 * @throws JsoncSyntaxError naming the line and column of the first problem.
 */
export function parseJsonc(text: string): JsonNode {
  const reader = new Reader(text);
  reader.skipTrivia();
  if (reader.atEnd()) reader.fail("Empty document");
  const node = reader.value();
  reader.skipTrivia();
  if (!reader.atEnd()) reader.fail("Unexpected text after the JSON value");
  return node;
}

/** Converts a parsed node to ordinary JavaScript values. */
export function toPlainValue(node: JsonNode): unknown {
  switch (node.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const m of node.members) out[m.key] = toPlainValue(m.value);
      return out;
    }
    case "array":
      return node.elements.map(toPlainValue);
    case "null":
      return null;
    default:
      return node.value;
  }
}

/** The member of an object node with this key (the last one, as JSON.parse would keep). */
export function memberOf(node: JsonNode | undefined, key: string): JsonMember | undefined {
  if (node?.type !== "object") return undefined;
  let found: JsonMember | undefined;
  for (const m of node.members) if (m.key === key) found = m;
  return found;
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

class Reader {
  private pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(message: string, at = this.pos): never {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at && i < this.text.length; i++) {
      if (this.text[i] === "\n") {
        line++;
        lineStart = i + 1;
      }
    }
    throw new JsoncSyntaxError(message, line, at - lineStart + 1);
  }

  skipTrivia(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\uFEFF") {
        this.pos++;
      } else if (c === "/" && t[this.pos + 1] === "/") {
        while (this.pos < t.length && t[this.pos] !== "\n") this.pos++;
      } else if (c === "/" && t[this.pos + 1] === "*") {
        const close = t.indexOf("*/", this.pos + 2);
        if (close < 0) this.fail("Unterminated comment");
        this.pos = close + 2;
      } else {
        return;
      }
    }
  }

  value(): JsonNode {
    const c = this.text[this.pos];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') {
      const start = this.pos;
      const value = this.string();
      return { type: "string", value, start, end: this.pos };
    }
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number();
    for (const [word, node] of [
      ["true", { type: "boolean", value: true }],
      ["false", { type: "boolean", value: false }],
      ["null", { type: "null" }],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        const start = this.pos;
        this.pos += word.length;
        return { ...node, start, end: this.pos } as JsonNode;
      }
    }
    return this.fail(
      c === undefined ? "Unexpected end of input" : `Unexpected character ${JSON.stringify(c)}`,
    );
  }

  private object(): JsonNode {
    const start = this.pos++;
    const members: JsonMember[] = [];
    for (;;) {
      this.skipTrivia();
      if (this.text[this.pos] === "}") break;
      if (this.text[this.pos] !== '"') this.fail("Expected a quoted property name");
      const keyStart = this.pos;
      const key = this.string();
      const keyEnd = this.pos;
      this.skipTrivia();
      if (this.text[this.pos] !== ":") this.fail(`Expected ':' after property ${JSON.stringify(key)}`);
      this.pos++;
      this.skipTrivia();
      members.push({ key, keyStart, keyEnd, value: this.value() });
      this.skipTrivia();
      if (this.text[this.pos] === ",") {
        this.pos++;
        continue;
      }
      if (this.text[this.pos] !== "}") this.fail("Expected ',' or '}' in object");
      break;
    }
    this.pos++;
    return { type: "object", members, start, end: this.pos };
  }

  private array(): JsonNode {
    const start = this.pos++;
    const elements: JsonNode[] = [];
    for (;;) {
      this.skipTrivia();
      if (this.text[this.pos] === "]") break;
      elements.push(this.value());
      this.skipTrivia();
      if (this.text[this.pos] === ",") {
        this.pos++;
        continue;
      }
      if (this.text[this.pos] !== "]") this.fail("Expected ',' or ']' in array");
      break;
    }
    this.pos++;
    return { type: "array", elements, start, end: this.pos };
  }

  private string(): string {
    const t = this.text;
    let out = "";
    this.pos++;
    for (;;) {
      const c = t[this.pos];
      if (c === undefined || c === "\n") this.fail("Unterminated string");
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === "\\") {
        const e = t[this.pos + 1] ?? "";
        if (e === "u") {
          const hex = t.slice(this.pos + 2, this.pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("Invalid \\u escape");
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 6;
        } else if (e in ESCAPES) {
          out += ESCAPES[e];
          this.pos += 2;
        } else {
          this.fail(`Invalid escape \\${e}`);
        }
      } else {
        out += c;
        this.pos++;
      }
    }
  }

  private number(): JsonNode {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(
      this.text.slice(this.pos, this.pos + 64),
    );
    if (!match) this.fail("Invalid number");
    const start = this.pos;
    this.pos += match[0].length;
    return { type: "number", value: Number(match[0]), start, end: this.pos };
  }
}
