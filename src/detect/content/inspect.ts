import type { Finding } from "./finding.js";
import type { InspectionPlan } from "./plan.js";
import { truncateResult } from "./truncate.js";
import { walkValue, type WalkState } from "./walk.js";

/**
 * The outcome of inspecting one message. `pass` never carries a copy: the caller forwards the
 * message it already has. `findings` on a pass are those the plan only logs.
 */
export type Inspection<T> =
  | { action: "pass"; findings: readonly Finding[] }
  | { action: "modify"; value: T; findings: Finding[] }
  | { action: "block"; findings: Finding[] }
  | { action: "approve"; value: T; findings: Finding[] };

const CLEAN: { action: "pass"; findings: readonly Finding[] } = Object.freeze({
  action: "pass",
  findings: Object.freeze([]) as readonly Finding[],
});

type JsonObject = Record<string, unknown>;

/**
 * Inspects a result on its way to the client: a `tools/call` result (text, image, audio,
 * resource_link and embedded resource blocks, `structuredContent`), a `resources/read` result or
 * a `prompts/get` result. Applies the size cap, strips hidden characters, redacts or blocks
 * secrets and personal data, and annotates, blocks or holds injected instructions.
 *
 * @example
 * const outcome = inspectResult(result, inspectionPlan(config.inspect, "responses"));
 * const forwarded = outcome.action === "pass" ? result : outcome.action === "block" ? refuse() : outcome.value;
 */
export function inspectResult(result: JsonObject, plan: InspectionPlan): Inspection<JsonObject> {
  const state: WalkState = { plan, findings: [], block: false, approve: false };
  let subject = result;
  if (plan.maxResultBytes !== undefined) {
    const truncation = truncateResult(result, plan.maxResultBytes);
    if (truncation) {
      state.findings.push(truncation.finding);
      if (!truncation.value) return { action: "block", findings: state.findings };
      subject = truncation.value;
    }
  }
  const value = walkValue(subject, state, "result") as JsonObject;
  return outcome(result, value, state);
}

/**
 * Inspects the arguments of a request on its way upstream: every string in the JSON value,
 * at any depth, is checked for secrets and personal data as the plan says.
 *
 * @example inspectArguments({ query: "key AKIA…" }, plan) // { action: "modify", value: { query: "key [REDACTED:aws-access-key-id]" }, … }
 */
export function inspectArguments<T>(args: T, plan: InspectionPlan): Inspection<T> {
  const state: WalkState = { plan, findings: [], block: false, approve: false };
  const value = walkValue(args, state, "argument") as T;
  return outcome(args, value, state);
}

function outcome<T>(original: T, value: T, state: WalkState): Inspection<T> {
  if (state.block) return { action: "block", findings: state.findings };
  if (state.approve) return { action: "approve", value, findings: state.findings };
  if (value !== original) return { action: "modify", value, findings: state.findings };
  return state.findings.length === 0 ? CLEAN : { action: "pass", findings: state.findings };
}
