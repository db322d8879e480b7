import { parseArgs } from "node:util";
import { loadConfig } from "../../config/load.js";
import { createLogger } from "../../log.js";
import { localPrincipal } from "../../auth/principal.js";
import { Gateway } from "../../gateway/gateway.js";
import { openStore, serverDef } from "../../gateway/build.js";
import { buildGuards } from "../../gateway/guards.js";
import { configSchema, stdioServerSchema } from "../../config/schema.js";
import { homedir } from "node:os";
import { join } from "node:path";
import { StdioFront } from "../../transport/stdio/stdio-front.js";
import { VERSION } from "../../version.js";
import { UsageError, type Command } from "../command.js";

export const wrapCommand: Command = {
  name: "wrap",
  summary: "Put the gateway in front of one local stdio server (for a desktop client's config)",
  usage: `Usage: bastion wrap [--name NAME] [--config FILE] [--env NAME ...] -- COMMAND [ARGS...]

Runs COMMAND as an MCP server and speaks MCP on this process's stdin/stdout, with the same
guards as the HTTP gateway. Put it in a client's config in place of the server's own command.
Without --config the default guards apply (poisoning blocked, definitions pinned, secrets
redacted, taint denied), with pins kept in ~/.bastion/wrap.db.
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
    // Without a config, wrap still guards: the defaults (poisoning blocked, definitions pinned,
    // secrets redacted, taint denied), with pins kept in ~/.bastion so a rug pull between two
    // launches of the desktop client is caught too.
    const base =
      loaded?.config ??
      configSchema.parse({
        servers: { [name]: { command } },
        store: `sqlite:${join(homedir(), ".bastion", "wrap.db")}`,
      });
    const own = base.servers[name];
    const server = stdioServerSchema.parse({
      command,
      args,
      env,
      prefix: false,
      ...(own ? { poisoning: own.poisoning, poisoning_allowlist: own.poisoning_allowlist } : {}),
      ...(own?.labels ? { labels: own.labels } : {}),
      ...(own?.egress ? { egress: own.egress } : {}),
    });
    const config = { ...base, servers: { [name]: server } };
    const limits = config.limits;
    const baseDir = loaded?.baseDir ?? process.cwd();
    const store = openStore(config.store, baseDir);
    const configured = await buildGuards(config, baseDir, store, log);
    const gw = new Gateway({
      servers: [serverDef(name, server, process.cwd(), log)],
      guards: configured.guards,
      ...(configured.serverRequests ? { serverRequests: configured.serverRequests } : {}),
      instructions: configured.instructions,
      ...(configured.serverIdentity ? { serverIdentity: configured.serverIdentity } : {}),
      log,
      version: VERSION,
      limits: {
        requestTimeoutMs: limits.request_timeout_ms,
        connectTimeoutMs: limits.connect_timeout_ms,
        maxSessions: 1,
        sessionIdleSeconds: Number.MAX_SAFE_INTEGER / 1000,
      },
    });
    const front = new StdioFront(
      gw,
      process.stdin,
      process.stdout,
      localPrincipal("stdio"),
      limits.max_body_bytes,
    );
    await front.run();
    configured.close();
    await gw.close();
    await store.close();
    return 0;
  },
};
