import { analyzeItem, type ItemKind, type ItemResult } from "../../detect/poisoning/index.js";
import { createDefinitionCache } from "../../detect/definitions/index.js";
import type { Logger } from "../../log.js";
import type { Guard, ListKind } from "../guard.js";
import { upstreamDefinition } from "../pinning/pins.js";

export type PoisoningMode = "block" | "warn" | "off";

export interface PoisoningOptions {
  /** Mode per server key; a server not named is `block`. */
  modes: ReadonlyMap<string, PoisoningMode>;
  /** Definition hashes reviewed as false positives, per server. */
  allow: ReadonlyMap<string, ReadonlySet<string>>;
  log: Logger;
  onBlocked?: (e: { server: string; name: string; rule: string }) => void;
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
 *
 * @example createPoisoningGuard({ modes: new Map([["fs", "warn"]]), allow: new Map(), log })
 */
export function createPoisoningGuard(opts: PoisoningOptions): Guard {
  const cache = createDefinitionCache<ItemResult>();
  const blocked = new Set<string>();
  const mode = (server: string | undefined) =>
    server === undefined ? "block" : (opts.modes.get(server) ?? "block");
  return {
    name: "poisoning",
    listItem(ctx, item) {
      const server = ctx.server ?? "";
      const m = mode(ctx.server);
      if (m === "off") return { action: "allow" };
      const name = ctx.upstreamTarget ?? ctx.target ?? "";
      const key = `${server}\u0000${ctx.kind}\u0000${name}`;
      const result = analyzeItem(ITEM_KIND[ctx.kind], upstreamDefinition(item, ctx.kind, name), { cache });
      if (result.verdict === "allow" || opts.allow.get(server)?.has(result.hash)) {
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
