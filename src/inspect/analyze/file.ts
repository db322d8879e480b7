import type { FileAnalysis, FoundEndpoint, InspectFinding } from "../types.js";
import { analyzeJavaScript } from "./javascript.js";
import { clip, credentialLocationOf, hostOf, urlsIn } from "./patterns.js";
import { transpileTypeScript, type TypeScriptCompiler } from "./typescript.js";

const JS_FILE = /\.(js|mjs|cjs|jsx)$/i;
const TS_FILE = /\.(ts|mts|cts|tsx)$/i;
const DECLARATION_FILE = /\.d\.(ts|mts|cts)$/i;
/** Files larger than this are only scanned as text; parsing them would take too long. */
const MAX_PARSE_BYTES = 8 * 1024 * 1024;

/** How a file is analysed: as JavaScript, as TypeScript, or not at all. */
export function codeKindOf(path: string, head: Buffer): "javascript" | "typescript" | undefined {
  if (DECLARATION_FILE.test(path)) return undefined;
  if (JS_FILE.test(path)) return "javascript";
  if (TS_FILE.test(path)) return "typescript";
  const name = path.split("/").pop() ?? "";
  if (!name.includes(".") && /^#!.*\bnode\b/.test(head.subarray(0, 128).toString("utf8")))
    return "javascript";
  return undefined;
}

function emptyFacts(): FileAnalysis["facts"] {
  return {
    network: false,
    credentialRead: false,
    envBulkRead: false,
    envSerialized: false,
    dynamicCode: false,
    obfuscated: false,
    childProcess: false,
  };
}

/**
 * Regular-expression checks for code the parser cannot read. They find less than the parser and
 * are reported as such, so a parse failure never hides a file entirely.
 */
export function analyzeAsText(source: string, file: string, reason: string): FileAnalysis {
  const findings: InspectFinding[] = [
    {
      rule: "unparsed-code",
      severity: "low",
      file,
      evidence: clip(reason, 100),
      explanation: "The file could not be parsed; only text patterns were checked",
    },
  ];
  const endpoints: FoundEndpoint[] = [];
  const facts = emptyFacts();
  source.split("\n").forEach((text, index) => {
    const line = index + 1;
    for (const url of urlsIn(text)) {
      const host = hostOf(url);
      if (host) endpoints.push({ url, host, file, line });
    }
    for (const literal of text.match(/(["'`])(?:(?!\1).){2,200}\1/g) ?? []) {
      const location = credentialLocationOf(literal.slice(1, -1));
      if (location)
        findings.push({
          rule: "credential-reference",
          severity: "medium",
          file,
          line,
          evidence: clip(literal),
          explanation: `Mentions the location of ${location.what}`,
        });
    }
    if (/\beval\s*\(|\bnew\s+Function\s*\(/.test(text)) {
      facts.dynamicCode = true;
      findings.push({
        rule: "dynamic-code",
        severity: "medium",
        file,
        line,
        evidence: clip(text),
        explanation: "Appears to run code built at run time",
      });
    }
    if (/(require\(|from\s*|import\()\s*["'](node:)?child_process["']/.test(text)) {
      facts.childProcess = true;
      findings.push({
        rule: "child-process-dynamic",
        severity: "medium",
        file,
        line,
        evidence: clip(text),
        explanation: "Appears to use child_process",
      });
    }
  });
  return { findings, endpoints, facts, parseError: reason };
}

/**
 * Analyses one package file when it is JavaScript or TypeScript; undefined for other files.
 * TypeScript is transpiled with `ts` when available, else scanned as text with a note.
 */
export function analyzeFile(
  path: string,
  data: Buffer,
  ts: TypeScriptCompiler | undefined,
): FileAnalysis | undefined {
  const kind = codeKindOf(path, data);
  if (!kind) return undefined;
  const source = data.toString("utf8");
  if (data.length > MAX_PARSE_BYTES)
    return analyzeAsText(source, path, `File is larger than ${MAX_PARSE_BYTES} bytes`);
  try {
    if (kind === "javascript") return analyzeJavaScript(source, path);
    if (!ts)
      return analyzeAsText(source, path, "TypeScript is not installed, so types could not be stripped");
    const transpiled = transpileTypeScript(ts, source, path);
    return analyzeJavaScript(transpiled.code, path, transpiled.lineMap);
  } catch (err) {
    return analyzeAsText(source, path, err instanceof Error ? err.message : String(err));
  }
}
