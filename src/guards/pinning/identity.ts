import type { Store } from "../../store/store.js";
import { Pins, type PinKind } from "./pins.js";

/** The two pins of kind `server` each server gets, by name. */
export const IDENTITY_PINS = { instructions: "instructions", info: "info" } as const;

export interface IdentityPinningOptions {
  store: Store;
  mode: "tofu" | "strict";
  /** Called once when the instructions or the name/version change after they were approved. */
  onChange?: (change: { server: string; kind: PinKind; name: string }) => void;
}

/** What a server said about itself at `initialize`, as far as pinning reads it. */
export interface ServerIdentity {
  serverInfo?: Record<string, unknown>;
  instructions?: unknown;
}

/**
 * What is pinned of a server's `serverInfo`: its name and version, the two fields that say which
 * software answers. The rest (title, icons, website) is display metadata that never reaches the
 * client through the gateway and changes nothing the server does, so it would only raise noise.
 */
export function serverInfoDefinition(info: Record<string, unknown> | undefined): Record<string, unknown> {
  return { name: info?.name ?? null, version: info?.version ?? null };
}

/** Absent instructions are pinned too, so instructions a server adds later are a change, not a first sight. */
export function instructionsDefinition(instructions: unknown): Record<string, unknown> {
  return { instructions: typeof instructions === "string" ? instructions : null };
}

/**
 * Pins what a server says about itself at `initialize`, next to its listed items. Two pins of
 * kind `server`: `instructions` (the text the model reads) and `info` (name and version).
 *
 * The answer says whether the instructions may reach the client: only when their pin is
 * approved (in `tofu` mode the first sight is). A changed name or version is a pending change
 * that alerts and waits in `bastion pins list`, but withholds nothing: an upgrade alone must not
 * cut a server off, and whatever it changed in its tools, prompts or resources is caught by their
 * own pins, item by item. A store failure rejects, and the caller withholds the instructions.
 *
 * @example
 * const check = createIdentityPinning({ store, mode: "tofu" });
 * const { instructions } = await check("weather", { serverInfo: { name: "w", version: "1" }, instructions: "…" });
 */
export function createIdentityPinning(
  opts: IdentityPinningOptions,
): (server: string, identity: ServerIdentity) => Promise<{ instructions: boolean }> {
  const pins = new Pins(opts.store);
  return async function pinServerIdentity(server, identity) {
    const observe = async (name: string, definition: unknown) => {
      const seen = await pins.observe(server, "server", name, definition, opts.mode);
      if (seen.changed) opts.onChange?.({ server, kind: "server", name });
      return seen.state === "approved";
    };
    const instructions = await observe(
      IDENTITY_PINS.instructions,
      instructionsDefinition(identity.instructions),
    );
    await observe(IDENTITY_PINS.info, serverInfoDefinition(identity.serverInfo));
    return { instructions };
  };
}
