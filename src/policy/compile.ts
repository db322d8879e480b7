import { compileArgConstraint, type CompiledArgConstraint } from "./args.js";
import { canonicalJson, sha256Hex } from "./canonical.js";
import { compileGlobList, type GlobList } from "./glob.js";
import { buildRuleIndex, type RuleIndex } from "./rule-index.js";
import type { Effect, PolicyDocument, PrincipalsDocument, Rate, RuleDocument } from "./schema.js";

/** A rule's principal lists as sets; an absent list is undefined. */
export interface CompiledPrincipals {
  readonly subjects?: ReadonlySet<string>;
  readonly groups?: ReadonlySet<string>;
  readonly roles?: ReadonlySet<string>;
  readonly scopes?: ReadonlySet<string>;
  readonly clientIds?: ReadonlySet<string>;
  readonly apiKeys?: ReadonlySet<string>;
}

/** A rule ready for the engine: globs and regexes compiled once. */
export interface CompiledRule {
  readonly id: string;
  /** Position in `rules`, from 0. */
  readonly index: number;
  readonly effect: Effect;
  /** Undefined means every principal. */
  readonly principals?: CompiledPrincipals;
  readonly servers?: GlobList;
  readonly methods?: GlobList;
  readonly tools?: GlobList;
  readonly prompts?: GlobList;
  readonly resources?: GlobList;
  /** Whether the rule names tools, prompts or resources (otherwise it covers every target). */
  readonly hasTargets: boolean;
  readonly args: readonly CompiledArgConstraint[];
  readonly rate?: Rate;
  readonly document: RuleDocument;
}

/** One `server_requests` entry: which server→client methods servers matching `key` may send. */
export interface CompiledServerRequests {
  readonly key: string;
  readonly servers: GlobList;
  readonly allow?: GlobList;
  readonly deny?: GlobList;
}

/** A validated, compiled policy: what `decide` and `visible` take. */
export interface Policy {
  /** Where it came from (a file path or `<inline policy>`), for messages. */
  readonly source: string;
  /** SHA-256 of the canonical JSON of the validated document; approvals are bound to it. */
  readonly version: string;
  readonly defaultEffect: "allow" | "deny";
  readonly resolveSymlinks: boolean;
  readonly rules: readonly CompiledRule[];
  /** Which rules could match a given target, so decisions skip the rest. */
  readonly index: RuleIndex;
  readonly serverRequests: readonly CompiledServerRequests[];
  readonly document: PolicyDocument;
}

/** Short names for the server→client request families. */
const SERVER_REQUEST_ALIASES: Readonly<Record<string, string>> = {
  sampling: "sampling/*",
  elicitation: "elicitation/*",
  roots: "roots/*",
};

/**
 * Compiles a document that `policySchema` has already validated.
 *
 * @example compilePolicyDocument(policySchema.parse(yamlObject), "policy.yaml")
 */
export function compilePolicyDocument(document: PolicyDocument, source: string): Policy {
  return {
    source,
    version: sha256Hex(canonicalJson(document)),
    defaultEffect: document.default,
    resolveSymlinks: document.resolve_symlinks,
    rules: document.rules.map(compileRule),
    index: buildRuleIndex(document.rules),
    serverRequests: Object.entries(document.server_requests ?? {}).map(([key, entry]) => ({
      key,
      servers: compileGlobList([key], "name"),
      allow: entry.allow && compileGlobList(entry.allow.map(expandServerRequestAlias), "name"),
      deny: entry.deny && compileGlobList(entry.deny.map(expandServerRequestAlias), "name"),
    })),
    document,
  };
}

function expandServerRequestAlias(method: string): string {
  return SERVER_REQUEST_ALIASES[method] ?? method;
}

function compileRule(rule: RuleDocument, index: number): CompiledRule {
  const names = (globs: string[] | undefined) => (globs ? compileGlobList(globs, "name") : undefined);
  return {
    id: rule.id,
    index,
    effect: rule.effect,
    principals: rule.principals && compilePrincipals(rule.principals),
    servers: names(rule.servers),
    methods: names(rule.methods),
    tools: names(rule.tools),
    prompts: names(rule.prompts),
    resources: rule.resources ? compileGlobList(rule.resources, "path") : undefined,
    hasTargets: rule.tools !== undefined || rule.prompts !== undefined || rule.resources !== undefined,
    args: Object.entries(rule.args ?? {}).map(([name, constraint]) => compileArgConstraint(name, constraint)),
    rate: rule.rate,
    document: rule,
  };
}

function compilePrincipals(principals: PrincipalsDocument): CompiledPrincipals {
  const set = (entries: string[] | undefined) => (entries ? new Set(entries) : undefined);
  return {
    subjects: set(principals.subjects),
    groups: set(principals.groups),
    roles: set(principals.roles),
    scopes: set(principals.scopes),
    clientIds: set(principals.client_ids),
    apiKeys: set(principals.api_keys),
  };
}
