import { parseArgs } from "node:util";
import {
  approvalsApproveCommand,
  approvalsDenyCommand,
  approvalsListCommand,
} from "../../approvals/index.js";
import { loadConfig } from "../../config/load.js";
import { UsageError, type Command } from "../command.js";
import { emit, withStore } from "./store.js";

const config = { config: { type: "string", short: "c", default: "bastion.yaml" } } as const;

/** Out-of-band approval needs the gateway's own store; an in-memory one is not shared. */
function sharedStore(path: string): void {
  if (loadConfig(path).config.store === "memory") {
    throw new UsageError(
      "the gateway's store is `memory`, which no other process can see; configure a sqlite store to approve out of band",
    );
  }
}

export const approvalsList: Command = {
  name: "approvals list",
  summary: "List calls held for approval",
  usage: `Usage: bastion approvals list [--json] [--config FILE]`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { ...config, json: { type: "boolean", default: false } },
      strict: true,
    });
    sharedStore(values.config!);
    return withStore(values.config!, async (store) =>
      emit(await approvalsListCommand({ store, json: values.json! })),
    );
  },
};

function decide(name: "approve" | "deny"): Command {
  return {
    name: `approvals ${name}`,
    summary: name === "approve" ? "Approve a held call (single use, until it expires)" : "Deny a held call",
    usage: `Usage: bastion approvals ${name} ID [--config FILE]`,
    async run(argv) {
      const { values, positionals } = parseArgs({
        args: argv,
        options: config,
        strict: true,
        allowPositionals: true,
      });
      if (positionals.length !== 1) throw new UsageError("name one approval id");
      sharedStore(values.config!);
      const fn = name === "approve" ? approvalsApproveCommand : approvalsDenyCommand;
      return withStore(values.config!, async (store) => emit(await fn({ store, id: positionals[0]! })));
    },
  };
}

export const approvalsApprove = decide("approve");
export const approvalsDeny = decide("deny");
