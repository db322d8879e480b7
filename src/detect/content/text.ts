import { annotateUntrusted, detectInjection, sanitizeUntrustedText } from "../injection/index.js";
import { findPii } from "../pii/scan.js";
import { findSecrets } from "../secrets/scan.js";
import { redactSpans, type Finding } from "./finding.js";
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

/**
 * Runs the plan's checks on one string. Returns undefined when there is nothing to report and
 * nothing to change, which is the common case and allocates nothing.
 */
export function inspectString(text: string, plan: InspectionPlan, role: StringRole): StringVerdict | undefined {
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
  if (plan.secrets !== "off") {
    applyData(plan.secrets, findSecrets(current, plan.allowlist ? { allowlist: plan.allowlist } : {}));
  }
  if (plan.pii !== "off") applyData(plan.pii, findPii(current, plan.piiKinds ? { kinds: plan.piiKinds } : {}));
  if (role === "result-text" || role === "result-field") {
    if (plan.injection !== "off" && (current.length >= MIN_INJECTION_LENGTH || hidden.length > 0)) {
      const report = detectInjection(current, { hidden });
      if (report.flagged) {
        note(report.findings);
        if (plan.injection === "annotate") {
          current = annotateUntrusted(current, report.findings.map((finding) => finding.kind));
        } else if (plan.injection === "block") block = true;
        else if (plan.injection === "approve") approve = true;
      }
    }
  }
  if (!findings) return undefined;
  return { text: current, findings, block, approve };
}
