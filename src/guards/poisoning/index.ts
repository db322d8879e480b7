import { analyzeItem, type ItemKind, type ItemResult } from "../../detect/poisoning/index.js";
import { createDefinitionCache } from "../../detect/definitions/index.js";
import type { JudgeReview, PoisoningJudge } from "../../judge/index.js";
import type { Logger } from "../../log.js";
import type { Decision, Guard, JsonObject, ListItemContext, ListKind } from "../guard.js";
import { upstreamDefinition } from "../pinning/pins.js";

export type PoisoningMode = "block" | "warn" | "off";

export interface PoisoningOptions {
  /** Mode per server key; a server not named is `block`. */
  modes: ReadonlyMap<string, PoisoningMode>;
  /** Definition hashes reviewed as false positives, per server. */
  allow: ReadonlyMap<string, ReadonlySet<string>>;
  log: Logger;
  onBlocked?: (e: { server: string; name: string; rule: string }) => void;
  /** A second opinion on doubtful list items, for servers in `block` mode (where it can change the outcome). */
  judge?: PoisoningJudge;
}

const ITEM_KIND: Record<ListKind, ItemKind> = {
  tools: "tool",
  prompts: "prompt",
  resources: "resource",
  resourceTemplates: "resourceTemplate",
};
const CALLS: Record<string, ListKind> = { "tools/call": "tools", "prompts/get": "prompts" };
/** Rules that fire on text merely because it speaks to the model, as server instructions must. */
const ADDRESSED_TO_MODEL = new Set(["statistical-model", "note-to-model", "buried-instruction"]);

/**
 * Tool-poisoning detection on every list result. Block-level items are withheld from lists and
 * their calls denied; warn-level items pass with their findings recorded for the audit. Results
 * are cached by definition hash, so an unchanged list costs a hash per item and nothing more.
 * With a judge, the items it is configured for wait for its answer (cached by hash too); a
 * malicious answer blocks, and a failed one leaves the rules' verdict.
 *
 * @example createPoisoningGuard({ modes: new Map([["fs", "warn"]]), allow: new Map(), log })
 */
export function createPoisoningGuard(opts: PoisoningOptions): Guard {
  const cache = createDefinitionCache<ItemResult>();
  const blocked = new Set<string>();
  const mode = (server: string | undefined) =>
    server === undefined ? "block" : (opts.modes.get(server) ?? "block");

  /** The decision on one list item, once the rules (and the judge, if asked) have spoken. */
  function decide(
    ctx: ListItemContext,
    m: PoisoningMode,
    item: { server: string; name: string; key: string },
    review: JudgeReview,
  ): Decision<never> {
    const { server, name, key } = item;
    const { result } = review;
    if (review.error !== undefined)
      opts.log.warn(
        { server, name, hash: result.hash, err: review.error },
        "poisoning judge gave no answer; the rules' verdict stands",
      );
    if (result.verdict === "allow") {
      blocked.delete(key);
      return { action: "allow" };
    }
    ctx.notes.findings = result.findings.map((f) => f.rule);
    if (result.verdict === "warn" || m === "warn") {
      opts.log.warn(
        { server, name, hash: result.hash, rules: ctx.notes.findings },
        "possible tool poisoning (warn)",
      );
      return { action: "allow" };
    }
    blocked.add(key);
    const rule = result.findings[0]?.rule ?? "poisoning";
    ctx.notes.rule = `poisoning:${rule}`;
    opts.onBlocked?.({ server, name, rule });
    opts.log.warn(
      { server, name, hash: result.hash, rules: ctx.notes.findings },
      "poisoned definition withheld",
    );
    return {
      action: "deny",
      code: "poisoned",
      message: "withheld: it carries instructions aimed at the model",
      detail: `${server}/${name} ${result.hash}`,
    };
  }

  return {
    name: "poisoning",
    listItem(ctx, item): Decision<JsonObject> | Promise<Decision<JsonObject>> {
      const server = ctx.server ?? "";
      const m = mode(ctx.server);
      if (m === "off") return { action: "allow" };
      const name = ctx.upstreamTarget ?? ctx.target ?? "";
      const key = `${server}\u0000${ctx.kind}\u0000${name}`;
      const definition = upstreamDefinition(item, ctx.kind, name);
      const result = analyzeItem(ITEM_KIND[ctx.kind], definition, { cache });
      if (opts.allow.get(server)?.has(result.hash)) {
        blocked.delete(key);
        return { action: "allow" };
      }
      const where = { server, name, key };
      // in warn mode nothing is withheld, so the judge's answer could change nothing
      if (!opts.judge || m !== "block") return decide(ctx, m, where, { result });
      const review = opts.judge.review(result, definition);
      return review instanceof Promise
        ? review.then((r) => decide(ctx, m, where, r))
        : decide(ctx, m, where, review);
    },
    request(ctx) {
      const kind = CALLS[ctx.method];
      if (!kind || mode(ctx.server) !== "block") return { action: "allow" };
      if (!blocked.has(`${ctx.server}\u0000${kind}\u0000${ctx.upstreamTarget}`)) return { action: "allow" };
      ctx.notes.rule = "poisoning";
      return {
        action: "deny",
        code: "poisoned",
        message: `"${ctx.target}" was withheld because its definition carries instructions aimed at the model`,
      };
    },
  };
}

/**
 * Server instructions go straight to the model, so they are checked like any definition: a
 * server whose instructions reach `block` has them withheld (in `block` mode).
 */
export function instructionsFilter(
  opts: PoisoningOptions,
): (server: string, text: string) => string | undefined {
  const cache = createDefinitionCache<ItemResult>();
  return (server, text) => {
    const m = opts.modes.get(server) ?? "block";
    if (m === "off") return text;
    const r = analyzeItem("instructions", text, { cache });
    if (r.verdict !== "block" || opts.allow.get(server)?.has(r.hash) || m === "warn") return text;
    // instructions are written for the model by design: being addressed to it is no finding here,
    // only what they ask for (secrecy, credentials, exfiltration, other servers' tools) is
    const harmful = r.findings.filter(
      (f) => !ADDRESSED_TO_MODEL.has(f.rule) && (f.severity === "high" || f.severity === "critical"),
    );
    if (harmful.length === 0) return text;
    opts.log.warn(
      { server, hash: r.hash, rules: r.findings.map((f) => f.rule) },
      "server instructions withheld (poisoning)",
    );
    opts.onBlocked?.({ server, name: "instructions", rule: harmful[0]!.rule });
    return undefined;
  };
}
