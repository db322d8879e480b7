import { dirname, resolve } from "node:path";
import { z } from "zod";
import type { Policy } from "../compile.js";
import { decide } from "../engine.js";
import { PolicyError } from "../errors.js";
import { loadPolicyFile, readPolicyText } from "../load.js";
import { EFFECTS } from "../schema.js";
import { parseYaml, validateWith } from "../yaml-input.js";
import { principalFrom, requestFrom } from "./input.js";

const text = z.string().min(1);

const caseSchema = z
  .strictObject({
    name: z.string().optional(),
    principal: z.strictObject({
      subject: text,
      groups: z.array(text).optional(),
      roles: z.array(text).optional(),
      scopes: z.array(text).optional(),
      client_id: text.optional(),
      api_key: text.optional(),
      mfa: z.boolean().optional(),
    }),
    server: text.optional(),
    method: text.optional(),
    call: text.optional(),
    prompt: text.optional(),
    resource: text.optional(),
    args: z.record(z.string(), z.json()).optional(),
    expect: z.enum(EFFECTS),
    /** Optionally, the id of the rule that must decide. */
    rule: text.optional(),
  })
  .superRefine((testCase, ctx) => {
    const targets = [testCase.call, testCase.prompt, testCase.resource].filter(
      (target) => target !== undefined,
    );
    if (targets.length > 1) {
      ctx.addIssue({ code: "custom", message: "expected only one of call, prompt, resource" });
    }
    if (targets.length === 0 && testCase.method === undefined) {
      ctx.addIssue({ code: "custom", message: "expected one of call, prompt, resource or method" });
    }
  });

/**
 * The test table: `policy` (a path relative to the table, unless the command is given one) and
 * `cases`. A bare list of cases is accepted when the policy path is given to the command.
 */
const testTableSchema = z.strictObject({ policy: text.optional(), cases: z.array(caseSchema) });

type TestCase = z.output<typeof caseSchema>;

/**
 * `bastion policy test TESTS.yaml [POLICY]`: runs every principal/request/expected-effect case
 * against the policy and prints one line per case. Exit code 0 when all pass, 1 when any fails,
 * 2 when the table or the policy is unusable. Teams run it in CI to keep their policy under test.
 *
 * @example const { stdout, exitCode } = await policyTestCommand("policy.test.yaml");
 */
export async function policyTestCommand(
  testsFile: string,
  policyFile?: string,
): Promise<{ stdout: string; exitCode: number }> {
  let policy: Policy;
  let cases: TestCase[];
  try {
    const { value, lineAt } = parseYaml(await readPolicyText(testsFile), testsFile);
    const table = validateWith(
      testTableSchema,
      Array.isArray(value) ? { cases: value } : value,
      testsFile,
      (path, key) => lineAt(Array.isArray(value) ? path.slice(1) : path, key),
    );
    const policyPath =
      policyFile ?? (table.policy !== undefined ? resolve(dirname(testsFile), table.policy) : undefined);
    if (policyPath === undefined) {
      throw new PolicyError(testsFile, [
        { path: "policy", message: "is missing; name the policy file to test" },
      ]);
    }
    policy = await loadPolicyFile(policyPath);
    cases = table.cases;
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return { stdout: `error: ${error.message}\n`, exitCode: 2 };
  }
  const lines: string[] = [];
  let failed = 0;
  cases.forEach((testCase, index) => {
    const name = testCase.name ?? describeCase(testCase);
    const failure = runCase(policy, testCase);
    if (failure) failed++;
    lines.push(failure ? `not ok ${index + 1} - ${name}: ${failure}` : `ok ${index + 1} - ${name}`);
  });
  const passed = cases.length - failed;
  lines.push(`${cases.length} cases: ${passed} passed, ${failed} failed`);
  return { stdout: lines.join("\n") + "\n", exitCode: failed > 0 ? 1 : 0 };
}

/** Runs one case; returns why it failed, or undefined when it passed. */
function runCase(policy: Policy, testCase: TestCase): string | undefined {
  const { principal: who } = testCase;
  const principal = principalFrom({
    subject: who.subject,
    groups: who.groups,
    roles: who.roles,
    scopes: who.scopes,
    clientId: who.client_id,
    apiKey: who.api_key,
    mfa: who.mfa,
  });
  const decision = decide(policy, principal, requestFrom(testCase));
  if (decision.effect !== testCase.expect) {
    return `expected ${testCase.expect}, got ${decision.effect} (rule "${decision.ruleId}": ${decision.reason})`;
  }
  if (testCase.rule !== undefined && decision.ruleId !== testCase.rule) {
    return `expected rule "${testCase.rule}" to decide, but "${decision.ruleId}" did (${decision.reason})`;
  }
  return undefined;
}

function describeCase(testCase: TestCase): string {
  const target = testCase.call ?? testCase.prompt ?? testCase.resource ?? testCase.method;
  return `${testCase.principal.subject} ${target} -> ${testCase.expect}`;
}
