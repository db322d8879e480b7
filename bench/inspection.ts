// Latency of inspecting one tool result with the default inspection plan (secrets redacted,
// injection annotated, hidden characters stripped, 1 MiB cap), on 10 KB results of the kinds an
// agent reads: a web page as markdown, a JSON API response and source code. Also checks that a
// result with nothing to find is passed on as the very same object, not a copy.
import { pathToFileURL } from "node:url";
import { inspectResult, inspectionPlan, type InspectionPlan } from "../src/detect/content/index.js";
import type { BenchResult } from "./result.js";

const TARGET_MICROS = 200;
const SIZE = 10 * 1024;

function repeatTo(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

const PAGE = `# Getting started with the Orders API

The Orders API lets you create, list and cancel orders. Every request needs an API key in the
\`Authorization\` header; create one under **Settings → API keys** and keep it out of source control.

## Creating an order

Send a \`POST\` to \`/v1/orders\` with the customer id and the line items. The response contains the
order id and its status. Orders start as “pending” and move to “confirmed” once payment clears —
usually within a few seconds. If the payment fails, the order is cancelled and a webhook is sent.

> Tip: use an idempotency key when you retry, so a timeout never creates the same order twice.

| Field        | Type   | Notes                                   |
|--------------|--------|-----------------------------------------|
| customer_id  | string | required                                |
| items        | array  | at least one item; quantity ≥ 1         |
| currency     | string | ISO 4217 code, defaults to EUR          |

See the [changelog](https://docs.example.com/changelog?page=2) for recent changes.

`;

const JSON_RESPONSE = JSON.stringify(
  Array.from({ length: 40 }, (_, i) => ({
    id: `ord_${(1000 + i).toString(36)}${i}`,
    status: i % 3 === 0 ? "shipped" : "pending",
    customer: { name: `Customer ${i}`, city: i % 2 ? "Lyon" : "Porto" },
    items: [{ sku: `SKU-${i}`, qty: (i % 4) + 1, price: 19.9 + i }],
    note: i % 5 === 0 ? "Leave at the back door if nobody answers." : "",
  })),
  null,
  2,
);

const SOURCE = `import { readFile } from "node:fs/promises";

/** Loads the settings file and fills in defaults for missing keys. */
export async function loadSettings(path: string): Promise<Settings> {
  const raw = await readFile(path, "utf8");
  const parsed = JSON.parse(raw) as Partial<Settings>;
  // Ignore unknown keys so older clients keep working.
  return { theme: parsed.theme ?? "light", language: parsed.language ?? "en", retries: parsed.retries ?? 3 };
}

`;

function result(text: string): Record<string, unknown> {
  return { content: [{ type: "text", text: repeatTo(text, SIZE) }], isError: false };
}

function p50(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function measure(subject: Record<string, unknown>, plan: InspectionPlan): number {
  for (let i = 0; i < 300; i++) inspectResult(subject, plan);
  const samples: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const start = process.hrtime.bigint();
    inspectResult(subject, plan);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return p50(samples);
}

/** Runs the inspection benchmark and returns one row per measurement. */
export async function run(): Promise<BenchResult[]> {
  const plan = inspectionPlan({}, "responses");
  const rows: BenchResult[] = [];
  for (const [name, text] of [
    ["web page as markdown", PAGE],
    ["JSON API response", JSON_RESPONSE],
    ["source code", SOURCE],
  ] as const) {
    const micros = measure(result(text), plan);
    rows.push({
      name: `inspect a 10 KB result (${name}), p50`,
      value: Math.round(micros * 10) / 10,
      unit: "µs",
      target: `≤ ${TARGET_MICROS} µs`,
      pass: micros <= TARGET_MICROS,
    });
  }
  const clean = result(PAGE);
  const snapshot = JSON.stringify(clean);
  const outcome = inspectResult(clean, plan);
  const forwarded =
    outcome.action === "pass" ? clean : outcome.action === "block" ? undefined : outcome.value;
  const identical = forwarded === clean && JSON.stringify(clean) === snapshot;
  rows.push({
    name: "clean 10 KB result forwarded as the same object (not copied, not changed)",
    value: identical ? 1 : 0,
    unit: "bool",
    target: "1",
    pass: identical,
  });
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const row of await run()) {
    process.stdout.write(
      `${row.pass ? "PASS" : "FAIL"}  ${row.name}: ${row.value} ${row.unit} (target ${row.target})\n`,
    );
  }
}
