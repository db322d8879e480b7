import { parseArgs } from "node:util";
import { policyCheckCommand, policyExplainCommand, policyTestCommand } from "../../policy/index.js";
import { UsageError, type Command } from "../command.js";
import { emit } from "./store.js";

export const policyCheck: Command = {
  name: "policy check",
  summary: "Validate a policy file; warn about rules that can never match or are shadowed",
  usage: `Usage: bastion policy check FILE`,
  async run(argv) {
    const { positionals } = parseArgs({ args: argv, options: {}, strict: true, allowPositionals: true });
    if (positionals.length !== 1) throw new UsageError("name one policy file");
    return emit(await policyCheckCommand(positionals[0]!));
  },
};

export const policyExplain: Command = {
  name: "policy explain",
  summary: "Show the decision for one call and the rule that made it",
  usage: `Usage: bastion policy explain FILE --as SUBJECT [--groups a,b] [--roles a,b] [--scopes a,b]
                             (--call TOOL | --prompt NAME | --resource URI) [--args JSON] [--server S]`,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        as: { type: "string" },
        groups: { type: "string" },
        roles: { type: "string" },
        scopes: { type: "string" },
        call: { type: "string" },
        prompt: { type: "string" },
        resource: { type: "string" },
        args: { type: "string" },
        server: { type: "string" },
        mfa: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length !== 1 || !values.as) throw new UsageError("name one policy file and --as SUBJECT");
    const list = (v?: string) =>
      v
        ? v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined;
    const opts: Record<string, unknown> = { file: positionals[0]!, as: values.as, mfa: values.mfa };
    for (const [k, v] of Object.entries({
      groups: list(values.groups),
      roles: list(values.roles),
      scopes: list(values.scopes),
    }))
      if (v) opts[k] = v;
    for (const k of ["call", "prompt", "resource", "args", "server"] as const)
      if (values[k] !== undefined) opts[k] = values[k];
    return emit(await policyExplainCommand(opts as unknown as Parameters<typeof policyExplainCommand>[0]));
  },
};

export const policyTest: Command = {
  name: "policy test",
  summary: "Run a table of principal/call/expected-effect cases against a policy",
  usage: `Usage: bastion policy test TESTS.yaml [POLICY.yaml]`,
  async run(argv) {
    const { positionals } = parseArgs({ args: argv, options: {}, strict: true, allowPositionals: true });
    if (positionals.length < 1 || positionals.length > 2)
      throw new UsageError("name the tests file (and optionally the policy)");
    return emit(await policyTestCommand(positionals[0]!, positionals[1]));
  },
};
