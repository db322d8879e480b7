import type { Principal } from "../auth/principal.js";
import type { Quantifier } from "./args.js";
import type { CompiledPrincipals, CompiledRule } from "./compile.js";
import { matchesGlobList, type GlobList } from "./glob.js";
import type { RequestView } from "./request.js";
import { MATCH, type Outcome } from "./verdict.js";

/** How far a rule got before it missed: lets the engine report the closest allow rule. */
export type Stage = "principal" | "server" | "method" | "target" | "args";

export interface RuleOutcome extends Outcome {
  /** The stage that decided a miss or unknown; undefined on a full match. */
  stage?: Stage;
}

/**
 * Whether a principal is among a rule's principals: any listed subject, group, role, scope,
 * client id or API key name admits it.
 */
export function principalMatches(principals: CompiledPrincipals | undefined, principal: Principal): boolean {
  if (!principals) return true;
  if (principals.subjects?.has(principal.subject)) return true;
  if (principals.groups && anyIn(principals.groups, principal.groups)) return true;
  if (principals.roles && anyIn(principals.roles, principal.roles)) return true;
  if (principals.scopes && anyIn(principals.scopes, principal.scopes)) return true;
  if (
    principals.clientIds &&
    principal.clientId !== undefined &&
    principals.clientIds.has(principal.clientId)
  )
    return true;
  return (
    principals.apiKeys !== undefined &&
    principal.method === "api_key" &&
    principal.keyName !== undefined &&
    principals.apiKeys.has(principal.keyName)
  );
}

function anyIn(set: ReadonlySet<string>, values: readonly string[]): boolean {
  for (const value of values) if (set.has(value)) return true;
  return false;
}

/**
 * Where a rule's principals, servers, methods and targets (not its arguments) stop matching a
 * request: `match`, `unknown` (a resource URI that cannot be normalised) or the missing stage.
 * Builds no text, so it is cheap enough to run against every candidate rule.
 */
export function scopeResult(
  rule: CompiledRule,
  principal: Principal,
  view: RequestView,
): "match" | "unknown" | Stage {
  if (!principalMatches(rule.principals, principal)) return "principal";
  const { server, method } = view.request;
  if (rule.servers && (server === undefined || !matchesGlobList(rule.servers, server))) return "server";
  if (rule.methods && !matchesGlobList(rule.methods, method)) return "method";
  if (!rule.hasTargets) return "match";
  switch (view.kind) {
    case "tool":
      return rule.tools && matchesGlobList(rule.tools, view.target) ? "match" : "target";
    case "prompt":
      return rule.prompts && matchesGlobList(rule.prompts, view.target) ? "match" : "target";
    case "resource": {
      if (!rule.resources) return "target";
      const resource = view.resource;
      if (!resource.ok) return "unknown";
      return matchesGlobList(rule.resources, resource.uri) ? "match" : "target";
    }
    case "none":
      return "target";
  }
}

/** Why `scopeResult` stopped at `stage`, for explanations. */
function describeScopeMiss(
  rule: CompiledRule,
  principal: Principal,
  view: RequestView,
  stage: Stage,
): string {
  const { server, method } = view.request;
  switch (stage) {
    case "principal":
      return `principal ${principal.subject} is not among the rule's principals`;
    case "server":
      return server === undefined
        ? "the request is not routed to a server"
        : `server ${server} is not in ${listed(rule.servers)}`;
    case "method":
      return `method ${method} is not in ${listed(rule.methods)}`;
    case "target": {
      if (view.kind === "none") return "the request has no tool, prompt or resource";
      const list = view.kind === "tool" ? rule.tools : view.kind === "prompt" ? rule.prompts : rule.resources;
      if (!list) return `the rule names no ${view.kind}s`;
      const name = view.kind === "resource" && view.resource.ok ? view.resource.uri : view.target;
      return `${view.kind} ${name} is not in ${listed(list)}`;
    }
    case "args":
      return `the rule constrains arguments and ${method} has none`;
  }
}

function listed(list: GlobList | undefined): string {
  return list?.sources.length ? list.sources.join(", ") : "(empty list)";
}

/** The scope of a rule as an outcome; reasons for misses only when `explainMisses` is set. */
export function matchScope(
  rule: CompiledRule,
  principal: Principal,
  view: RequestView,
  explainMisses = false,
): RuleOutcome {
  const result = scopeResult(rule, principal, view);
  if (result === "match") return MATCH;
  if (result === "unknown") {
    const resource = view.resource;
    return {
      verdict: "unknown",
      reason: `resource URI ${resource.ok ? "" : resource.reason}`,
      stage: "target",
    };
  }
  return {
    verdict: "miss",
    reason: explainMisses ? describeScopeMiss(rule, principal, view, result) : "",
    stage: result,
  };
}

/**
 * Matches a whole rule. Arguments are judged with `quantifier` (`all` for allow rules, `any` for
 * restricting ones); a rule with argument constraints only concerns tool calls and prompts.
 */
export function matchRule(
  rule: CompiledRule,
  principal: Principal,
  view: RequestView,
  quantifier: Quantifier,
  explainMisses = false,
): RuleOutcome {
  const scope = matchScope(rule, principal, view, explainMisses);
  if (scope.verdict === "miss" || rule.args.length === 0) return scope;
  if (view.kind !== "tool" && view.kind !== "prompt") {
    return {
      verdict: "miss",
      reason: explainMisses ? describeScopeMiss(rule, principal, view, "args") : "",
      stage: "args",
    };
  }
  let firstUnknown: Outcome | undefined = scope.verdict === "unknown" ? scope : undefined;
  for (const constraint of rule.args) {
    const outcome = constraint.evaluate(view.args, quantifier, view.context);
    if (outcome.verdict === "miss") return { ...outcome, stage: "args" };
    if (outcome.verdict === "unknown") firstUnknown ??= outcome;
  }
  return firstUnknown ? { verdict: "unknown", reason: firstUnknown.reason, stage: "args" } : MATCH;
}
