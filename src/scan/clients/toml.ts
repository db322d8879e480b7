/**
 * A reader for the subset of TOML that MCP client configs use (Codex's `config.toml`).
 *
 * Supported: comments, `[table]` and `[[array.of.tables]]` headers, bare, quoted and dotted keys,
 * basic and literal strings (single- and multi-line), integers, floats, booleans, arrays (across
 * lines) and inline tables. Dates are kept as their source text. Every value's source span is
 * recorded so `bastion protect` can rewrite a value without touching the rest of the file.
 */

export type TomlTable = { [key: string]: unknown };

/** Where one value sits in the source text. */
export interface TomlSpan {
  start: number;
  end: number;
}

/** The parsed document and the span of every value, keyed by {@link tomlPathKey} of its path. */
export interface TomlDocument {
  value: TomlTable;
  spans: Map<string, TomlSpan>;
  /** Offset where each table's last line ends (keyed like spans), for appending keys to a table. */
  tableEnds: Map<string, number>;
}

/** A TOML syntax error with a 1-based line number. */
export class TomlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} at line ${line}`);
    this.name = "TomlSyntaxError";
  }
}

/** Joins a key path into the string used as a key of {@link TomlDocument.spans}. */
export function tomlPathKey(path: readonly string[]): string {
  return path.join("\u0000");
}

/**
 * Parses a TOML document (the subset described above).
 *
 * @example
 * parseToml('[mcp_servers.docs]\ncommand = "npx"\nargs = ["-y", "docs-mcp"]\n').value
 * // { mcp_servers: { docs: { command: "npx", args: ["-y", "docs-mcp"] } } }
 * @throws TomlSyntaxError naming the line of the first problem.
 */
export function parseToml(text: string): TomlDocument {
  return new TomlReader(text).document();
}

const BARE_KEY = /^[A-Za-z0-9_-]+/;
const BASIC_ESCAPES: Record<string, string> = {
  b: "\b",
  t: "\t",
  n: "\n",
  f: "\f",
  r: "\r",
  '"': '"',
  "\\": "\\",
};

class TomlReader {
  private pos = 0;
  private readonly root: TomlTable = {};
  private readonly spans = new Map<string, TomlSpan>();
  private readonly tableEnds = new Map<string, number>();
  /** Tables created by a header, which a second identical header may not reopen. */
  private readonly declared = new Set<TomlTable>();

  constructor(private readonly text: string) {}

  document(): TomlDocument {
    let current = this.root;
    let currentPath: string[] = [];
    for (;;) {
      this.skipBlankLinesAndComments();
      if (this.pos >= this.text.length) break;
      if (this.text[this.pos] === "[") {
        const isArray = this.text[this.pos + 1] === "[";
        this.pos += isArray ? 2 : 1;
        this.skipSpaces();
        const path = this.keyPath();
        this.skipSpaces();
        if (!this.text.startsWith(isArray ? "]]" : "]", this.pos))
          this.fail("Expected ']' to close the table header");
        this.pos += isArray ? 2 : 1;
        this.endOfLine();
        current = isArray ? this.appendArrayTable(path) : this.openTable(path);
        currentPath = path;
      } else {
        const keyPath = this.keyPath();
        this.skipSpaces();
        if (this.text[this.pos] !== "=") this.fail("Expected '=' after a key");
        this.pos++;
        this.skipSpaces();
        const start = this.pos;
        const value = this.value();
        this.assign(current, keyPath, value, [...currentPath, ...keyPath]);
        this.spans.set(tomlPathKey([...currentPath, ...keyPath]), { start, end: this.pos });
        this.endOfLine();
      }
      this.tableEnds.set(tomlPathKey(currentPath), this.lineEndBefore(this.pos));
    }
    return { value: this.root, spans: this.spans, tableEnds: this.tableEnds };
  }

  private lineEndBefore(offset: number): number {
    let end = offset;
    while (end > 0 && (this.text[end - 1] === "\n" || this.text[end - 1] === "\r")) end--;
    return end;
  }

  private fail(message: string): never {
    const line = this.text.slice(0, this.pos).split("\n").length;
    throw new TomlSyntaxError(message, line);
  }

  private skipSpaces(): void {
    while (this.text[this.pos] === " " || this.text[this.pos] === "\t") this.pos++;
  }

  private skipComment(): void {
    if (this.text[this.pos] === "#")
      while (this.pos < this.text.length && this.text[this.pos] !== "\n") this.pos++;
  }

  private skipBlankLinesAndComments(): void {
    for (;;) {
      this.skipSpaces();
      this.skipComment();
      const c = this.text[this.pos];
      if (c === "\n" || c === "\r") this.pos++;
      else return;
    }
  }

  /** Arrays may span lines and carry comments between elements. */
  private skipInsideBrackets(): void {
    this.skipBlankLinesAndComments();
  }

  private endOfLine(): void {
    this.skipSpaces();
    this.skipComment();
    if (this.pos >= this.text.length) return;
    if (this.text[this.pos] === "\r") this.pos++;
    if (this.text[this.pos] !== "\n") this.fail("Expected the end of the line");
    this.pos++;
  }

  private keyPath(): string[] {
    const path: string[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.text[this.pos];
      if (c === '"') path.push(this.basicString());
      else if (c === "'") path.push(this.literalString());
      else {
        const match = BARE_KEY.exec(this.text.slice(this.pos, this.pos + 256));
        if (!match) this.fail("Expected a key");
        path.push(match[0]);
        this.pos += match[0].length;
      }
      this.skipSpaces();
      if (this.text[this.pos] !== ".") return path;
      this.pos++;
    }
  }

  private descend(table: TomlTable, key: string, fullPath: readonly string[]): TomlTable {
    const existing = table[key];
    if (existing === undefined) {
      const created: TomlTable = {};
      table[key] = created;
      return created;
    }
    if (Array.isArray(existing)) {
      const last: unknown = existing[existing.length - 1];
      if (isTable(last)) return last;
    }
    if (isTable(existing)) return existing;
    return this.fail(`Key ${fullPath.join(".")} is already a value, not a table`);
  }

  private openTable(path: string[]): TomlTable {
    let table = this.root;
    for (const key of path) table = this.descend(table, key, path);
    if (this.declared.has(table)) this.fail(`Table [${path.join(".")}] is defined twice`);
    this.declared.add(table);
    return table;
  }

  private appendArrayTable(path: string[]): TomlTable {
    let table = this.root;
    for (const key of path.slice(0, -1)) table = this.descend(table, key, path);
    const last = path[path.length - 1] as string;
    const existing = table[last];
    const created: TomlTable = {};
    if (existing === undefined) table[last] = [created];
    else if (Array.isArray(existing)) existing.push(created);
    else this.fail(`Key ${path.join(".")} is not an array of tables`);
    return created;
  }

  private assign(table: TomlTable, keyPath: string[], value: unknown, fullPath: string[]): void {
    let target = table;
    for (const key of keyPath.slice(0, -1)) target = this.descend(target, key, fullPath);
    const last = keyPath[keyPath.length - 1] as string;
    if (Object.prototype.hasOwnProperty.call(target, last))
      this.fail(`Key ${fullPath.join(".")} is defined twice`);
    target[last] = value;
  }

  private value(): unknown {
    const t = this.text;
    const c = t[this.pos];
    if (c === '"') return t.startsWith('"""', this.pos) ? this.multilineBasicString() : this.basicString();
    if (c === "'")
      return t.startsWith("'''", this.pos) ? this.multilineLiteralString() : this.literalString();
    if (c === "[") return this.array();
    if (c === "{") return this.inlineTable();
    const word = /^[^\s,\]}#]+/.exec(t.slice(this.pos, this.pos + 128))?.[0];
    if (!word) return this.fail("Expected a value");
    this.pos += word.length;
    if (word === "true") return true;
    if (word === "false") return false;
    const plain = word.replace(/_/g, "");
    if (/^[+-]?(0|[1-9]\d*)$/.test(plain)) return Number(plain);
    if (/^0x[0-9a-fA-F]+$/.test(plain)) return parseInt(plain.slice(2), 16);
    if (/^[+-]?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(plain)) return Number(plain);
    if (/^[+-]?(inf|nan)$/.test(plain))
      return plain.endsWith("inf") ? (plain.startsWith("-") ? -Infinity : Infinity) : NaN;
    if (/^\d{4}-\d{2}-\d{2}/.test(word) || /^\d{2}:\d{2}/.test(word)) return word;
    return this.fail(`Unrecognised value ${JSON.stringify(word)}`);
  }

  private basicString(): string {
    let out = "";
    this.pos++;
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || c === "\n") this.fail("Unterminated string");
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === "\\") out += this.escape();
      else {
        out += c;
        this.pos++;
      }
    }
  }

  private escape(): string {
    const e = this.text[this.pos + 1] ?? "";
    if (e in BASIC_ESCAPES) {
      this.pos += 2;
      return BASIC_ESCAPES[e] as string;
    }
    const width = e === "u" ? 4 : e === "U" ? 8 : 0;
    const hex = this.text.slice(this.pos + 2, this.pos + 2 + width);
    if (width === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width)
      this.fail(`Invalid escape \\${e}`);
    this.pos += 2 + width;
    return String.fromCodePoint(parseInt(hex, 16));
  }

  private literalString(): string {
    const close = this.text.indexOf("'", this.pos + 1);
    const newline = this.text.indexOf("\n", this.pos + 1);
    if (close < 0 || (newline >= 0 && newline < close)) this.fail("Unterminated literal string");
    const out = this.text.slice(this.pos + 1, close);
    this.pos = close + 1;
    return out;
  }

  private multilineBasicString(): string {
    this.pos += 3;
    if (this.text[this.pos] === "\n") this.pos++;
    else if (this.text.startsWith("\r\n", this.pos)) this.pos += 2;
    let out = "";
    for (;;) {
      if (this.pos >= this.text.length) this.fail("Unterminated multi-line string");
      if (this.text.startsWith('"""', this.pos)) {
        this.pos += 3;
        return out;
      }
      const c = this.text[this.pos] as string;
      if (c === "\\" && /^\\[ \t]*\r?\n/.test(this.text.slice(this.pos, this.pos + 64))) {
        // A line-ending backslash trims the newline and the following whitespace.
        this.pos++;
        while (/\s/.test(this.text[this.pos] ?? "")) this.pos++;
      } else if (c === "\\") out += this.escape();
      else {
        out += c;
        this.pos++;
      }
    }
  }

  private multilineLiteralString(): string {
    let start = this.pos + 3;
    if (this.text[start] === "\n") start++;
    else if (this.text.startsWith("\r\n", start)) start += 2;
    const close = this.text.indexOf("'''", start);
    if (close < 0) this.fail("Unterminated multi-line literal string");
    this.pos = close + 3;
    return this.text.slice(start, close);
  }

  private array(): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    for (;;) {
      this.skipInsideBrackets();
      if (this.text[this.pos] === "]") break;
      out.push(this.value());
      this.skipInsideBrackets();
      if (this.text[this.pos] === ",") {
        this.pos++;
        continue;
      }
      if (this.text[this.pos] !== "]") this.fail("Expected ',' or ']' in an array");
      break;
    }
    this.pos++;
    return out;
  }

  private inlineTable(): TomlTable {
    this.pos++;
    const out: TomlTable = {};
    for (;;) {
      this.skipSpaces();
      if (this.text[this.pos] === "}") break;
      const path = this.keyPath();
      this.skipSpaces();
      if (this.text[this.pos] !== "=") this.fail("Expected '=' in an inline table");
      this.pos++;
      this.skipSpaces();
      this.assign(out, path, this.value(), path);
      this.skipSpaces();
      if (this.text[this.pos] === ",") {
        this.pos++;
        continue;
      }
      if (this.text[this.pos] !== "}") this.fail("Expected ',' or '}' in an inline table");
      break;
    }
    this.pos++;
    return out;
  }
}

function isTable(v: unknown): v is TomlTable {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
