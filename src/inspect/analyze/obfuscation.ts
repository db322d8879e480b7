import type { AnyNode } from "acorn";
import { propertyName, type Bindings } from "./bindings.js";
import { clip } from "./patterns.js";
import { staticString } from "./values.js";

/** One sign that code was written to be hard to read. */
export interface ObfuscationSignal {
  kind:
    | "packed"
    | "encoded-string"
    | "escaped-strings"
    | "escaped-identifiers"
    | "hex-identifiers"
    | "char-codes"
    | "hidden-reference";
  line: number;
  evidence: string;
  explanation: string;
}

/** Names whose concealment is itself a warning sign. */
const SENSITIVE_NAMES =
  /^(eval|Function|require|exec|execSync|spawn|spawnSync|child_process|node:child_process|constructor|fromCharCode|atob|http|https|net|fs|readFileSync|process|env|mainModule)$/;
const SENSITIVE_DECODED =
  /child_process|\beval\b|\bFunction\b|require\(|\bexec(Sync)?\b|\bspawn\b|https?:\/\/|\b\d{1,3}(\.\d{1,3}){3}\b|\.ssh|\.aws|process\.env|\/bin\/(ba)?sh|powershell/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const LONG_ENCODED = 200;
/**
 * Base64 of images, fonts (PNG, JPEG, GIF, WebP, WOFF, WOFF2, SVG) and WebAssembly modules, which
 * bundles inline routinely; they are data or compiled code, not text hidden from a reader.
 */
const MEDIA_BASE64 = /^(iVBORw0KGgo|\/9j\/|R0lGOD|UklGR|d09GR|d09GMg|PHN2Zy|PD94bWwg|AGFzbQ)/;

/** Decodes base64 text when it decodes to readable text, or undefined. */
function readableBase64(text: string): string | undefined {
  if (text.length < 8 || text.length % 4 !== 0 || !BASE64.test(text) || !/[0-9+/]|[A-Z].*[a-z]/.test(text))
    return undefined;
  const decoded = Buffer.from(text, "base64").toString("utf8");
  return /^[\x20-\x7e\t\r\n]+$/.test(decoded) ? decoded : undefined;
}

/**
 * Collects obfuscation signals while the analyser walks a file. Each kind is reported once per
 * file (at its first occurrence, with a count), so a minified bundle does not flood the report.
 */
export class ObfuscationScanner {
  private readonly signals = new Map<ObfuscationSignal["kind"], ObfuscationSignal & { count: number }>();
  private readonly hexNames = new Set<string>();
  private firstHexLine = 0;

  constructor(
    private readonly source: string,
    private readonly lineOf: (node: AnyNode) => number,
    private readonly bindings: Bindings,
  ) {
    const packed = /eval\s*\(\s*function\s*\(\s*p\s*,\s*a\s*,\s*c\s*,\s*k\s*,\s*e\s*,\s*[rd]\s*\)/.exec(
      source,
    );
    if (packed) {
      this.add({
        kind: "packed",
        line: source.slice(0, packed.index).split("\n").length,
        evidence: clip(source.slice(packed.index, packed.index + 80)),
        explanation: "Code is packed with a p,a,c,k,e,d packer, which hides what it runs until it runs",
      });
    }
  }

  private add(signal: ObfuscationSignal): void {
    const existing = this.signals.get(signal.kind);
    if (existing) existing.count++;
    else this.signals.set(signal.kind, { ...signal, count: 1 });
  }

  /** Looks at one node of the walk. */
  visit(node: AnyNode): void {
    if (node.type === "Literal" && typeof node.value === "string") this.literal(node);
    else if (node.type === "Identifier") this.identifier(node);
    else if (node.type === "CallExpression") this.call(node);
    else if (node.type === "MemberExpression" && node.computed) this.computedMember(node);
  }

  private literal(node: AnyNode & { type: "Literal" }): void {
    const value = node.value as string;
    const raw = node.raw ?? "";
    const escapes = raw.match(/\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\u\{[0-9a-fA-F]+\}/g)?.length ?? 0;
    if (escapes >= 4 && escapes * 4 >= raw.length * 0.5 && /^[\x20-\x7e]+$/.test(value)) {
      this.add({
        kind: "escaped-strings",
        line: this.lineOf(node),
        evidence: `${clip(raw, 60)} = ${JSON.stringify(clip(value, 60))}`,
        explanation: "Plain text is written as \\x/\\u escapes so it cannot be read or searched for",
      });
    }
    const compact = value.replace(/\s+/g, "");
    if (
      compact.length >= LONG_ENCODED &&
      !MEDIA_BASE64.test(compact) &&
      (BASE64.test(compact) || /^[0-9a-fA-F]+$/.test(compact)) &&
      /\d/.test(compact) &&
      /[a-zA-Z]/.test(compact)
    ) {
      this.add({
        kind: "encoded-string",
        line: this.lineOf(node),
        evidence: `${compact.length}-character encoded string ${clip(compact, 48)}`,
        explanation: "A long base64 or hex string can carry a hidden payload that is decoded at run time",
      });
      return;
    }
    const decoded = readableBase64(compact);
    if (decoded && SENSITIVE_DECODED.test(decoded)) {
      this.add({
        kind: "encoded-string",
        line: this.lineOf(node),
        evidence: `${clip(compact, 40)} decodes to ${JSON.stringify(clip(decoded, 60))}`,
        explanation: "A base64 string hides a sensitive name, command or address",
      });
    }
  }

  private identifier(node: AnyNode & { type: "Identifier" }): void {
    if (this.source.slice(node.start, node.end).includes("\\u")) {
      this.add({
        kind: "escaped-identifiers",
        line: this.lineOf(node),
        evidence: `${this.source.slice(node.start, node.end)} = ${node.name}`,
        explanation: "An identifier is written with unicode escapes so it cannot be searched for",
      });
    }
    if (/^_0x[0-9a-f]{3,}$/i.test(node.name)) {
      if (this.hexNames.size === 0) this.firstHexLine = this.lineOf(node);
      this.hexNames.add(node.name);
    }
  }

  private call(node: AnyNode & { type: "CallExpression" }): void {
    const callee = node.callee;
    if (callee.type !== "MemberExpression" || propertyName(callee) !== "fromCharCode") return;
    // Decoding bytes with a spread (`fromCharCode(...bytes)`) is ordinary; literal codes hide text.
    const numeric = node.arguments.filter((a) => a.type === "Literal" && typeof a.value === "number").length;
    if (numeric >= 6) {
      const text = staticString(node, this.bindings);
      this.add({
        kind: "char-codes",
        line: this.lineOf(node),
        evidence: text
          ? `String.fromCharCode(…) = ${JSON.stringify(clip(text, 60))}`
          : clip(this.source.slice(node.start, node.end), 80),
        explanation: "Text is assembled from character codes so it does not appear in the source",
      });
    }
  }

  /** Whether a string is built at run time rather than written out (a plain constant is not). */
  private isAssembled(node: AnyNode, depth = 0): boolean {
    if (node.type === "Identifier") {
      const init = this.bindings.constants.get(node.name);
      return init !== undefined && depth < 4 && this.isAssembled(init, depth + 1);
    }
    return node.type !== "Literal" && !(node.type === "TemplateLiteral" && node.expressions.length === 0);
  }

  private computedMember(node: AnyNode & { type: "MemberExpression" }): void {
    if (!this.isAssembled(node.property as AnyNode)) return;
    const name = staticString(node.property as AnyNode, this.bindings);
    if (name !== undefined && SENSITIVE_NAMES.test(name)) {
      this.add({
        kind: "hidden-reference",
        line: this.lineOf(node),
        evidence: `${clip(this.source.slice(node.start, node.end), 80)} → ${name}`,
        explanation: `The name "${name}" is assembled at run time, hiding what the code accesses`,
      });
    }
  }

  /** The signals found, one per kind. */
  finish(): ObfuscationSignal[] {
    if (this.hexNames.size >= 5) {
      this.add({
        kind: "hex-identifiers",
        line: this.firstHexLine,
        evidence: `${this.hexNames.size} identifiers like ${[...this.hexNames].slice(0, 3).join(", ")}`,
        explanation: "Identifiers named _0x… are the signature of javascript-obfuscator",
      });
    }
    return [...this.signals.values()].map(({ count, ...signal }) =>
      count > 1 ? { ...signal, evidence: `${signal.evidence} (and ${count - 1} more)` } : signal,
    );
  }
}
