import type { Store } from "../../store/store.js";
import { definitionHash, diffDefinitions } from "../../detect/definitions/index.js";

/**
 * What a pin covers: one listed item, or (`server`) part of what a server says about itself at
 * `initialize`: its `instructions` and its `info` (name and version).
 */
export type PinKind = "tools" | "prompts" | "resources" | "resourceTemplates" | "server";

export const PIN_KINDS: readonly PinKind[] = ["tools", "prompts", "resources", "resourceTemplates", "server"];

/** What the store keeps for one definition a server offers. */
export interface Pin {
  server: string;
  kind: PinKind;
  /** The name (or URI) the server itself uses. */
  name: string;
  /** The approved definition and its hash; absent until something is approved. */
  approved?: { hash: string; definition: unknown; at: string };
  /** A definition seen since that differs from the approved one (or, in strict mode, a new one). */
  pending?: { hash: string; definition: unknown; at: string };
}

export function pinKey(server: string, kind: PinKind, name: string): string {
  return `pins/${server}/${kind}/${encodeURIComponent(name)}`;
}

/** The definition as the server gave it: the client-facing rename is undone so a prefix change is no change. */
export function upstreamDefinition(
  item: Record<string, unknown>,
  kind: PinKind,
  upstreamName: string,
): Record<string, unknown> {
  return kind === "tools" || kind === "prompts" ? { ...item, name: upstreamName } : item;
}

/**
 * The pins of every server in the store: approve, reject, diff and list. Both the guard and
 * `bastion pins` use this, so what the CLI approves is exactly what the gateway checks.
 */
export class Pins {
  constructor(private readonly store: Store) {}

  get(server: string, kind: PinKind, name: string): Promise<Pin | undefined> {
    return this.store.get<Pin>(pinKey(server, kind, name));
  }

  async list(server?: string): Promise<Pin[]> {
    return (await this.store.list<Pin>(server ? `pins/${server}/` : "pins/")).map((e) => e.value);
  }

  /**
   * Records what was seen. Returns "approved" when it matches the approved definition, or
   * "pending" when it is new (strict) or changed (both modes). In `tofu` mode a definition seen
   * for the first time is approved on the spot.
   */
  async observe(
    server: string,
    kind: PinKind,
    name: string,
    definition: unknown,
    mode: "tofu" | "strict",
  ): Promise<{ state: "approved" | "pending"; changed: boolean }> {
    const hash = definitionHash(definition);
    const key = pinKey(server, kind, name);
    const at = new Date().toISOString();
    const pin = await this.store.get<Pin>(key);
    if (pin?.approved?.hash === hash) {
      if (pin.pending) await this.store.set(key, { ...pin, pending: undefined });
      return { state: "approved", changed: false };
    }
    if (!pin && mode === "tofu") {
      const first: Pin = { server, kind, name, approved: { hash, definition, at } };
      if (await this.store.setIfAbsent(key, first)) return { state: "approved", changed: false };
      return this.observe(server, kind, name, definition, mode);
    }
    const fresh = pin?.pending?.hash !== hash;
    if (fresh)
      await this.store.set(key, {
        server,
        kind,
        name,
        ...(pin?.approved ? { approved: pin.approved } : {}),
        pending: { hash, definition, at },
      });
    return { state: "pending", changed: fresh && pin?.approved !== undefined };
  }

  /**
   * The kinds under which changes to `name` of a server wait. More than one (a tool and a prompt
   * both called `search`) means an operator must say which one they reviewed.
   */
  async waitingKinds(server: string, name: string): Promise<PinKind[]> {
    return (await this.list(server)).filter((p) => p.name === name && p.pending).map((p) => p.kind);
  }

  /**
   * Approves what is pending for one item (of one kind, when given), or for every item of a
   * server. Returns how many.
   */
  async approve(server: string, name?: string, kind?: PinKind): Promise<number> {
    let n = 0;
    for (const pin of await this.list(server)) {
      if (name !== undefined && pin.name !== name) continue;
      if (kind !== undefined && pin.kind !== kind) continue;
      if (!pin.pending) continue;
      await this.store.set(pinKey(pin.server, pin.kind, pin.name), {
        ...pin,
        approved: pin.pending,
        pending: undefined,
      });
      n++;
    }
    return n;
  }

  /** Drops what is pending for one item: the approved definition stays the only one allowed. */
  async reject(server: string, name: string, kind?: PinKind): Promise<number> {
    let n = 0;
    for (const pin of await this.list(server)) {
      if (pin.name !== name || !pin.pending) continue;
      if (kind !== undefined && pin.kind !== kind) continue;
      await this.store.set(pinKey(pin.server, pin.kind, pin.name), { ...pin, pending: undefined });
      n++;
    }
    return n;
  }

  /**
   * A readable diff between the approved definition and the pending one. When several kinds
   * share the name (a tool called `instructions`, say), each is shown under its kind, so a
   * reviewer sees all of them and can approve the one meant with its kind.
   */
  async diff(server: string, name: string, kind?: PinKind): Promise<string | undefined> {
    const waiting = (await this.list(server)).filter(
      (p) => p.name === name && p.pending && (kind === undefined || p.kind === kind),
    );
    const one = (p: Pin) => diffDefinitions(p.approved?.definition ?? {}, p.pending?.definition);
    if (waiting.length <= 1) return waiting[0] && one(waiting[0]);
    return waiting.map((p) => `== ${p.kind} ${p.name}\n${one(p)}`).join("\n\n");
  }
}
