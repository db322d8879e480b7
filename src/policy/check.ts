import type { CompiledPrincipals, CompiledRule, Policy } from "./compile.js";
import { globCovers, type GlobList, type GlobMode } from "./glob.js";

/** Something in a valid policy that is probably a mistake: a rule that can never apply, and why. */
export interface PolicyWarning {
  /** The rule concerned, when there is one. */
  ruleId?: string;
  /** Key path, such as `rules[3].tools`. */
  path: string;
  message: string;
}

const PRINCIPAL_KEYS = [
  ["subjects", "subjects"],
  ["groups", "groups"],
  ["roles", "roles"],
  ["scopes", "scopes"],
  ["clientIds", "client_ids"],
  ["apiKeys", "api_keys"],
] as const;
const TARGET_KEYS = ["tools", "prompts", "resources"] as const;
const ARGUMENT_METHODS = ["tools/call", "prompts/get"];

/**
 * Warnings for rules that can never match or never matter: empty lists, contradictory bounds,
 * argument constraints on requests that carry none, rules shadowed by a deny that covers the
 * same principals and targets, and a default-allow policy that denies nothing.
 *
 * @example for (const w of checkPolicy(policy)) console.log(`${w.path}: ${w.message}`);
 */
export function checkPolicy(policy: Policy): PolicyWarning[] {
  const warnings: PolicyWarning[] = [];
  for (const rule of policy.rules) {
    const warn = (key: string, message: string) =>
      warnings.push({ ruleId: rule.id, path: `rules[${rule.index}]${key ? "." + key : ""}`, message });
    checkLists(rule, warn);
    checkArguments(rule, warn);
    const shadow = policy.rules.find(
      (other) =>
        other !== rule &&
        other.effect === "deny" &&
        (rule.effect !== "deny" || other.index < rule.index) &&
        covers(other, rule),
    );
    if (shadow) {
      warn(
        "",
        `can never apply: deny rule "${shadow.id}" (rules[${shadow.index}]) covers the same principals and targets`,
      );
    }
  }
  if (policy.defaultEffect === "allow" && !policy.rules.some((rule) => rule.effect !== "allow")) {
    warnings.push({
      path: "default",
      message: "default allow with no deny, approve or mfa rule: the policy restricts nothing",
    });
  }
  return warnings;
}

function checkLists(rule: CompiledRule, warn: (key: string, message: string) => void): void {
  const principals = rule.document.principals;
  if (principals) {
    const lists = Object.entries(principals);
    for (const [key, entries] of lists) {
      if (entries?.length === 0) warn(`principals.${key}`, "is empty and admits no one");
    }
    if (lists.every(([, entries]) => entries?.length === 0)) {
      warn("principals", "admits no one, so the rule never applies");
    }
  }
  for (const key of ["servers", "methods"] as const) {
    if (rule.document[key]?.length === 0) warn(key, "is empty, so the rule never applies");
  }
  const targets = TARGET_KEYS.filter((key) => rule.document[key] !== undefined);
  for (const key of targets) if (rule.document[key]?.length === 0) warn(key, "is empty and matches nothing");
  if (targets.length > 0 && targets.every((key) => rule.document[key]?.length === 0)) {
    warn("", "names no tool, prompt or resource, so it never applies");
  }
}

function checkArguments(rule: CompiledRule, warn: (key: string, message: string) => void): void {
  const args = rule.document.args;
  if (!args) return;
  for (const [name, constraint] of Object.entries(args)) {
    const key = `args.${name}`;
    if (constraint.one_of?.length === 0) warn(`${key}.one_of`, "is empty: no value can match");
    if (constraint.url_host_in?.length === 0) warn(`${key}.url_host_in`, "is empty: no host can match");
    if (constraint.min !== undefined && constraint.max !== undefined && constraint.min > constraint.max) {
      warn(key, `min ${constraint.min} is above max ${constraint.max}: no value can match`);
    }
  }
  const names = Object.keys(args).join(", ");
  if (
    rule.document.tools === undefined &&
    rule.document.prompts === undefined &&
    rule.document.resources !== undefined
  ) {
    warn(
      "args",
      "constrains arguments but the rule names only resources, which carry none: it never applies",
    );
  } else if (
    rule.methods &&
    !ARGUMENT_METHODS.some(
      (method) => rule.methods?.literals.has(method) || rule.methods?.wildcard?.test(method),
    )
  ) {
    warn(
      "args",
      "constrains arguments but its methods include neither tools/call nor prompts/get: it never applies",
    );
  } else if (
    rule.effect !== "allow" &&
    rule.document.tools === undefined &&
    rule.document.prompts === undefined
  ) {
    warn(
      "args",
      `applies to every tool and prompt: any call without ${names} gets ${rule.effect} (absent arguments fail closed)`,
    );
  }
}

/** Whether `outer` (a deny without argument constraints) applies wherever `inner` could. */
function covers(outer: CompiledRule, inner: CompiledRule): boolean {
  if (outer.args.length > 0) return false;
  if (!principalsCover(outer.principals, inner.principals)) return false;
  if (
    !listCovers(outer.servers, inner.servers, "name") ||
    !listCovers(outer.methods, inner.methods, "name")
  ) {
    return false;
  }
  if (!outer.hasTargets) return true;
  if (!inner.hasTargets) return false;
  return (
    listCovers(outer.tools, inner.tools, "name", true) &&
    listCovers(outer.prompts, inner.prompts, "name", true) &&
    listCovers(outer.resources, inner.resources, "path", true)
  );
}

function principalsCover(
  outer: CompiledPrincipals | undefined,
  inner: CompiledPrincipals | undefined,
): boolean {
  if (!outer) return true;
  if (!inner) return false;
  return PRINCIPAL_KEYS.every(([key]) => {
    const wanted = inner[key];
    if (!wanted || wanted.size === 0) return true;
    const have = outer[key];
    return have !== undefined && [...wanted].every((entry) => have.has(entry));
  });
}

/**
 * Whether the outer list matches everything the inner one does. An absent outer list matches
 * everything, except for targets (`absentMeansNone`), where it matches no target of that kind.
 */
function listCovers(
  outer: GlobList | undefined,
  inner: GlobList | undefined,
  mode: GlobMode,
  absentMeansNone = false,
): boolean {
  if (!inner) return absentMeansNone ? true : outer === undefined;
  if (!outer) return !absentMeansNone;
  return inner.sources.every((glob) => outer.sources.some((candidate) => globCovers(candidate, glob, mode)));
}
