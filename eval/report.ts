/** The shape every area evaluation returns, and how `npm run eval` prints it. */
export interface EvalReport {
  title: string;
  header: string[];
  rows: string[][];
  checks: { name: string; value: number; target: string; pass: boolean }[];
}

function pad(cell: string, width: number, right: boolean): string {
  const gap = " ".repeat(Math.max(0, width - [...cell].length));
  return right ? gap + cell : cell + gap;
}

/** Formats a share as a percentage with one decimal, e.g. `0.0312` → `3.1%`. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/**
 * Renders a report as an aligned text table followed by its checks, one per line with PASS or
 * FAIL. Cells that look like numbers or percentages are right-aligned.
 */
export function renderReport(report: EvalReport): string {
  const columns = report.header.length;
  const widths = report.header.map((h, i) =>
    Math.max([...h].length, ...report.rows.map((row) => [...(row[i] ?? "")].length)),
  );
  const numeric = (cell: string): boolean => /^[-+]?[\d.,]+%?$/.test(cell);
  const line = (cells: string[]): string =>
    Array.from({ length: columns }, (_, i) => pad(cells[i] ?? "", widths[i] ?? 0, numeric(cells[i] ?? "")))
      .join("  ")
      .trimEnd();
  const out = [
    report.title,
    "=".repeat([...report.title].length),
    line(report.header),
    widths.map((w) => "-".repeat(w)).join("  "),
  ];
  for (const row of report.rows) out.push(line(row));
  out.push("");
  for (const check of report.checks) {
    out.push(`${check.pass ? "PASS" : "FAIL"}  ${check.name}: ${check.value} (target ${check.target})`);
  }
  return out.join("\n");
}
