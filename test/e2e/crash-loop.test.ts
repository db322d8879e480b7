import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { resolve } from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { stringify } from "yaml";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { parseConfig } from "../../src/config/load.js";
import { startGateway } from "../../src/gateway/start.js";
import type { Alert } from "../../src/alerts/index.js";

const CRASHING = resolve("test/fixtures/crashing-server.mjs");
const ECHO = resolve("test/fixtures/echo-server.mjs");

interface LogLine {
  msg: string;
  session?: string;
  alert?: Alert;
}

/** A list that grows as things happen; `until` resolves once the predicate holds for it. */
function awaitable<T>() {
  const items: T[] = [];
  const waiters = new Set<() => void>();
  return {
    items,
    push(item: T) {
      items.push(item);
      for (const w of [...waiters]) w();
    },
    until(holds: (items: T[]) => boolean) {
      return new Promise<void>((resolveWait) => {
        const check = () => {
          if (!holds(items)) return;
          waiters.delete(check);
          resolveWait();
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** A gateway logger whose lines are kept, parsed, as they are written. */
function capturingLogger() {
  const lines = awaitable<LogLine>();
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as LogLine);
      done();
    },
  });
  return { log: pino({ level: "info" }, stream), lines };
}

/** A loopback webhook that keeps every alert posted to it. */
async function webhookReceiver() {
  const alerts = awaitable<Alert>();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      alerts.push(JSON.parse(body) as Alert);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/alerts`;
  return { alerts, url, close: () => new Promise((r) => server.close(r)) };
}

/** One sample of a Prometheus text exposition, or undefined when the series is absent. */
function sample(text: string, name: string, server: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name}{server="${server}"} `));
  return line === undefined ? undefined : Number(line.split(" ")[1]);
}

test(
  "a server that keeps crashing raises one upstream.crashloop alert and shows in the metrics, while the others keep answering",
  { timeout: 60_000 },
  async () => {
    const hook = await webhookReceiver();
    const { log, lines } = capturingLogger();
    const config = parseConfig(
      stringify({
        listen: { host: "127.0.0.1", port: 0 },
        store: "memory",
        servers: {
          broken: { command: process.execPath, args: [CRASHING] },
          echo: { command: process.execPath, args: [ECHO] },
        },
        metrics: { enabled: true },
        alerts: { webhook: hook.url },
      }),
      "crash-loop.yaml",
    );
    const gw = await startGateway({ config, file: "crash-loop.yaml", baseDir: process.cwd() }, log, {
      allowUnauthenticatedRemote: false,
    });
    const clients: Client[] = [];
    try {
      // two clients, so two sessions each run their own copy of the broken server into a loop
      for (const name of ["first", "second"]) {
        const client = new Client({ name, version: "1" });
        await client.connect(new StreamableHTTPClientTransport(new URL(gw.url)));
        clients.push(client);
      }
      const echoed = await clients[0]!.callTool({ name: "echo__echo", arguments: { text: "still here" } });
      assert.deepEqual(echoed.content, [{ type: "text", text: "still here" }]);

      const looping = (l: LogLine[]) =>
        new Set(l.filter((x) => x.msg === "upstream is crash-looping").map((x) => x.session)).size;
      await lines.until((l) => looping(l) === 2);
      const isCrashLoop = (a: Alert | undefined) => a?.type === "upstream.crashloop";
      await hook.alerts.until((a) => a.some(isCrashLoop));
      // the alerter logs every alert it sends, so one on the log is one to the webhook, ever
      const raised = lines.items.filter((l) => isCrashLoop(l.alert));
      assert.equal(raised.length, 1, "both sessions' loops are one incident: one alert");
      const sent = hook.alerts.items.filter(isCrashLoop);
      assert.equal(sent.length, 1, "the webhook received exactly one crash-loop alert");
      const alert = sent[0]!;
      assert.equal(alert.server, "broken");
      assert.equal(alert.severity, "critical");
      assert.equal(alert.count, 4, "four restarts between the first loss and the fifth");
      assert.ok(alert.window_seconds! > 0);
      assert.match(alert.summary, /^upstream broken restarted 4 times in [\d.]+s$/);
      assert.deepEqual(
        hook.alerts.items.filter((a) => !isCrashLoop(a)),
        [],
        "nothing else was alerted",
      );

      const metrics = await (await fetch(new URL("/metrics", gw.url))).text();
      assert.equal(sample(metrics, "bastion_upstream_up", "broken"), 0);
      assert.equal(sample(metrics, "bastion_upstream_up", "echo"), 1);
      // each session restarted it at least four times before its fifth loss made it a loop
      assert.ok((sample(metrics, "bastion_upstream_restarts_total", "broken") ?? 0) >= 8, metrics);
      assert.equal(sample(metrics, "bastion_upstream_restarts_total", "echo"), undefined);

      const again = await clients[1]!.callTool({ name: "echo__echo", arguments: { text: "and here" } });
      assert.deepEqual(again.content, [{ type: "text", text: "and here" }]);
    } finally {
      for (const client of clients) await client.close();
      await gw.close();
      await hook.close();
    }
  },
);
