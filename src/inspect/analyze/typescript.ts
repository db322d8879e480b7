import type { LineMap } from "./javascript.js";

/** The part of the `typescript` package inspect uses. */
export type TypeScriptCompiler = Pick<
  typeof import("typescript"),
  "transpileModule" | "ScriptTarget" | "ModuleKind" | "JsxEmit"
>;

/**
 * Loads the TypeScript compiler if it is installed. It is a development dependency, so a
 * production install may lack it; inspect then falls back to text heuristics for `.ts` files.
 */
export async function loadTypeScript(): Promise<TypeScriptCompiler | undefined> {
  try {
    const loaded = (await import("typescript")) as TypeScriptCompiler & { default?: TypeScriptCompiler };
    return typeof loaded.transpileModule === "function" ? loaded : loaded.default;
  } catch {
    return undefined;
  }
}

const BASE64_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Decodes one source-map segment's base64 VLQ numbers. */
function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64_DIGITS.indexOf(char);
    if (digit < 0) return values;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

/**
 * Builds a map from generated line to original line out of a source map's `mappings`, using the
 * first mapped segment of each generated line. Pure.
 */
export function lineMapFromSourceMap(mappings: string): LineMap {
  const lines: number[] = [];
  let sourceLine = 0;
  mappings.split(";").forEach((line, index) => {
    let first: number | undefined;
    for (const segment of line.split(",")) {
      if (segment === "") continue;
      const fields = decodeSegment(segment);
      if (fields.length >= 4) {
        sourceLine += fields[2] ?? 0;
        if (first === undefined) first = sourceLine;
      }
    }
    lines[index] = first === undefined ? -1 : first + 1;
  });
  return (generated) => {
    for (let l = generated - 1; l >= 0; l--) {
      const original = lines[l];
      if (original !== undefined && original > 0) return original;
    }
    return generated;
  };
}

/** TypeScript turned into JavaScript, with a way back to the original lines. */
export interface Transpiled {
  code: string;
  lineMap: LineMap;
}

/** Strips types (and JSX) from a TypeScript file with the compiler's single-file transpiler. */
export function transpileTypeScript(ts: TypeScriptCompiler, source: string, fileName: string): Transpiled {
  const result = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: false,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      jsx: ts.JsxEmit.React,
      sourceMap: true,
      removeComments: false,
    },
  });
  const mappings = result.sourceMapText
    ? ((JSON.parse(result.sourceMapText) as { mappings?: string }).mappings ?? "")
    : "";
  return { code: result.outputText, lineMap: lineMapFromSourceMap(mappings) };
}
