import { parseArgs } from "node:util";
import { loadConfig } from "../../config/load.js";
import { createLogger } from "../../log.js";
import { localPrincipal } from "../../auth/principal.js";
import { Gateway } from "../../gateway/gateway.js";
import { openStore, serverDef } from "../../gateway/build.js";
import { buildGuards } from "../../gateway/guards.js";
import { MemoryStore } from "../../store/memory.js";
import { StdioFront } from "../../transport/stdio/stdio-front.js";
import { VERSION } from "../../version.js";
import { UsageError, type Command } from "../command.js";

export const wrapCommand: Command = {
  name: "wrap",
  summary: "Put the gateway in front of one local stdio server (for a desktop client's config)",
  usage: `Usage: bastion wrap [--name NAME] [--config FILE] [--env NAME ...] -- COMMAND [ARGS...]

Runs COMMAND as an MCP server and speaks MCP on this process's stdin/stdout, with the same
guards as the HTTP gateway. Put it in a client's config in place of the server's own command.
Only the variables named with --env (plus PATH and HOME) reach the server.

Options:
  --name NAME     the server's name in logs and audit records (default: the command's name)
  -c, --config F  read limits and guards from a gateway configuration file
  --env NAME      pass this variable from the environment to the server (repeatable)`,
  async run(argv) {
    const dash = argv.indexOf("--");
    if (dash === -1 || dash === argv.length - 1) throw new UsageError("wrap needs a command after --");
    const { values } = parseArgs({
      args: argv.slice(0, dash),
      options: {
        name: { type: "string" },
        config: { type: "string", short: "c" },
        env: { type: "string", multiple: true, default: [] },
      },
      strict: true,
    });
    const [command, ...args] = argv.slice(dash + 1) as [string, ...string[]];
    const loaded = values.config ? loadConfig(values.config) : undefined;
    const log = createLogger(loaded?.config.log.level ?? process.env.BASTION_LOG_LEVEL ?? "warn");
    const env: Record<string, string> = {};
    for (const name of values.env!) {
      const v = process.env[name];
      if (v === undefined) throw new UsageError(`--env ${name}: the variable is not set`);
      env[name] = v;
    }
    const name = values.name ?? (command.split("/").pop() || "server").replace(/[^A-Za-z0-9_-]/g, "_");
    const limits = loaded?.config.limits;
    const store = loaded ? openStore(loaded.config.store, loaded.baseDir) : new MemoryStore();
    const configured = loaded ? await buildGuards(loaded.config, loaded.baseDir, store, log) : undefined;
    const gw = new Gateway({
      servers: [
        {
          ...serverDef(
            name,
            { command, args, env, prefix: false, enabled: true, poisoning: "block", poisoning_allowlist: [] },
            process.cwd(),
            log,
          ),
          prefix: false,
        },
      ],
      guards: configured?.guards ?? [],
      ...(configured?.serverRequests ? { serverRequests: configured.serverRequests } : {}),
      ...(configured ? { instructions: configured.instructions } : {}),
      log,
      version: VERSION,
      limits: {
        requestTimeoutMs: limits?.request_timeout_ms ?? 60_000,
        connectTimeoutMs: limits?.connect_timeout_ms ?? 30_000,
        maxSessions: 1,
        sessionIdleSeconds: Number.MAX_SAFE_INTEGER / 1000,
      },
    });
    const front = new StdioFront(
      gw,
      process.stdin,
      process.stdout,
      localPrincipal("stdio"),
      limits?.max_body_bytes ?? 4 * 1024 * 1024,
    );
    await front.run();
    configured?.close();
    await gw.close();
    await store.close();
    return 0;
  },
};
