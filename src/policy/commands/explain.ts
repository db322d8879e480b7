import { explain } from "../engine.js";
import { PolicyError } from "../errors.js";
import { loadPolicyFile } from "../load.js";
import { describePrincipal, listFrom, principalFrom, requestFrom } from "./input.js";

/** Options of `bastion policy explain`. Lists may be arrays or comma-separated strings. */
export interface ExplainOptions {
  file: string;
  /** Subject to act as. */
  as: string;
  groups?: string | readonly string[];
  roles?: string | readonly string[];
  scopes?: string | readonly string[];
  clientId?: string;
  apiKey?: string;
  mfa?: boolean;
  server?: string;
  method?: string;
  call?: string;
  prompt?: string;
  resource?: string;
  /** Arguments as a JSON object. */
  args?: string;
}

/**
 * `bastion policy explain --as SUBJECT [--groups …] --call TOOL --args JSON`: prints the
 * decision, the deciding rule, the reason, and every rule's part in it. Exit code 0 once a
 * decision is printed, 2 when the policy or the options are unusable.
 *
 * @example await policyExplainCommand({ file: "policy.yaml", as: "alice", call: "fs__read_file", args: '{"path":"/srv/data/a"}' })
 */
export async function policyExplainCommand(
  options: ExplainOptions,
): Promise<{ stdout: string; exitCode: number }> {
  let policy;
  try {
    policy = await loadPolicyFile(options.file);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return { stdout: `invalid policy\n${error.message}\n`, exitCode: 2 };
  }
  let request;
  try {
    request = requestFrom({ ...options, args: parseArgs(options.args) });
  } catch (error) {
    return { stdout: `error: ${(error as Error).message}\n`, exitCode: 2 };
  }
  const principal = principalFrom({
    subject: options.as,
    groups: listFrom(options.groups),
    roles: listFrom(options.roles),
    scopes: listFrom(options.scopes),
    clientId: options.clientId,
    apiKey: options.apiKey,
    mfa: options.mfa,
  });
  const { decision, trace } = explain(policy, principal, request);
  const target = request.tool ?? request.prompt ?? request.resourceUri;
  const lines = [
    `decision: ${decision.effect}`,
    `rule:     ${decision.ruleId}`,
    `reason:   ${decision.reason}`,
  ];
  if (decision.rate) lines.push(`rate:     ${decision.rate.calls} calls per ${decision.rate.per_seconds} s`);
  lines.push(
    "",
    `as ${describePrincipal(principal)}`,
    `asking ${request.method}${target ? " " + target : ""}${request.server ? ` on server ${request.server}` : ""}`,
  );
  if (request.args) lines.push(`with ${JSON.stringify(request.args)}`);
  if (trace.length > 0) {
    lines.push("", "rules in order:");
    const width = Math.max(...trace.map((entry) => entry.ruleId.length));
    trace.forEach((entry, index) => {
      const verdict = entry.applies ? "applies" : "skipped";
      const detail = entry.detail ? ` - ${entry.detail}` : "";
      lines.push(
        `  ${String(index + 1).padStart(3)}. ${entry.ruleId.padEnd(width)}  ${entry.effect.padEnd(7)} ${verdict}${detail}`,
      );
    });
  }
  return { stdout: lines.join("\n") + "\n", exitCode: 0 };
}

function parseArgs(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`--args is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error("--args must be a JSON object");
  }
  return value as Record<string, unknown>;
}
