import { readFile } from "node:fs/promises";
import { compilePolicyDocument, type Policy } from "./compile.js";
import { PolicyError } from "./errors.js";
import { policySchema } from "./schema.js";
import { parseYaml, validateWith, type LineLookup } from "./yaml-input.js";

/** Largest policy (or policy test) file accepted, so a wrong path (a log, a binary) fails fast. */
export const MAX_POLICY_BYTES = 4 * 1024 * 1024;
const INLINE_SOURCE = "<inline policy>";

/**
 * Parses, validates and compiles policy YAML (or JSON) text. Throws a `PolicyError` naming the
 * source, the line, the key path and what was expected.
 *
 * @example parsePolicy("default: deny\nrules: [{ id: r1, effect: allow, tools: ['fs__*'] }]", "policy.yaml")
 */
export function parsePolicy(text: string, source: string = INLINE_SOURCE): Policy {
  const { value, lineAt } = parseYaml(text, source);
  return validate(value, source, lineAt);
}

/**
 * Validates and compiles a policy given as a value (an inline `policy:` mapping in the config).
 *
 * @example compilePolicy({ default: "deny", rules: [] })
 */
export function compilePolicy(value: unknown, source: string = INLINE_SOURCE): Policy {
  return validate(value, source, () => undefined);
}

/**
 * Reads and compiles a policy file. Throws a `PolicyError` naming the file for unreadable,
 * over-large or invalid files.
 *
 * @example const policy = await loadPolicyFile("/etc/bastion/policy.yaml");
 */
export async function loadPolicyFile(path: string): Promise<Policy> {
  return parsePolicy(await readPolicyText(path), path);
}

/** Reads a policy or policy-test file as UTF-8, with a size limit and errors that name it. */
export async function readPolicyText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    throw new PolicyError(path, [{ path: "", message: `cannot be read (${code})` }]);
  }
  if (bytes.length > MAX_POLICY_BYTES) {
    throw new PolicyError(path, [{ path: "", message: `is larger than ${MAX_POLICY_BYTES} bytes` }]);
  }
  return bytes.toString("utf8");
}

function validate(value: unknown, source: string, lineAt: LineLookup): Policy {
  if (value === null || value === undefined) {
    throw new PolicyError(source, [
      { path: "", message: "is empty; expected a mapping with default and rules" },
    ]);
  }
  return compilePolicyDocument(validateWith(policySchema, value, source, lineAt), source);
}
