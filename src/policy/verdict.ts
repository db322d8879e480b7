/**
 * Three-valued outcomes. `unknown` means the request could not be judged (an absent argument, a
 * path that fails normalisation): an allow rule then does not match, and a deny, approve or mfa
 * rule does, so every doubt resolves toward the stricter effect.
 */
export type Verdict = "match" | "miss" | "unknown";

export interface Outcome {
  verdict: Verdict;
  /** Why it missed or could not be judged; empty on a match. */
  reason: string;
}

export const MATCH: Outcome = Object.freeze({ verdict: "match", reason: "" });

export function miss(reason: string): Outcome {
  return { verdict: "miss", reason };
}

export function unknown(reason: string): Outcome {
  return { verdict: "unknown", reason };
}

/** Kleene AND: any miss wins, then any unknown, else match. */
export function allOf(outcomes: Iterable<Outcome>): Outcome {
  let firstUnknown: Outcome | undefined;
  for (const outcome of outcomes) {
    if (outcome.verdict === "miss") return outcome;
    if (outcome.verdict === "unknown") firstUnknown ??= outcome;
  }
  return firstUnknown ?? MATCH;
}

/** Kleene OR: any match wins, then any unknown, else the first miss (or `empty` when there was nothing). */
export function anyOf(outcomes: Iterable<Outcome>, empty: Outcome): Outcome {
  let firstUnknown: Outcome | undefined;
  let firstMiss: Outcome | undefined;
  for (const outcome of outcomes) {
    if (outcome.verdict === "match") return outcome;
    if (outcome.verdict === "unknown") firstUnknown ??= outcome;
    else firstMiss ??= outcome;
  }
  return firstUnknown ?? firstMiss ?? empty;
}
