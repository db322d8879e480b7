import { checkPolicy } from "../check.js";
import { PolicyError } from "../errors.js";
import { loadPolicyFile } from "../load.js";

/**
 * `bastion policy check FILE`: validates the policy and lists warnings (rules that can never
 * match or are shadowed by a deny). Exit code 1 when the policy is invalid, 0 otherwise.
 *
 * @example const { stdout, exitCode } = await policyCheckCommand("policy.yaml");
 */
export async function policyCheckCommand(file: string): Promise<{ stdout: string; exitCode: number }> {
  let policy;
  try {
    policy = await loadPolicyFile(file);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return { stdout: `invalid policy\n${error.message}\n`, exitCode: 1 };
  }
  const warnings = checkPolicy(policy);
  const rules = policy.rules.length === 1 ? "1 rule" : `${policy.rules.length} rules`;
  const lines = [
    `${file}: valid (${rules}, default ${policy.defaultEffect}, version ${policy.version.slice(0, 12)})`,
  ];
  for (const warning of warnings) {
    const rule = warning.ruleId ? ` (rule "${warning.ruleId}")` : "";
    lines.push(`warning: ${warning.path}${rule}: ${warning.message}`);
  }
  if (warnings.length > 0) lines.push(warnings.length === 1 ? "1 warning" : `${warnings.length} warnings`);
  return { stdout: lines.join("\n") + "\n", exitCode: 0 };
}
