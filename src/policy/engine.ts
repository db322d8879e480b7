import type { Principal } from "../auth/principal.js";
import type { ListKind } from "../guards/guard.js";
import type { CompiledRule, Policy } from "./compile.js";
import { matchesGlobList } from "./glob.js";
import { matchRule, scopeResult, type RuleOutcome } from "./match.js";
import { RequestView, type PolicyRequest } from "./request.js";
import { candidateRules } from "./rule-index.js";
import type { Effect, Rate } from "./schema.js";

/** The engine's answer. `reason` is private detail for the audit log, never for the client. */
export interface PolicyDecision {
  effect: Effect;
  /** The deciding rule's id, `default` when no rule matched, `protocol` for protocol plumbing. */
  ruleId: string;
  reason: string;
  /** The deciding rule's rate, for the caller's token bucket (see `checkRate`). */
  rate?: Rate;
}

/** One rule's part in a decision, for `explain`. */
export interface TraceEntry {
  ruleId: string;
  effect: Effect;
  applies: boolean;
  /** Why it did not apply, or what doubt made a restricting rule apply. */
  detail: string;
}

/**
 * Methods that carry no target and are allowed unless a rule says otherwise: session plumbing
 * and list methods (whose results are filtered item by item with `visible`).
 */
export const PROTOCOL_METHODS: ReadonlySet<string> = new Set([
  "initialize",
  "ping",
  "tools/list",
  "prompts/list",
  "resources/list",
  "resources/templates/list",
  "logging/setLevel",
]);

/** Method prefixes of requests a server sends to the client; judged by `server_requests`. */
const SERVER_TO_CLIENT_PREFIXES = ["sampling/", "elicitation/", "roots/"];

/** Whether `method` is a server→client request (sampling, elicitation, roots). */
export function isServerToClientMethod(method: string): boolean {
  return SERVER_TO_CLIENT_PREFIXES.some((prefix) => method.startsWith(prefix));
}

function isProtocolMethod(method: string): boolean {
  return PROTOCOL_METHODS.has(method) || method.startsWith("notifications/");
}

/**
 * Decides one request. An explicit deny beats everything; then an unmet `mfa` rule, then an
 * `approve` rule, then an `allow` (an `mfa` rule the principal has already met counts as allow);
 * otherwise the policy default (deny unless the policy says allow). Doubts (absent arguments,
 * paths or URLs that cannot be normalised) never make an allow rule match and always make a
 * restricting rule apply. Server→client methods are judged by `server_requests`.
 *
 * @example decide(policy, principal, { method: "tools/call", server: "fs", tool: "fs__read_file", args: { path: "/srv/data/a" } })
 */
export function decide(policy: Policy, principal: Principal, request: PolicyRequest): PolicyDecision {
  return evaluate(policy, principal, request);
}

/**
 * Decides like `decide` and also reports every rule's part in the decision.
 *
 * @example explain(policy, principal, request).trace.filter((entry) => entry.applies)
 */
export function explain(
  policy: Policy,
  principal: Principal,
  request: PolicyRequest,
): { decision: PolicyDecision; trace: TraceEntry[] } {
  const trace: TraceEntry[] = [];
  return { decision: evaluate(policy, principal, request, trace), trace };
}

interface Winner {
  rule: CompiledRule;
  outcome: RuleOutcome;
}

function evaluate(
  policy: Policy,
  principal: Principal,
  request: PolicyRequest,
  trace?: TraceEntry[],
): PolicyDecision {
  if (isServerToClientMethod(request.method)) {
    return decideServerRequest(policy, request.server, request.method);
  }
  const view = new RequestView(request, policy.resolveSymlinks);
  let deny: Winner | undefined;
  let mfa: Winner | undefined;
  let approve: Winner | undefined;
  let allow: Winner | undefined;
  let nearMiss: string | undefined;
  // Explaining walks every rule so each gets a line; deciding walks only those that could match.
  const positions = trace ? undefined : candidates(policy, view);
  const count = positions ? positions.length : policy.rules.length;
  for (let i = 0; i < count; i++) {
    const rule = policy.rules[positions ? (positions[i] ?? 0) : i] as CompiledRule;
    const mfaMet = rule.effect === "mfa" && principal.mfa;
    const restricting = rule.effect !== "allow" && !mfaMet;
    const outcome = matchRule(rule, principal, view, restricting ? "any" : "all", trace !== undefined);
    const applies = outcome.verdict === "match" || (restricting && outcome.verdict === "unknown");
    trace?.push({ ruleId: rule.id, effect: rule.effect, applies, detail: outcome.reason });
    if (!applies) {
      if (!restricting && outcome.stage === "args") nearMiss ??= `rule "${rule.id}": ${outcome.reason}`;
      continue;
    }
    if (rule.effect === "deny") {
      deny ??= { rule, outcome };
      if (!trace) break;
    } else if (rule.effect === "mfa" && !mfaMet) mfa ??= { rule, outcome };
    else if (rule.effect === "approve") approve ??= { rule, outcome };
    else allow ??= { rule, outcome };
  }
  const label = view.label;
  if (deny) return ruleDecision(deny, "deny", `denies ${label}`);
  if (mfa) return ruleDecision(mfa, "mfa", `requires step-up authentication for ${label}`);
  if (approve) return ruleDecision(approve, "approve", `requires approval for ${label}`);
  if (allow) return ruleDecision(allow, "allow", `allows ${label}`);
  if (isProtocolMethod(request.method)) {
    return {
      effect: "allow",
      ruleId: "protocol",
      reason: `${request.method} is protocol plumbing; lists are filtered item by item`,
    };
  }
  const closest = nearMiss ? ` (closest: ${nearMiss})` : "";
  return policy.defaultEffect === "deny"
    ? { effect: "deny", ruleId: "default", reason: `no rule allows ${label}; default deny${closest}` }
    : { effect: "allow", ruleId: "default", reason: `no rule matched ${label}; default allow` };
}

