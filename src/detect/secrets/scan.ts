import { maskValue, redactSpans, type Finding } from "../content/finding.js";
import { literalPattern, type LiteralHits } from "../content/literals.js";
import { isAllowlisted, type CompiledAllowlist } from "./allowlist.js";
import { isPlaceholder, shannonEntropy } from "./lookalike.js";
import { SECRET_RULES, type SecretKind, type SecretRule } from "./rules.js";

/** A credential found in text. `evidence` is masked; the secret itself is never kept. */
export interface SecretFinding extends Finding {
  category: "secret";
  kind: SecretKind;
}

export interface SecretScanOptions {
  /** Values the user declared are not secrets. */
  allowlist?: CompiledAllowlist;
  /** Rules to use instead of the built-in set, compiled with {@link compileSecretRules}. */
  rules?: CompiledSecretRules;
  /**
   * Anchor positions already found in this very text by a shared pass ({@link scanLiterals} over
   * the lower-cased text with a pattern covering {@link SECRET_ANCHORS}); saves the anchor pass.
   */
  anchorHits?: LiteralHits;
}

/** A rule set ready to scan with: every anchor of every rule folded into one expression. */
export interface CompiledSecretRules {
  readonly rules: readonly SecretRule[];
  readonly anchorSource: string;
  /**
   * The anchor expression itself, made once: building it costs more than scanning a short text
   * with it. Shared, so each scan starts by resetting `lastIndex`; scans are synchronous and no
   * rule scans again from inside a scan.
   */
  readonly anchors: RegExp;
  /** Indices of the rules that run at each anchor. */
  readonly rulesByAnchor: ReadonlyMap<string, readonly number[]>;
}

/** Prepares a rule set for {@link findSecrets}. Throws when a rule has no anchor. */
export function compileSecretRules(rules: readonly SecretRule[]): CompiledSecretRules {
  const rulesByAnchor = new Map<string, number[]>();
  for (const [index, rule] of rules.entries()) {
    if (rule.anchors.length === 0) throw new Error(`secret rule ${rule.kind} has no anchors`);
    for (const anchor of rule.anchors) {
      if (anchor !== anchor.toLowerCase()) {
        throw new Error(`secret rule ${rule.kind}: anchor "${anchor}" is not lower case`);
      }
      rulesByAnchor.set(anchor, [...(rulesByAnchor.get(anchor) ?? []), index]);
    }
  }
  const anchorSource = literalPattern([...rulesByAnchor.keys()]);
  return { rules, anchorSource, anchors: new RegExp(anchorSource, "gi"), rulesByAnchor };
}

const BUILT_IN = compileSecretRules(SECRET_RULES);

/** Every anchor of the built-in rules, for callers that scan a text once for several detectors. */
export const SECRET_ANCHORS: readonly string[] = [...BUILT_IN.rulesByAnchor.keys()];

/**
 * Finds credentials in a string. Findings are sorted by offset and never overlap; where two
 * rules match the same text, the more specific rule (earlier in the rule table) wins.
 *
 * @example findSecrets("export NPM_TOKEN=npm_…")[0].kind // "npm-token"
 * @see scanLiterals for sharing the anchor pass with other detectors
 */
export function findSecrets(text: string, options: SecretScanOptions = {}): SecretFinding[] {
  const compiled = options.rules ?? BUILT_IN;
  const candidates: Candidate[] = [];
  // Private copies: the shared rule table is never mutated.
  const patterns: (RegExp | undefined)[] = [];
  const runAt = (anchor: string, at: number) => {
    for (const index of compiled.rulesByAnchor.get(anchor) ?? []) {
      const rule = compiled.rules[index];
      if (!rule) continue;
      const pattern = (patterns[index] ??= new RegExp(rule.pattern));
      pattern.lastIndex = at;
      const match = pattern.exec(text);
      const finding = match && toFinding(rule, match, text, options.allowlist);
      if (finding) candidates.push({ finding, priority: index });
    }
  };
  if (options.anchorHits && !options.rules) {
    for (const [anchor, positions] of options.anchorHits) {
      if (compiled.rulesByAnchor.has(anchor)) for (const at of positions) runAt(anchor, at);
    }
  } else {
    const anchors = compiled.anchors;
    anchors.lastIndex = 0;
    for (let hit = anchors.exec(text); hit; hit = anchors.exec(text)) {
      // Anchors may overlap ("key" inside "x-api-key"): resume one character later.
      anchors.lastIndex = hit.index + 1;
      runAt(hit[0].toLowerCase(), hit.index);
    }
  }
  return keepNonOverlapping(candidates);
}

/**
 * Replaces every credential in `text` with `[REDACTED:<kind>]` and leaves the rest intact.
 * Returns the same string when nothing is found.
 *
 * @example redactSecrets("token: ghp_…") // "token: [REDACTED:github-token]"
 */
export function redactSecrets(text: string, options: SecretScanOptions = {}): string {
  return redactSpans(text, findSecrets(text, options));
}

interface Candidate {
  finding: SecretFinding;
  priority: number;
}

function toFinding(
  rule: SecretRule,
  match: RegExpExecArray,
  text: string,
  allowlist: CompiledAllowlist | undefined,
): SecretFinding | undefined {
  if (rule.standalone && match.index > 0 && /[A-Za-z0-9]/.test(text.charAt(match.index - 1)))
    return undefined;
  const groups = match.groups ?? {};
  const secret = groups.secret ?? groups.bareSecret ?? match[0];
  const [start, end] = match.indices?.groups?.secret ??
    match.indices?.groups?.bareSecret ?? [match.index, match.index + match[0].length];
  if (rule.minEntropy !== undefined) {
    if (isPlaceholder(secret)) return undefined;
    if (shannonEntropy(secret.slice(rule.prefixLength ?? 0)) < rule.minEntropy) return undefined;
  }
  const before = text.slice(Math.max(0, match.index - 32), match.index);
  const after = text.charAt(match.index + match[0].length);
  if (rule.accept && !rule.accept(secret, { groups, before, after })) return undefined;
  if (allowlist && isAllowlisted(secret, allowlist)) return undefined;
  return { category: "secret", kind: rule.kind, start, end, evidence: maskValue(secret) };
}

function keepNonOverlapping(candidates: Candidate[]): SecretFinding[] {
  if (candidates.length < 2) return candidates.map((candidate) => candidate.finding);
  const byPreference = [...candidates].sort(
    (a, b) =>
      a.priority - b.priority ||
      b.finding.end - b.finding.start - (a.finding.end - a.finding.start) ||
      a.finding.start - b.finding.start,
  );
  const kept: SecretFinding[] = [];
  for (const { finding } of byPreference) {
    if (kept.every((other) => finding.end <= other.start || finding.start >= other.end)) kept.push(finding);
  }
  return kept.sort((a, b) => a.start - b.start);
}
