import type { CompiledAllowlist } from "../secrets/allowlist.js";
import type { PiiKind } from "../pii/scan.js";

/** What to do with secrets or personal data found in a message. */
export type DataAction = "redact" | "block" | "log" | "off";

/** What to do with a result that carries instructions for the model. */
export type InjectionAction = "annotate" | "block" | "approve" | "log" | "off";

/** The checks to run on one direction of traffic. Build it with {@link inspectionPlan}. */
export interface InspectionPlan {
  secrets: DataAction;
  pii: DataAction;
  /** Kinds of personal data to look for; all when absent. */
  piiKinds?: readonly PiiKind[];
  /** Injection checks run on results only; `off` for requests. */
  injection: InjectionAction;
  /**
   * Strip terminal escapes and invisible characters and neutralise data-carrying links in
   * results. On for results unless set to false; never applied to request arguments.
   */
  sanitize?: boolean;
  /** Cap on the bytes of text and data in one result; longer results are cut with a notice. */
  maxResultBytes?: number;
  /** Values the user declared are not secrets. */
  allowlist?: CompiledAllowlist;
}

/** The `inspect:` section of the configuration, as the issue defines it. */
export interface InspectConfig {
  secrets?: { requests?: DataAction; responses?: DataAction };
  pii?: { requests?: DataAction; responses?: DataAction };
  injection?: { responses?: InjectionAction };
  max_result_bytes?: number;
}

/** Raised for an `inspect:` setting that cannot be used; the message names it. */
export class InspectionConfigError extends Error {
  override readonly name = "InspectionConfigError";
}

const DATA_ACTIONS: readonly DataAction[] = ["redact", "block", "log", "off"];
const INJECTION_ACTIONS: readonly InjectionAction[] = ["annotate", "block", "approve", "log", "off"];

function choose<T extends string>(value: unknown, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new InspectionConfigError(
    `inspect.${name} must be one of ${allowed.join(", ")} (got ${JSON.stringify(value)})`,
  );
}

/**
 * The plan for one direction of traffic from the `inspect:` configuration. Defaults follow the
 * issue: secrets redacted both ways, personal data off, injection annotated in responses,
 * results capped at 1 MiB. Throws {@link InspectionConfigError} for an unknown action or a bad cap.
 *
 * @example inspectionPlan({ secrets: { requests: "block" } }, "requests").secrets // "block"
 */
export function inspectionPlan(
  config: InspectConfig,
  direction: "requests" | "responses",
  extras: Pick<InspectionPlan, "allowlist" | "piiKinds"> = {},
): InspectionPlan {
  const cap = config.max_result_bytes ?? 1_048_576;
  if (!Number.isSafeInteger(cap) || cap <= 0) {
    throw new InspectionConfigError(
      `inspect.max_result_bytes must be a positive whole number (got ${JSON.stringify(cap)})`,
    );
  }
  const responses = direction === "responses";
  return {
    secrets: choose(config.secrets?.[direction], DATA_ACTIONS, "redact", `secrets.${direction}`),
    pii: choose(config.pii?.[direction], DATA_ACTIONS, "off", `pii.${direction}`),
    injection: responses
      ? choose(config.injection?.responses, INJECTION_ACTIONS, "annotate", "injection.responses")
      : "off",
    sanitize: responses,
    ...(responses ? { maxResultBytes: cap } : {}),
    ...extras,
  };
}
