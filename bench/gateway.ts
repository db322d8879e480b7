// The gateway on the message path, measured in the same run as the peer proxies and the ceilings
// (../shared/bench/peers.sh), then with the durable audit log on against off.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchResult } from "./result.js";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const PEERS = resolve(ROOT, "..", "shared", "bench");

interface Point {
  label: string;
  C: number;
  /** absent when the load failed (`error` says why) */
  ok_per_s?: number;
  error?: string;
  p50_ms: number;
  p99_ms?: number;
}

type Measured = Point & { ok_per_s: number };

/** A private copy of the peer bench, so its npm install never writes into shared/. */
function peerDir(): string {
  const dir = join(tmpdir(), "bastion-peer-bench");
  if (!existsSync(join(dir, "node_modules"))) {
    mkdirSync(dir, { recursive: true });
    cpSync(PEERS, dir, { recursive: true });
    const r = spawnSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: dir, stdio: "inherit" });
    if (r.status !== 0) throw new Error("npm install of the peer bench failed");
  }
  return dir;
}

function config(dir: string, port: number, audit: boolean): string {
  const ev = join(dir, "node_modules/@modelcontextprotocol/server-everything/dist/index.js");
  const file = join(dir, `bench-${port}.yaml`);
  // every run starts from an empty store, so a store grown by earlier runs weighs on none
  for (const suffix of ["", "-wal", "-shm", "-audit-journal", "-audit-journal.moving"])
    rmSync(join(dir, `bench-${port}.db${suffix}`), { force: true });
  const lines = [
    `listen: { host: 127.0.0.1, port: ${port} }`,
    `store: sqlite:${join(dir, `bench-${port}.db`)}`,
    "log: { level: warn }",
    "servers:",
    "  everything:",
    `    command: ${process.execPath}`,
    `    args: ["${ev}", "stdio"]`,
    "    prefix: false",
    "    poisoning: off",
    // the empty chain: every guard off, as the peers have none
    "pinning: { mode: off }",
    "taint: { on_trifecta: off }",
    "inspect: { secrets: { requests: off, responses: off }, pii: { requests: off, responses: off }, injection: { responses: off } }",
  ];
  if (audit) lines.push("audit: { arguments: redacted }");
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

function parsePoints(out: string): Point[] {
  return out
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Point);
}

async function startGateway(cfg: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, "dist/cli/main.js"), "run", "--config", cfg], {
    stdio: "ignore",
  });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error("the gateway did not start");
}

/** Stops a gateway and waits until it has exited, so its port and store are free again. */
function stopGateway(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill();
  return exited;
}

function load(dir: string, url: string, c: number, dur: number, label: string): Measured {
  const r = spawnSync(process.execPath, ["rawload.mjs", url], {
    cwd: dir,
    env: { ...process.env, C: String(c), DUR: String(dur), LABEL: label },
    encoding: "utf8",
  });
  // a load that failed counts as no calls served: the audit's cost comes out high, never hidden
  const p = parsePoints(r.stdout)[0];
  return { label, C: c, p50_ms: Number.NaN, ...p, ok_per_s: p?.ok_per_s ?? 0 };
}

