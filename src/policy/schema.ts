import { z } from "zod";
import { compileArgConstraint } from "./args.js";

/** The four effects a rule can have; `approve` needs a human, `mfa` needs step-up authentication. */
export const EFFECTS = ["allow", "deny", "approve", "mfa"] as const;
export type Effect = (typeof EFFECTS)[number];

/** Rule ids the engine uses for itself and that a policy may therefore not take. */
export const RESERVED_RULE_IDS = ["default", "protocol"] as const;

/** Operators an argument constraint may use, grouped by the kind of value they judge. */
export const STRING_OPERATORS = ["pattern", "glob", "path_under", "url_host_in"] as const;
export const NUMBER_OPERATORS = ["min", "max"] as const;
export const EXACT_OPERATORS = ["equals", "one_of"] as const;

const text = z.string().min(1);
const list = z.array(text);

const principalsSchema = z
  .strictObject({
    subjects: list.optional(),
    groups: list.optional(),
    roles: list.optional(),
    scopes: list.optional(),
    client_ids: list.optional(),
    api_keys: list.optional(),
  })
  .refine((principals) => Object.values(principals).some((entries) => entries !== undefined), {
    message:
      "expected at least one of subjects, groups, roles, scopes, client_ids, api_keys; omit principals to match every principal",
  });

const argConstraintSchema = z
  .strictObject({
    equals: z.json().optional(),
    one_of: z.array(z.json()).optional(),
    pattern: z.string().optional(),
    glob: text.optional(),
    path_under: text.optional(),
    url_host_in: list.optional(),
    max_length: z.number().int().nonnegative().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .superRefine((constraint, ctx) => {
    const used = Object.keys(constraint);
    if (used.length === 0) {
      ctx.addIssue({
        code: "custom",
        message: "expected at least one operator (equals, one_of, pattern, …)",
      });
    }
    const exact = used.filter((key) => (EXACT_OPERATORS as readonly string[]).includes(key));
    if (exact.length > 0 && used.length > 1) {
      ctx.addIssue({
        code: "custom",
        message: `${exact[0]} cannot be combined with ${used.filter((k) => k !== exact[0]).join(", ")}`,
      });
    }
    const numeric = used.filter((key) => (NUMBER_OPERATORS as readonly string[]).includes(key));
    const stringish = used.filter((key) => [...STRING_OPERATORS, "max_length"].includes(key));
    if (numeric.length > 0 && stringish.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `cannot combine ${numeric.join(", ")} (for numbers) with ${stringish.join(", ")} (for strings)`,
      });
    }
    if (constraint.path_under !== undefined && constraint.url_host_in !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: "path_under and url_host_in cannot both apply to one argument",
      });
    }
    try {
      compileArgConstraint("", constraint);
    } catch (error) {
      const operator = (error as { operator?: string }).operator;
      ctx.addIssue({ code: "custom", path: operator ? [operator] : [], message: (error as Error).message });
    }
  });

const rateSchema = z.strictObject({
  calls: z.number().int().positive(),
  per_seconds: z.number().positive(),
});

const ruleSchema = z
  .strictObject({
    id: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/,
        "expected an id of letters, digits, _ . : - (at most 128)",
      )
      .refine((id) => !(RESERVED_RULE_IDS as readonly string[]).includes(id), "is reserved for the engine"),
    description: z.string().optional(),
    effect: z.enum(EFFECTS),
    principals: principalsSchema.optional(),
    tools: list.optional(),
    prompts: list.optional(),
    resources: list.optional(),
    methods: list.optional(),
    servers: list.optional(),
    args: z.record(text, argConstraintSchema).optional(),
    rate: rateSchema.optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.rate && rule.effect === "deny") {
      ctx.addIssue({ code: "custom", path: ["rate"], message: "a deny rule cannot have a rate" });
    }
  });

const serverRequestsSchema = z
  .strictObject({ allow: list.optional(), deny: list.optional() })
  .superRefine((entry, ctx) => {
    const both = (entry.allow ?? []).filter((method) => entry.deny?.includes(method));
    if (both.length > 0) {
      ctx.addIssue({ code: "custom", message: `${both.join(", ")} is both allowed and denied` });
    }
  });

/**
 * The policy document. Unknown keys are refused everywhere; rule ids must be unique.
 *
 * @example policySchema.parse({ default: "deny", rules: [{ id: "r1", effect: "allow", tools: ["fs__*"] }] })
 */
export const policySchema = z
  .strictObject({
    default: z.enum(["deny", "allow"]).default("deny"),
    resolve_symlinks: z.boolean().default(false),
    rules: z.array(ruleSchema).default([]),
    server_requests: z.record(text, serverRequestsSchema).optional(),
  })
  .superRefine((policy, ctx) => {
    const firstUse = new Map<string, number>();
    policy.rules.forEach((rule, index) => {
      const earlier = firstUse.get(rule.id);
      if (earlier === undefined) firstUse.set(rule.id, index);
      else {
        ctx.addIssue({
          code: "custom",
          path: ["rules", index, "id"],
          message: `duplicate rule id "${rule.id}" (first used by rules[${earlier}])`,
        });
      }
    });
  });

/** A validated policy document (defaults applied). */
export type PolicyDocument = z.output<typeof policySchema>;
export type RuleDocument = PolicyDocument["rules"][number];
export type ArgConstraintDocument = NonNullable<RuleDocument["args"]>[string];
export type PrincipalsDocument = NonNullable<RuleDocument["principals"]>;
/** How many calls a rule admits per period, per principal. */
export type Rate = NonNullable<RuleDocument["rate"]>;
