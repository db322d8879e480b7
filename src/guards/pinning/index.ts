import type { Store } from "../../store/store.js";
import type { Guard, ListKind } from "../guard.js";
import { Pins, upstreamDefinition, type PinKind } from "./pins.js";

export { PIN_KINDS, Pins } from "./pins.js";
export type { Pin, PinKind } from "./pins.js";
export { createIdentityPinning, IDENTITY_PINS } from "./identity.js";
export type { ServerIdentity } from "./identity.js";

export interface PinningOptions {
  store: Store;
  mode: "tofu" | "strict";
  /** Called once when a definition changes after it was approved (a possible rug pull). */
  onChange?: (change: { server: string; kind: PinKind; name: string }) => void;
}

const CALLS: Record<string, PinKind> = { "tools/call": "tools", "prompts/get": "prompts" };

/**
 * Pinning against rug pulls. Every definition a server lists is hashed (SHA-256 over canonical
 * JSON of the whole definition) and compared with the approved one in the store. A changed
 * definition, or in strict mode an unapproved new one, is withheld from lists and its calls are
 * denied until someone runs `bastion pins approve`. In `tofu` mode the first sight is approved.
 *
 * @example createPinningGuard({ store, mode: "tofu", onChange: (c) => alerts.emit({ type: "pin.changed", ... }) })
 */
export function createPinningGuard(opts: PinningOptions): Guard {
  const pins = new Pins(opts.store);
  return {
    name: "pinning",
    async listItem(ctx, item) {
      const kind = ctx.kind as ListKind;
      const name = ctx.upstreamTarget ?? ctx.target ?? "";
      const seen = await pins.observe(
        ctx.server ?? "",
        kind,
        name,
        upstreamDefinition(item, kind, name),
        opts.mode,
      );
      if (seen.changed) opts.onChange?.({ server: ctx.server ?? "", kind, name });
      if (seen.state === "approved") return { action: "allow" };
      ctx.notes.rule = seen.changed ? "pin.changed" : "pin.unapproved";
      return {
        action: "deny",
        code: "pin_changed",
        message: "withheld until its definition is approved",
        detail: `${ctx.server}/${name}`,
      };
    },
    async request(ctx) {
      const kind = CALLS[ctx.method];
      if (!kind || ctx.server === undefined || ctx.upstreamTarget === undefined) return { action: "allow" };
      const pin = await pins.get(ctx.server, kind, ctx.upstreamTarget);
      if (pin?.pending || (!pin?.approved && opts.mode === "strict")) {
        ctx.notes.rule = pin?.approved ? "pin.changed" : "pin.unapproved";
        return {
          action: "deny",
          code: "pin_changed",
          message: `The definition of "${ctx.target}" changed or is not approved; an operator must review it (bastion pins diff/approve)`,
          detail: `${ctx.server}/${ctx.upstreamTarget}`,
        };
      }
      return { action: "allow" };
    },
  };
}
