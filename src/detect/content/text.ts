import {
  annotateUntrusted,
  detectInjection,
  INJECTION_CUES,
  sanitizeUntrustedText,
} from "../injection/index.js";
import { findPii } from "../pii/scan.js";
import { findSecrets, SECRET_ANCHORS } from "../secrets/scan.js";
import { redactSpans, type Finding } from "./finding.js";
import { literalPattern, scanLiterals, type LiteralHits } from "./literals.js";
import type { DataAction, InspectionPlan } from "./plan.js";

/** What inspecting one string decided. */
export interface StringVerdict {
  /** The string to deliver (the input itself when nothing changed). */
  text: string;
  findings: Finding[];
  block: boolean;
  approve: boolean;
}

/** Whether the string is prose a model reads in a result (sanitised and checked for injection). */
export type StringRole = "argument" | "result-text" | "result-field";

// An instruction needs a few words; shorter strings (ids, enum values, numbers) cannot hold one.
const MIN_INJECTION_LENGTH = 24;
// Secrets and injection both start with a pass over the text for their literals; on a result
// string long enough for it to matter, one pass serves both.
const SHARED_LITERALS = literalPattern([...new Set([...SECRET_ANCHORS, ...INJECTION_CUES])]);
const SHARED_PASS_FROM = 512;

/**
 * Runs the plan's checks on one string. Returns undefined when there is nothing to report and
 * nothing to change, which is the common case and allocates nothing.
 */
export function inspectString(
  text: string,
  plan: InspectionPlan,
  role: StringRole,
): StringVerdict | undefined {
  let current = text;
  let findings: Finding[] | undefined;
  let block = false;
  let approve = false;
  let hidden: string[] = [];
  const note = (found: readonly Finding[]) => {
    findings ??= [];
    for (const finding of found) findings.push(finding);
  };

  if (role !== "argument" && plan.sanitize !== false) {
    const sanitized = sanitizeUntrustedText(current);
    if (sanitized.findings.length > 0) {
      current = sanitized.text;
      hidden = sanitized.hidden;
      note(sanitized.findings);
    }
  }
  const applyData = (action: DataAction, found: readonly Finding[]) => {
    if (found.length === 0) return;
    note(found);
    if (action === "redact") current = redactSpans(current, found);
    else if (action === "block") block = true;
  };
  const checksInjection = role !== "argument" && plan.injection !== "off";
  let shared: LiteralHits | undefined;
  if (checksInjection && plan.secrets !== "off" && current.length >= SHARED_PASS_FROM) {
    const lower = current.toLowerCase();
    if (lower.length === current.length) shared = scanLiterals(lower, SHARED_LITERALS);
  }
  const scanned = current;
  if (plan.secrets !== "off") {
    applyData(plan.secrets, findSecrets(current, { allowlist: plan.allowlist, anchorHits: shared }));
  }
  if (plan.pii !== "off")
    applyData(plan.pii, findPii(current, plan.piiKinds ? { kinds: plan.piiKinds } : {}));
  if (checksInjection && (current.length >= MIN_INJECTION_LENGTH || hidden.length > 0)) {
    // The shared pass is only valid while redaction has left the text as it was scanned.
    const report = detectInjection(current, { hidden, cueHits: current === scanned ? shared : undefined });
    if (report.flagged) {
      note(report.findings);
      if (plan.injection === "annotate") {
        current = annotateUntrusted(
          current,
          report.findings.map((finding) => finding.kind),
        );
      } else if (plan.injection === "block") block = true;
      else if (plan.injection === "approve") approve = true;
    }
  }
  if (!findings) return undefined;
  return { text: current, findings, block, approve };
}