export async function run(): Promise<BenchResult[]> {
  if (!existsSync(join(ROOT, "dist/cli/main.js"))) throw new Error("run `npm run build` first");
  if (!existsSync(PEERS)) throw new Error(`the peer bench is missing at ${PEERS}`);
  const dir = peerDir();
  const dur = process.env.DUR ?? "6";
  const port = 39104;
  const cfg = config(dir, port, false);
  const peers = spawnSync("bash", ["peers.sh"], {
    cwd: dir,
    env: {
      ...process.env,
      DUR: dur,
      BASTION_CMD: `${process.execPath} ${join(ROOT, "dist/cli/main.js")} run --config ${cfg}`,
      BASTION_URL: `http://127.0.0.1:${port}/mcp`,
    },
    encoding: "utf8",
  });
  const points = parsePoints(peers.stdout);
  for (const p of points) console.log(JSON.stringify(p));
  // a point whose load failed has no figures: say so, rather than compare against nothing
  if (points.some((p) => p.ok_per_s === undefined)) console.log(`peers.sh said:\n${peers.stderr.trim()}`);
  const measured = (p: Point): p is Measured => p.ok_per_s !== undefined;
  const at = (label: string, c: number) =>
    points.filter(measured).find((p) => p.label === label && p.C === c);
  const ours1 = at("ours", 1);
  const ours16 = at("ours", 16);
  const proxy16 = at("mcp-proxy", 16);
  const results: BenchResult[] = [];
  if (ours1)
    results.push({
      name: "gateway p50 at 1 caller",
      value: ours1.p50_ms,
      unit: "ms",
      target: "<= 0.4",
      pass: ours1.p50_ms <= 0.4,
    });
  if (!proxy16) console.log("no mcp-proxy figure at 16 callers in this run: the ratio to it is not measured");
  if (ours16) {
    // NaN, a miss, when the peer's load failed
    const ratio = proxy16 ? ours16.ok_per_s / proxy16.ok_per_s : Number.NaN;
    results.push({
      name: "gateway / mcp-proxy calls/s at 16 callers",
      value: +ratio.toFixed(2),
      unit: "x",
      target: ">= 3",
      pass: ratio >= 3,
    });
  }

  // Durable audit on against off, same machine. One pair of loads swings by ±10 points here (two
  // cores shared by the load, the upstream and the gateway), so the two alternate for several
  // rounds, in both orders, and the cost is taken from the calls of all rounds together. Only the
  // gateway being measured runs, started afresh: the upstream of an earlier load's session would
  // otherwise stay up beside it and keep sending its periodic notifications.
  const rounds = Number(process.env.AUDIT_ROUNDS ?? 10);
  let offCalls = 0;
  let onCalls = 0;
  const perRound: number[] = [];
  const measure = async (audit: boolean, round: number): Promise<Measured> => {
    const at = port + (audit ? 2 : 1);
    const gateway = await startGateway(config(dir, at, audit), at);
    try {
      return load(
        dir,
        `http://127.0.0.1:${at}/mcp`,
        16,
        Number(dur),
        `audit-${audit ? "on" : "off"}-${round}`,
      );
    } finally {
      await stopGateway(gateway);
    }
  };
  for (let round = 1; round <= rounds; round++) {
    let o: Measured;
    let a: Measured;
    if (round % 2) {
      o = await measure(false, round);
      a = await measure(true, round);
    } else {
      a = await measure(true, round);
      o = await measure(false, round);
    }
    console.log(JSON.stringify(o));
    console.log(JSON.stringify(a));
    offCalls += o.ok_per_s;
    onCalls += a.ok_per_s;
    perRound.push(100 * (1 - a.ok_per_s / o.ok_per_s));
  }
  const cost = 1 - onCalls / offCalls;
  // The spread of the rounds says how far one run's figure can be trusted: a pooled cost a point
  // or two from the target, with a standard error of three, is not a verdict either way.
  const mean = perRound.reduce((sum, c) => sum + c, 0) / rounds;
  const spread = Math.sqrt(perRound.reduce((sum, c) => sum + (c - mean) ** 2, 0) / Math.max(1, rounds - 1));
  console.log(
    `audit cost per round: ${perRound.map((c) => `${c.toFixed(0)}%`).join(" ")} ` +
      `(mean ${mean.toFixed(1)}%, standard error ${(spread / Math.sqrt(rounds)).toFixed(1)} points)`,
  );
  results.push({
    name: `throughput cost of durable audit (16 callers, ${rounds} alternating rounds)`,
    value: +(cost * 100).toFixed(1),
    unit: "%",
    target: "<= 15",
    pass: cost <= 0.15,
  });
  results.push(...(await memory(dir, port + 3)));
  return results;
}

const rssKb = (pid: number) =>
  Number(spawnSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" }).stdout.trim() || 0);
const childrenRssKb = (pid: number) =>
  spawnSync("ps", ["-o", "rss=", "--ppid", String(pid)], { encoding: "utf8" })
    .stdout.split("\n")
    .reduce((a, l) => a + (Number(l.trim()) || 0), 0);

/** Idle RSS of a fresh gateway, then what each open session costs (gateway heap and upstream children). */
async function memory(dir: string, port: number): Promise<BenchResult[]> {
  const gw = await startGateway(config(dir, port, false), port);
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const idle = rssKb(gw.pid!);
    const N = 10;
    for (let i = 0; i < N; i++) {
      const r = await fetch(`http://127.0.0.1:${port}/mcp`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: {
            protocolVersion: "2025-11-25",
            capabilities: {},
            clientInfo: { name: "mem", version: "1" },
          },
        }),
      });
      await r.text();
    }
    await new Promise((r) => setTimeout(r, 1000));
    const perSession = (rssKb(gw.pid!) - idle) / N;
    const children = childrenRssKb(gw.pid!) / N;
    return [
      {
        name: "gateway idle RSS",
        value: Math.round(idle / 1024),
        unit: "MB",
        target: "< 100",
        pass: idle / 1024 < 100,
      },
      {
        name: "gateway RSS per open session",
        value: +(perSession / 1024).toFixed(2),
        unit: "MB",
        target: "report",
        pass: true,
      },
      {
        name: "upstream child RSS per session (1 stdio server)",
        value: Math.round(children / 1024),
        unit: "MB",
        target: "report",
        pass: true,
      },
    ];
  } finally {
    gw.kill();
  }
}
