import type { Finding, Severity, Verdict } from "./types.js";

/** How much one finding of each severity counts on its own, as a probability of poisoning. */
// A high finding alone reaches the block threshold; a medium one warns; low ones only corroborate.
export const SEVERITY_WEIGHT: Record<Severity, number> = {
  low: 0.2,
  medium: 0.45,
  high: 0.75,
  critical: 0.95,
};

/** Score thresholds of the verdicts. */
export const BLOCK_AT = 0.75;
export const WARN_AT = 0.4;

// Low findings are everyday phrasing in honest descriptions; together they can never pass this.
const LOW_ONLY_CEILING = 0.35;

const ORDER: Severity[] = ["low", "medium", "high", "critical"];

/** One step more severe: how a rule counts when its text was hidden or sits where prose does not belong. */
export function raise(severity: Severity): Severity {
  return ORDER[Math.min(ORDER.indexOf(severity) + 1, ORDER.length - 1)] ?? "critical";
}

/** Severity of a model probability, or undefined below 0.5. */
export function modelSeverity(probability: number): Severity | undefined {
  if (probability >= 0.95) return "high";
  if (probability >= 0.8) return "medium";
  if (probability >= MODEL_FLOOR) return "low";
  return undefined;
}

/** Below this probability the model's opinion is not reported or counted. */
export const MODEL_FLOOR = 0.6;

/**
 * Weight of a model probability: none at the floor, rising to 0.6 at certainty. The model alone
 * can warn (p ≥ 0.9) but never block; it decides only together with a rule.
 */
export function modelWeight(probability: number): number {
  return Math.max(0, Math.min(1, (probability - MODEL_FLOOR) / (1 - MODEL_FLOOR))) * 0.6;
}

/**
 * Combines findings into a score with a noisy-OR over rules (each rule counted once, at its
 * strongest), so independent signals reinforce each other: a high finding alone warns, a high
 * finding with any corroboration blocks. The model counts like one more rule.
 */
export function combine(findings: Finding[], modelProbability: number): { score: number; verdict: Verdict } {
  const strongest = new Map<string, number>();
  let worst = -1;
  for (const finding of findings) {
    if (finding.rule === "statistical-model") continue;
    const weight = SEVERITY_WEIGHT[finding.severity];
    strongest.set(finding.rule, Math.max(strongest.get(finding.rule) ?? 0, weight));
    worst = Math.max(worst, ORDER.indexOf(finding.severity));
  }
  let clean = 1 - modelWeight(modelProbability);
  for (const weight of strongest.values()) clean *= 1 - weight;
  let score = 1 - clean;
  if (worst < ORDER.indexOf("medium") && modelProbability < 0.9) score = Math.min(score, LOW_ONLY_CEILING);
  score = Math.round(score * 1000) / 1000;
  const verdict: Verdict = score >= BLOCK_AT ? "block" : score >= WARN_AT ? "warn" : "allow";
  return { score, verdict };
}
