import { readFile } from "node:fs/promises";
import { analyzeTool, type ItemResult, type Verdict } from "../../detect/poisoning/index.js";
import type { PoisoningJudge } from "../../judge/index.js";
import { toJson, toSarif, toTable } from "./format.js";

/** Options of `bastion scan tools FILE`. */
export interface ScanToolsOptions {
  file: string;
  format: "table" | "json" | "sarif";
  /** The lowest verdict that makes the command fail; default `block`. */
  failOn: "warn" | "block";
  /** A second opinion on the tools the judge's config sends it; none by default. */
  judge?: PoisoningJudge;
}

/** What the command prints and how it exits: 0 clean, 1 a tool reached `failOn`, 2 bad input. */
export interface ScanToolsOutput {
  stdout: string;
  /** Warnings: tools the judge could not judge (their rule verdict stands). */
  stderr?: string;
  exitCode: number;
}

/** Exit code of a scan that could not run: unreadable file, bad JSON, wrong shape, bad option. */
export const EXIT_BAD_INPUT = 2;
/** Exit code when at least one tool's verdict reaches `failOn`. */
export const EXIT_FINDINGS = 1;

class ScanInputError extends Error {}

function toolsOf(parsed: unknown, file: string): unknown[] {
  const list = Array.isArray(parsed)
    ? parsed
    : typeof parsed === "object" && parsed !== null && Array.isArray((parsed as { tools?: unknown }).tools)
      ? (parsed as { tools: unknown[] }).tools
      : undefined;
  if (!list) {
    throw new ScanInputError(`${file} must hold a tools/list result ({"tools": [...]}) or an array of tools`);
  }
  list.forEach((tool: unknown, i) => {
    if (typeof tool !== "object" || tool === null || Array.isArray(tool)) {
      throw new ScanInputError(`${file}: tools[${i}] is not an object`);
    }
    if (typeof (tool as { name?: unknown }).name !== "string")
      throw new ScanInputError(`${file}: tools[${i}] has no name`);
  });
  return list;
}

async function readTools(file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (error as Error).message;
    throw new ScanInputError(`cannot read ${file}: ${reason}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ScanInputError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return toolsOf(parsed, file);
}

const RANK: Record<Verdict, number> = { allow: 0, warn: 1, block: 2 };

/**
 * `bastion scan tools FILE [--format table|json|sarif] [--fail-on warn|block]`: analyses every
 * tool of a tools/list result for poisoning, with the judge's second opinion when one is given
 * (its failures go to stderr). JSON output is
 * `{"results":[{"name","verdict","score","findings":[{"rule","severity","path","evidence"}]}]}`,
 * one result per input tool in input order. Exits 1 when a tool's verdict reaches `failOn`, and 2
 * with an `error: …` line naming the problem when the file or an option is bad.
 *
 * @example
 * const { stdout, exitCode } = await scanToolsCommand({ file: "tools.json", format: "json", failOn: "block" });
 */
export async function scanToolsCommand(opts: ScanToolsOptions): Promise<ScanToolsOutput> {
  try {
    if (!["table", "json", "sarif"].includes(opts.format)) {
      throw new ScanInputError(`unknown format "${String(opts.format)}"; use table, json or sarif`);
    }
    const failOn = opts.failOn ?? "block";
    if (failOn !== "warn" && failOn !== "block") {
      throw new ScanInputError(`unknown --fail-on "${String(failOn)}"; use warn or block`);
    }
    const tools = await readTools(opts.file);
    const results: ItemResult[] = tools.map((tool) => analyzeTool(tool));
    const warnings: string[] = [];
    if (opts.judge) {
      // one at a time: a local model server answers one request at a time anyway
      for (const [i, tool] of tools.entries()) {
        const review = await opts.judge.review(results[i]!, tool);
        results[i] = review.result;
        if (review.error !== undefined)
          warnings.push(
            `warning: the judge gave no answer on ${review.result.name}; its rule verdict stands: ${review.error}`,
          );
      }
    }
    const failed = results.some((r) => RANK[r.verdict] >= RANK[failOn]);
    const stdout =
      opts.format === "json"
        ? JSON.stringify(toJson(results))
        : opts.format === "sarif"
          ? JSON.stringify(toSarif(results, opts.file), null, 2)
          : toTable(results);
    const out: ScanToolsOutput = { stdout: stdout + "\n", exitCode: failed ? EXIT_FINDINGS : 0 };
    if (warnings.length > 0) out.stderr = warnings.join("\n") + "\n";
    return out;
  } catch (error) {
    if (error instanceof ScanInputError)
      return { stdout: `error: ${error.message}\n`, exitCode: EXIT_BAD_INPUT };
    throw error;
  }
}
