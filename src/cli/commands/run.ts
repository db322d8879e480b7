import { parseArgs } from "node:util";
import { loadConfig } from "../../config/load.js";
import { createLogger } from "../../log.js";
import { startGateway } from "../../gateway/start.js";
import type { Command } from "../command.js";

export const runCommand: Command = {
  name: "run",
  summary: "Start the gateway (Streamable HTTP at /mcp, legacy SSE at /sse)",
  usage: `Usage: bastion run --config FILE [--allow-unauthenticated-remote]

Starts the gateway described by FILE (YAML). It serves Streamable HTTP at listen.path
(default /mcp), legacy HTTP+SSE at /sse, and /healthz and /readyz, and fronts every
server under "servers". Stops cleanly on SIGINT or SIGTERM.

Options:
  -c, --config FILE                 the configuration file (default: bastion.yaml)
  --allow-unauthenticated-remote    listen on a non-loopback address without authentication
                                    (dangerous: anyone who can reach the port can use every server)`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        config: { type: "string", short: "c", default: "bastion.yaml" },
        "allow-unauthenticated-remote": { type: "boolean", default: false },
      },
      strict: true,
    });
    const loaded = loadConfig(values.config!);
    const log = createLogger(loaded.config.log.level);
    let running: Awaited<ReturnType<typeof startGateway>>;
    try {
      running = await startGateway(loaded, log, {
        allowUnauthenticatedRemote: values["allow-unauthenticated-remote"]!,
      });
    } catch (e) {
      // What started before the failure (upstream processes, timers, the checkpoint worker) must
      // not keep alive a gateway that never served, holding its store and journal.
      console.error(`bastion run: ${(e as Error).message}`);
      process.exit(1);
    }
    console.error(`bastion ${running.version} listening on ${running.url}`);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, "shutting down");
      running.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
    await new Promise(() => {});
    return 0;
  },
};
