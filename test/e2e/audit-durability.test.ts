import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";

// The gateway under test is the CLI a user runs (from source through tsx, so a stale build is
// never what is tested), killed with SIGKILL while clients keep calls in flight; afterwards the
// audit is read back with the CLI a user would use.
const run = promisify(execFile);
const CLI = resolve("src/cli/main.ts");
const ECHO = resolve("test/fixtures/echo-server.mjs");
const CLIENTS = 4;
const CALLS_IN_FLIGHT_PER_CLIENT = 8;
const KILL_AFTER = 600;
// A gateway that answered before committing would lose only the records of the last turn of its
// event loop, so one kill can miss it; three in a row make such a loss all but certain to show.
const ROUNDS = 3;
const VERSION = "2025-11-25";

const dir = mkdtempSync(join(tmpdir(), "bastion-kill9-"));
let gateway: ChildProcess | undefined;

/** The gateway runs in its own process group, so its upstream children can be reaped with it. */
function killGroup(): void {
  if (gateway?.pid === undefined) return;
  try {
    process.kill(-gateway.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

after(() => {
  killGroup();
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(): string {
  const file = join(dir, "bastion.yaml");
  writeFileSync(
    file,
    stringify({
      listen: { host: "127.0.0.1", port: 0 },
      store: `sqlite:${join(dir, "bastion.db")}`,
      log: { level: "warn" },
      servers: { echo: { command: process.execPath, args: [ECHO], prefix: false, poisoning: "off" } },
      // every guard that inspects content off, so the audit is what the calls wait on
      pinning: { mode: "off" },
      taint: { on_trifecta: "off" },
      inspect: {
        secrets: { requests: "off", responses: "off" },
        pii: { requests: "off", responses: "off" },
        injection: { responses: "off" },
      },
      audit: { arguments: "redacted" },
    }),
  );
  return file;
}

/** Starts `bastion run` and resolves with its URL once it says it is listening. */
function startCli(config: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, "run", "--config", config], {
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
  });
  gateway = child;
  return new Promise((resolveStart, reject) => {
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url) resolveStart({ child, url });
    });
    child.once("exit", (code, signal) =>
      reject(new Error(`bastion run exited (${signal ?? code}) before listening: ${stderr}`)),
    );
  });
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One POST on a kept-alive connection; resolves only when the whole response body arrived. */
function post(agent: http.Agent, url: string, message: object, headers: Record<string, string> = {}) {
  return new Promise<Answer>((resolvePost, reject) => {
    const data = JSON.stringify(message);
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          "content-length": Buffer.byteLength(data),
          ...headers,
        },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (body += d));
        res.on("error", reject);
        res.on("end", () => {
          if (res.complete) resolvePost({ status: res.statusCode ?? 0, headers: res.headers, body });
          else reject(new Error("the response was cut short"));
        });
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

/** The JSON-RPC messages in a response body, whether it came as JSON or as an SSE stream. */
function messagesIn(answer: Answer): unknown[] {
  if (String(answer.headers["content-type"]).startsWith("text/event-stream")) {
    return answer.body
      .split("\n")
      .filter((line) => line.startsWith("data:"))
      .map((line) => JSON.parse(line.slice(5)) as unknown);
  }
  return [JSON.parse(answer.body) as unknown];
}

/** Whether the answer is the complete result of the echo call `id` that carried `marker`. */
function isEchoResult(answer: Answer, id: number, marker: string): boolean {
  if (answer.status !== 200) return false;
  return messagesIn(answer).some((m) => {
    const r = m as { id?: unknown; result?: { content?: Array<{ text?: unknown }> } };
    return r.id === id && r.result?.content?.[0]?.text === marker;
  });
}

async function openSession(agent: http.Agent, url: string, name: string): Promise<Record<string, string>> {
  const init = await post(agent, url, {
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: { protocolVersion: VERSION, capabilities: {}, clientInfo: { name, version: "1" } },
  });
  const session = init.headers["mcp-session-id"];
  if (init.status !== 200 || typeof session !== "string")
    throw new Error(`initialize failed: ${init.status} ${init.body}`);
  const headers = { "mcp-session-id": session, "mcp-protocol-version": VERSION };
  await post(agent, url, { jsonrpc: "2.0", method: "notifications/initialized" }, headers);
  return headers;
}

async function bastion(...args: string[]): Promise<{ code: number; stdout: string }> {
  return run(process.execPath, ["--import", "tsx", CLI, ...args], { maxBuffer: 64 * 1024 * 1024 }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
}

/** What one run of the gateway, killed under load, left the clients with. */
interface Round {
  received: string[];
  inFlightAtKill: number;
  cutShort: number;
}

let nextId = 1;

/**
 * Starts the gateway, has every client keep its calls in flight until `KILL_AFTER` echoes came
 * back, then kills the gateway with SIGKILL and collects whatever else arrives whole.
 */
async function loadAndKill(config: string): Promise<Round> {
  const { child, url } = await startCli(config);
  const exited = new Promise<NodeJS.Signals | null>((r) => child.once("exit", (_code, signal) => r(signal)));
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS * CALLS_IN_FLIGHT_PER_CLIENT });
  const round: Round = { received: [], inFlightAtKill: 0, cutShort: 0 };
  const unexpected: string[] = [];
  let inFlight = 0;
  let killed = false;
  try {
    // Each call carries a marker of its own, kept by `arguments: redacted`, to find its record.
    const caller = async (headers: Record<string, string>) => {
      while (!killed && unexpected.length === 0) {
        const id = nextId++;
        const marker = `call-${id}`;
        const call = {
          jsonrpc: "2.0",
          id,
          method: "tools/call",
          params: { name: "echo", arguments: { text: marker } },
        };
        inFlight++;
        let answer: Answer;
        try {
          answer = await post(agent, url, call, headers);
        } catch (e) {
          if (!killed) unexpected.push(`call ${id} failed before the kill: ${(e as Error).message}`);
          round.cutShort++;
          return;
        } finally {
          inFlight--;
        }
        if (isEchoResult(answer, id, marker)) round.received.push(marker);
        else if (!killed)
          unexpected.push(`call ${id} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
        if (round.received.length >= KILL_AFTER && !killed) {
          killed = true;
          round.inFlightAtKill = inFlight;
          process.kill(child.pid!, "SIGKILL");
        }
      }
    };
    const sessions = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => openSession(agent, url, `client-${i}`)),
    );
    await Promise.all(
      sessions.flatMap((headers) =>
        Array.from({ length: CALLS_IN_FLIGHT_PER_CLIENT }, () => caller(headers)),
      ),
    );
    assert.deepEqual(unexpected, [], "every call before the kill is answered with its echo");
    assert.equal(await exited, "SIGKILL");
    assert.ok(round.inFlightAtKill > 0, "calls were in flight when the gateway was killed");
    return round;
  } finally {
    agent.destroy();
    killGroup();
  }
}

test(
  "kill -9 under load, three times over, loses no audit record of any response a client received",
  { timeout: 120_000 },
  async (t) => {
    const config = writeConfig();
    const received: string[] = [];
    // Each run after the first continues the chain a killed gateway left behind.
    for (let i = 1; i <= ROUNDS; i++) {
      const round = await loadAndKill(config);
      received.push(...round.received);
      t.diagnostic(
        `run ${i}: ${round.received.length} responses received by ${CLIENTS} clients; ` +
          `${round.inFlightAtKill} calls in flight at the kill, ${round.cutShort} of them cut short`,
      );
    }

    const exported = await bastion("audit", "export", "--config", config);
    assert.equal(exported.code, 0, "bastion audit export reads the store the killed gateway left");
    const records = exported.stdout
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as { method: string; args: { text?: string } | null });
    const audited = new Set(records.filter((r) => r.method === "tools/call").map((r) => r.args?.text));
    const lost = received.filter((marker) => !audited.has(marker));
    const verify = await bastion("audit", "verify", "--config", config);
    t.diagnostic(
      `${received.length} responses received in all; ${audited.size} calls in the audit ` +
        `(${audited.size - received.length + lost.length} committed but never delivered); ` +
        `${lost.length} received without a record; ${verify.stdout.trim()}`,
    );
    assert.deepEqual(lost, [], `${lost.length} responses reached a client without an audit record`);
    assert.equal(verify.code, 0, verify.stdout);
    assert.match(verify.stdout, /^audit intact: \d+ records/);
  },
);
