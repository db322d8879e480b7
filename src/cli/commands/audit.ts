import { parseArgs } from "node:util";
import {
  auditExportCommand,
  auditQueryCommand,
  auditTailCommand,
  auditVerifyCommand,
  withJournal,
} from "../../audit/index.js";
import type { Store } from "../../store/store.js";
import type { Command } from "../command.js";
import { emit, withStore } from "./store.js";

/** The store as the audit commands read it: with the records a gateway's journal still holds. */
const withAuditStore = <T>(configPath: string, fn: (store: Store) => Promise<T>) =>
  withStore(configPath, (store) => fn(withJournal(store)));

const config = { config: { type: "string", short: "c", default: "bastion.yaml" } } as const;

export const auditVerify: Command = {
  name: "audit verify",
  summary: "Check the audit log's hash chain; name the first record that was tampered with",
  usage: `Usage: bastion audit verify [--config FILE]

Exits 0 when the log is intact, 1 naming the first record that was modified, removed,
inserted or reordered.`,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: config, strict: true });
    return withAuditStore(values.config!, async (store) => emit(await auditVerifyCommand({ store })));
  },
};

export const auditTail: Command = {
  name: "audit tail",
  summary: "Show the latest audit records",
  usage: `Usage: bastion audit tail [-n N] [--json] [--config FILE]`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...config,
        n: { type: "string", short: "n", default: "20" },
        json: { type: "boolean", default: false },
      },
      strict: true,
    });
    return withAuditStore(values.config!, async (store) =>
      emit(await auditTailCommand({ store, n: Number(values.n), json: values.json! })),
    );
  },
};

export const auditQuery: Command = {
  name: "audit query",
  summary: "Search audit records by principal, server, decision and time",
  usage: `Usage: bastion audit query [--principal P] [--server S] [--decision allow|modify|deny|hold] [--since 15m|ISO] [--json] [--config FILE]`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...config,
        principal: { type: "string" },
        server: { type: "string" },
        decision: { type: "string" },
        since: { type: "string" },
        json: { type: "boolean", default: false },
      },
      strict: true,
    });
    return withAuditStore(values.config!, async (store) =>
      emit(
        await auditQueryCommand({
          store,
          json: values.json!,
          ...(values.principal ? { principal: values.principal } : {}),
          ...(values.server ? { server: values.server } : {}),
          ...(values.decision ? { decision: values.decision } : {}),
          ...(values.since ? { since: values.since } : {}),
        }),
      ),
    );
  },
};

export const auditExport: Command = {
  name: "audit export",
  summary: "Print the whole audit log as JSON lines",
  usage: `Usage: bastion audit export [--config FILE]`,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: config, strict: true });
    return withAuditStore(values.config!, async (store) => emit(await auditExportCommand({ store })));
  },
};
