import { parseArgs } from "node:util";
import { PIN_KINDS, Pins, type PinKind } from "../../guards/pinning/index.js";
import type { Store } from "../../store/store.js";
import { UsageError, type Command } from "../command.js";
import { withStore } from "./store.js";

const config = { config: { type: "string", short: "c", default: "bastion.yaml" } } as const;

const NAMES = `NAME is a tool, prompt or resource as the server names it, or, of kind "server",
"instructions" (the server's instructions; withheld from clients while a change waits) or
"info" (its name and version; a change waits here but withholds nothing).
--kind KIND picks one kind when changes to NAME wait under more than one: one of
${PIN_KINDS.join(", ")}, as \`pins list\` shows them.`;

function args(argv: string[], min: number, max: number, what: string) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...config, json: { type: "boolean", default: false }, kind: { type: "string" } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length < min || positionals.length > max) throw new UsageError(what);
  const kind = values.kind;
  if (kind !== undefined && !(PIN_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`unknown --kind "${kind}": use one of ${PIN_KINDS.join(", ")}`);
  }
  return { config: values.config!, json: values.json!, kind: kind as PinKind | undefined, positionals };
}

/**
 * The one kind a decision about `name` is for, or "none" when nothing of that name waits. A tool
 * and a prompt may share a name; approving or rejecting both because an operator reviewed one of
 * them would let the other through unseen.
 */
async function oneKind(
  store: Store,
  server: string,
  name: string,
  kind: PinKind | undefined,
): Promise<PinKind | "none"> {
  if (kind !== undefined) return kind;
  const kinds = await new Pins(store).waitingKinds(server, name);
  // nothing waits: decide nothing, even if a change comes in before the decision is written
  if (kinds.length === 0) return "none";
  if (kinds.length > 1) {
    throw new UsageError(
      `changes to "${name}" of ${server} wait as ${kinds.join(" and ")}: ` +
        `name the one you mean with --kind ${kinds.join(" or --kind ")}`,
    );
  }
  return kinds[0]!;
}

export const pinsList: Command = {
  name: "pins list",
  summary: "List pinned definitions and the changes waiting for approval",
  usage: `Usage: bastion pins list [SERVER] [--kind KIND] [--json] [--config FILE]`,
  async run(argv) {
    const a = args(argv, 0, 1, "name at most one server");
    return withStore(a.config, async (store) => {
      const pins = (await new Pins(store).list(a.positionals[0])).filter(
        (p) => a.kind === undefined || p.kind === a.kind,
      );
      if (a.json)
        console.log(
          JSON.stringify(
            pins.map((p) => ({
              server: p.server,
              kind: p.kind,
              name: p.name,
              approved: p.approved?.hash ?? null,
              pending: p.pending?.hash ?? null,
            })),
          ),
        );
      else {
        for (const p of pins) {
          const state = p.pending
            ? p.approved
              ? "CHANGED, awaiting approval"
              : "NEW, awaiting approval"
            : "approved";
          console.log(`${p.server}  ${p.kind}  ${p.name}  ${state}`);
        }
        if (pins.length === 0) console.log("no pins yet");
      }
      return pins.some((p) => p.pending) ? 1 : 0;
    });
  },
};

export const pinsDiff: Command = {
  name: "pins diff",
  summary: "Show what changed in a definition since it was approved",
  usage: `Usage: bastion pins diff SERVER NAME [--kind KIND] [--config FILE]

${NAMES}`,
  async run(argv) {
    const a = args(argv, 2, 2, "name the server and the tool, prompt, resource, instructions or info");
    return withStore(a.config, async (store) => {
      const diff = await new Pins(store).diff(a.positionals[0]!, a.positionals[1]!, a.kind);
      if (diff === undefined) {
        console.log(`nothing is waiting for approval for ${a.positionals[0]} ${a.positionals[1]}`);
        return 0;
      }
      console.log(diff);
      return 1;
    });
  },
};

export const pinsApprove: Command = {
  name: "pins approve",
  summary: "Approve changed or new definitions of a server (or one of them)",
  usage: `Usage: bastion pins approve SERVER [NAME] [--kind KIND] [--config FILE]

Without NAME, everything of the server that waits is approved.
${NAMES}`,
  async run(argv) {
    const a = args(
      argv,
      1,
      2,
      "name the server, and optionally one tool, prompt, resource, instructions or info",
    );
    return withStore(a.config, async (store) => {
      const [server, name] = [a.positionals[0]!, a.positionals[1]];
      if (name === undefined && a.kind !== undefined) throw new UsageError("--kind needs a NAME");
      const kind = name === undefined ? undefined : await oneKind(store, server, name, a.kind);
      const n = kind === "none" ? 0 : await new Pins(store).approve(server, name, kind);
      console.log(
        n === 0 ? "nothing was waiting for approval" : `approved ${n} definition${n === 1 ? "" : "s"}`,
      );
      return 0;
    });
  },
};

export const pinsReject: Command = {
  name: "pins reject",
  summary: "Reject a changed definition: it stays withheld and the approved one stays in force",
  usage: `Usage: bastion pins reject SERVER NAME [--kind KIND] [--config FILE]

${NAMES}`,
  async run(argv) {
    const a = args(argv, 2, 2, "name the server and the tool, prompt, resource, instructions or info");
    return withStore(a.config, async (store) => {
      const [server, name] = [a.positionals[0]!, a.positionals[1]!];
      const kind = await oneKind(store, server, name, a.kind);
      const n = kind === "none" ? 0 : await new Pins(store).reject(server, name, kind);
      console.log(n === 0 ? "nothing was waiting for approval" : "rejected; the change stays withheld");
      return 0;
    });
  },
};