/** Positions of the rules that could match the request's target, in rule order. */
function candidates(policy: Policy, view: RequestView): readonly number[] {
  const name = view.kind === "resource" ? (view.resource.ok ? view.resource.uri : undefined) : view.target;
  return candidateRules(policy.index, view.kind, name);
}

function ruleDecision(winner: Winner, effect: Effect, what: string): PolicyDecision {
  const doubt = winner.outcome.verdict === "unknown" ? ` because ${winner.outcome.reason}` : "";
  const decision: PolicyDecision = {
    effect,
    ruleId: winner.rule.id,
    reason: `rule "${winner.rule.id}" ${what}${doubt}`,
  };
  if (effect !== "deny" && winner.rule.rate) decision.rate = winner.rule.rate;
  return decision;
}

/**
 * Decides a server→client request (sampling, elicitation, roots) from `server_requests`: any
 * matching deny wins, then any matching allow, else the policy default.
 *
 * @example decideServerRequest(policy, "assistant", "sampling/createMessage")
 */
export function decideServerRequest(
  policy: Policy,
  server: string | undefined,
  method: string,
): PolicyDecision {
  let allowedBy: string | undefined;
  for (const entry of policy.serverRequests) {
    if (!matchesGlobList(entry.servers, server ?? "")) continue;
    const ruleId = `server_requests[${JSON.stringify(entry.key)}]`;
    if (entry.deny && matchesGlobList(entry.deny, method)) {
      return {
        effect: "deny",
        ruleId,
        reason: `${ruleId} denies ${method} from server ${server ?? "(unknown)"}`,
      };
    }
    if (!allowedBy && entry.allow && matchesGlobList(entry.allow, method)) allowedBy = ruleId;
  }
  if (allowedBy) {
    return {
      effect: "allow",
      ruleId: allowedBy,
      reason: `${allowedBy} allows ${method} from server ${server}`,
    };
  }
  return {
    effect: policy.defaultEffect,
    ruleId: "default",
    reason: `no server_requests entry covers ${method} from server ${server ?? "(unknown)"}; default ${policy.defaultEffect}`,
  };
}

const CALL_METHOD: Readonly<Record<ListKind, string>> = {
  tools: "tools/call",
  prompts: "prompts/get",
  resources: "resources/read",
  resourceTemplates: "resources/read",
};

/**
 * Whether one list item should be shown: true when some call to it could be allowed (arguments
 * aside) and no argument-free deny covers it. Resource templates are judged by an example URI
 * with every `{…}` expression replaced by `x`.
 *
 * @example tools.filter((tool) => visible(policy, principal, "tools", tool.name, "fs"))
 */
export function visible(
  policy: Policy,
  principal: Principal,
  kind: ListKind,
  name: string,
  server?: string,
): boolean {
  const request: PolicyRequest = { method: CALL_METHOD[kind], server };
  if (kind === "tools") request.tool = name;
  else if (kind === "prompts") request.prompt = name;
  else request.resourceUri = kind === "resourceTemplates" ? name.replace(/\{[^}]*\}/g, "x") : name;
  const view = new RequestView(request, policy.resolveSymlinks);
  let callable = policy.defaultEffect === "allow";
  for (const position of candidates(policy, view)) {
    const rule = policy.rules[position] as CompiledRule;
    const scope = scopeResult(rule, principal, view);
    if (rule.effect === "deny") {
      if (rule.args.length === 0 && (scope === "match" || scope === "unknown")) return false;
    } else if (scope === "match") {
      callable = true;
    }
  }
  return callable;
}
