/**
 * Secrets evaluation: recall per credential kind on fake credentials of the right shape placed in
 * realistic carriers, false positives on look-alikes (UUIDs, hashes, images, public keys,
 * documentation examples, placeholders), precision over both, and the same corpus run through
 * secretlint's recommended preset for comparison (coverage and latency).
 */
import { lintSource } from "@secretlint/core";
import { creator as recommendedPreset } from "@secretlint/secretlint-rule-preset-recommend";
import { findSecrets, redactSecrets, SECRET_KINDS } from "../src/detect/secrets/index.js";
import { lookalikeSamples, positiveSamples } from "./corpus/secrets/samples.js";
import { percent, type EvalReport } from "./report.js";

const PER_KIND = 60;
const PER_LOOKALIKE = 10;
const RECALL_TARGET = 0.98;
const FALSE_POSITIVE_TARGET = 0.01;

interface KindTally {
  samples: number;
  found: number;
  leaked: number;
  reference: number;
}

function covers(finding: { start: number; end: number }, expected: { start: number; end: number }): boolean {
  return finding.start <= expected.start && finding.end >= expected.end;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

async function secretlintFindings(text: string): Promise<{ start: number; end: number }[]> {
  const result = await lintSource({
    source: { content: text, filePath: "/sample.txt", ext: ".txt", contentType: "text" },
    options: {
      config: { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: recommendedPreset }] },
      maskSecrets: true,
      noPhysicFilePath: true,
    },
  });
  return result.messages.map((message) => ({ start: message.range[0], end: message.range[1] }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function timeSync(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1000;
}

async function timeAsync(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1000;
}

/** Runs the secrets evaluation. */
export async function evaluate(): Promise<EvalReport> {
  const positives = positiveSamples("bastion-secrets-eval", PER_KIND);
  const lookalikes = lookalikeSamples("bastion-secrets-lookalikes", PER_LOOKALIKE);
  const tallies = new Map<string, KindTally>(
    SECRET_KINDS.map((kind) => [kind, { samples: 0, found: 0, leaked: 0, reference: 0 }]),
  );
  let truePositives = 0;
  let falsePositives = 0;
  const ourMicros: number[] = [];
  const referenceMicros: number[] = [];

  for (const sample of positives) {
    const main = sample.main;
    if (!main) continue;
    const tally = tallies.get(main.kind);
    if (!tally) throw new Error(`the corpus has a kind the detector does not know: ${main.kind}`);
    let findings: ReturnType<typeof findSecrets> = [];
    ourMicros.push(timeSync(() => (findings = findSecrets(sample.text))));
    tally.samples += 1;
    if (findings.some((finding) => finding.kind === main.kind && covers(finding, main))) tally.found += 1;
    const secret = sample.text.slice(main.start, main.end);
    if (redactSecrets(sample.text).includes(secret)) tally.leaked += 1;
    for (const finding of findings) {
      if (sample.expected.some((expected) => overlaps(finding, expected))) truePositives += 1;
      else falsePositives += 1;
    }
    let reference: { start: number; end: number }[] = [];
    referenceMicros.push(await timeAsync(async () => (reference = await secretlintFindings(sample.text))));
    if (reference.some((finding) => overlaps(finding, main))) tally.reference += 1;
  }

  let lookalikeHits = 0;
  let referenceLookalikeHits = 0;
  const offenders = new Map<string, number>();
  for (const sample of lookalikes) {
    const findings = findSecrets(sample.text);
    if (findings.length > 0) {
      lookalikeHits += 1;
      falsePositives += findings.length;
      offenders.set(sample.template, (offenders.get(sample.template) ?? 0) + 1);
    }
    if ((await secretlintFindings(sample.text)).length > 0) referenceLookalikeHits += 1;
  }

  const rows: string[][] = [];
  let minRecall = 1;
  let leaks = 0;
  for (const [kind, tally] of tallies) {
    if (tally.samples === 0) continue;
    const recall = tally.found / tally.samples;
    minRecall = Math.min(minRecall, recall);
    leaks += tally.leaked;
    rows.push([kind, String(tally.samples), percent(recall), percent(tally.reference / tally.samples)]);
  }
  const positiveCount = positives.length;
  const found = [...tallies.values()].reduce((sum, tally) => sum + tally.found, 0);
  const falsePositiveRate = lookalikeHits / lookalikes.length;
  const precision = truePositives / Math.max(1, truePositives + falsePositives);
  rows.push([
    "all kinds",
    String(positiveCount),
    percent(found / positiveCount),
    percent([...tallies.values()].reduce((s, t) => s + t.reference, 0) / positiveCount),
  ]);
  rows.push([
    "look-alikes flagged",
    String(lookalikes.length),
    percent(falsePositiveRate),
    percent(referenceLookalikeHits / lookalikes.length),
  ]);
  rows.push(["precision (findings)", String(truePositives + falsePositives), percent(precision), "-"]);
  rows.push([
    "p50 per sample (µs)",
    String(positiveCount),
    median(ourMicros).toFixed(1),
    median(referenceMicros).toFixed(1),
  ]);
  for (const [template, count] of offenders)
    rows.push([`  look-alike hit: ${template.slice(0, 60)}`, String(count), "", ""]);

  return {
    title:
      "Secrets: recall per kind, false positives on look-alikes (Bastion vs secretlint recommended preset)",
    header: ["kind", "samples", "Bastion", "secretlint"],
    rows,
    checks: [
      {
        name: "lowest recall of any credential kind",
        value: Number(minRecall.toFixed(4)),
        target: `≥ ${RECALL_TARGET}`,
        pass: minRecall >= RECALL_TARGET,
      },
      {
        name: "share of look-alikes flagged",
        value: Number(falsePositiveRate.toFixed(4)),
        target: `≤ ${FALSE_POSITIVE_TARGET}`,
        pass: falsePositiveRate <= FALSE_POSITIVE_TARGET,
      },
      {
        name: "precision of findings",
        value: Number(precision.toFixed(4)),
        target: "≥ 0.98",
        pass: precision >= 0.98,
      },
      { name: "secrets left in redacted text", value: leaks, target: "0", pass: leaks === 0 },
    ],
  };
}
