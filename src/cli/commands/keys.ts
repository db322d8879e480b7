import { parseArgs } from "node:util";
import { keysCreateCommand, keysListCommand, keysRevokeCommand } from "../../auth/index.js";
import { UsageError, type Command } from "../command.js";
import { emit, withStore } from "./store.js";

const config = { config: { type: "string", short: "c", default: "bastion.yaml" } } as const;

export const keysCreate: Command = {
  name: "keys create",
  summary: "Create an API key (printed once; only a slow hash is kept)",
  usage: `Usage: bastion keys create --name NAME [--scopes a,b] [--expires 30d|never] [--config FILE]

Prints the new key on stdout, once. Keys start with "bst_" and are sent as
"Authorization: Bearer <key>". Keys expire after 90 days unless --expires says otherwise.`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...config,
        name: { type: "string" },
        scopes: { type: "string" },
        expires: { type: "string" },
      },
      strict: true,
    });
    if (!values.name) throw new UsageError("--name is required");
    const scopes = values.scopes
      ? values.scopes
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined;
    return withStore(values.config!, async (store) =>
      emit(
        await keysCreateCommand({
          store,
          name: values.name!,
          ...(scopes ? { scopes } : {}),
          ...(values.expires ? { expires: values.expires } : {}),
        }),
      ),
    );
  },
};

export const keysList: Command = {
  name: "keys list",
  summary: "List API keys (names, scopes, expiry; never the keys)",
  usage: `Usage: bastion keys list [--json] [--config FILE]`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { ...config, json: { type: "boolean", default: false } },
      strict: true,
    });
    return withStore(values.config!, async (store) =>
      emit(await keysListCommand({ store, json: values.json! })),
    );
  },
};

export const keysRevoke: Command = {
  name: "keys revoke",
  summary: "Revoke an API key by name (takes effect at once)",
  usage: `Usage: bastion keys revoke NAME [--config FILE]`,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: config,
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new UsageError("name exactly one key to revoke");
    return withStore(values.config!, async (store) =>
      emit(await keysRevokeCommand({ store, name: positionals[0]! })),
    );
  },
};
