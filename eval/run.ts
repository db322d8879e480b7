/**
 * `npm run eval`: runs every area evaluation present (poisoning, secrets, injection), prints each
 * as a table with its checks, and exits non-zero when any check fails or an evaluation breaks.
 */
import { existsSync } from "node:fs";
import { renderReport, type EvalReport } from "./report.js";

const AREAS = ["poisoning", "secrets", "injection"];

interface AreaModule {
  evaluate(): Promise<EvalReport>;
}

function isAreaModule(value: unknown): value is AreaModule {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { evaluate?: unknown }).evaluate === "function"
  );
}

async function main(): Promise<number> {
  let failed = 0;
  for (const area of AREAS) {
    const file = new URL(`./${area}.ts`, import.meta.url);
    if (!existsSync(file)) {
      process.stdout.write(`(skipped ${area}: eval/${area}.ts is not present)\n\n`);
      continue;
    }
    try {
      const loaded: unknown = await import(file.href);
      if (!isAreaModule(loaded)) throw new Error(`eval/${area}.ts does not export evaluate()`);
      const report = await loaded.evaluate();
      process.stdout.write(renderReport(report) + "\n\n");
      failed += report.checks.filter((check) => !check.pass).length;
    } catch (error) {
      failed += 1;
      process.stdout.write(
        `FAIL  ${area} evaluation could not run: ${error instanceof Error ? error.message : String(error)}\n\n`,
      );
    }
  }
  process.stdout.write(failed === 0 ? "all checks passed\n" : `${failed} check(s) failed\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
