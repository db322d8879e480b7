/** A unified diff of two texts, for `bastion protect --dry-run`. Pure. */

type Op = { kind: " " | "-" | "+"; line: string; oldNo: number; newNo: number };

const CONTEXT = 3;
const MAX_CELLS = 25_000_000;

function lineOps(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const ops: Op[] = [];
  for (let i = 0; i < head; i++) ops.push({ kind: " ", line: a[i] as string, oldNo: i + 1, newNo: i + 1 });
  if (x.length * y.length > MAX_CELLS) {
    x.forEach((line, i) => ops.push({ kind: "-", line, oldNo: head + i + 1, newNo: head }));
    y.forEach((line, j) => ops.push({ kind: "+", line, oldNo: head, newNo: head + j + 1 }));
  } else {
    const w = y.length + 1;
    const lcs = new Uint32Array((x.length + 1) * w);
    for (let i = x.length - 1; i >= 0; i--) {
      for (let j = y.length - 1; j >= 0; j--) {
        lcs[i * w + j] =
          x[i] === y[j]
            ? (lcs[(i + 1) * w + j + 1] ?? 0) + 1
            : Math.max(lcs[(i + 1) * w + j] ?? 0, lcs[i * w + j + 1] ?? 0);
      }
    }
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        ops.push({ kind: " ", line: x[i] as string, oldNo: head + i + 1, newNo: head + j + 1 });
        i++;
        j++;
      } else if (
        i < x.length &&
        (j >= y.length || (lcs[(i + 1) * w + j] ?? 0) >= (lcs[i * w + j + 1] ?? 0))
      ) {
        ops.push({ kind: "-", line: x[i] as string, oldNo: head + i + 1, newNo: head + j });
        i++;
      } else {
        ops.push({ kind: "+", line: y[j] as string, oldNo: head + i, newNo: head + j + 1 });
        j++;
      }
    }
  }
  for (let k = 0; k < tail; k++) {
    const oldNo = a.length - tail + k + 1;
    ops.push({ kind: " ", line: a[oldNo - 1] as string, oldNo, newNo: b.length - tail + k + 1 });
  }
  return ops;
}

/**
 * The unified diff (`---`/`+++` headers, `@@` hunks with three lines of context) turning
 * `before` into `after`; an empty string when they are equal.
 *
 * @example
 * unifiedDiff("a\nb\n", "a\nc\n", "config.json", "config.json (protected)");
 */
export function unifiedDiff(before: string, after: string, oldName: string, newName: string): string {
  if (before === after) return "";
  const ops = lineOps(before.split("\n"), after.split("\n"));
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  let k = 0;
  while (k < ops.length) {
    if (ops[k]?.kind === " ") {
      k++;
      continue;
    }
    const start = Math.max(0, k - CONTEXT);
    let end = k;
    // Extend the hunk while changes are closer than twice the context.
    for (;;) {
      while (end < ops.length && ops[end]?.kind !== " ") end++;
      let next = end;
      while (next < ops.length && ops[next]?.kind === " ") next++;
      if (next < ops.length && next - end <= CONTEXT * 2) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + CONTEXT);
    const hunk = ops.slice(start, stop);
    const oldLines = hunk.filter((o) => o.kind !== "+");
    const newLines = hunk.filter((o) => o.kind !== "-");
    const oldStart = oldLines[0]?.oldNo ?? (hunk[0]?.oldNo ?? 0) + 1;
    const newStart = newLines[0]?.newNo ?? (hunk[0]?.newNo ?? 0) + 1;
    out.push(`@@ -${oldStart},${oldLines.length} +${newStart},${newLines.length} @@`);
    for (const o of hunk) out.push(`${o.kind}${o.line}`);
    k = stop;
  }
  return `${out.join("\n")}\n`;
}
