import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createMetricsHandler, isLoopback } from "./handler.js";
import { createMetrics, methodLabel } from "./registry.js";

const TOKEN = "scrape-token-0123456789";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text exposition format strictly; throws on any line it does not accept. */
function parsePrometheus(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const name = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  const label = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
  const sample = new RegExp(`^(${name})(?:\\{((?:${label})(?:,${label})*)?\\})? (\\S+)(?: -?\\d+)?$`);
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const help = new RegExp(`^# HELP ${name} .*$`).test(line);
    const type = new RegExp(`^# TYPE (${name}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
    if (type) types.set(type[1] as string, type[2] as string);
    if (help || type) continue;
    const m = sample.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    const value = m[3] === "+Inf" ? Infinity : m[3] === "-Inf" ? -Infinity : Number(m[3]);
    if (Number.isNaN(value) && m[3] !== "NaN") throw new Error(`bad sample value: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[k as string] = v as string;
    }
    samples.push({ name: m[1] as string, labels, value });
  }
  return { types, samples };
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    ?.value;
}

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test("/metrics parses as Prometheus text and its counters move with traffic", async () => {
  const metrics = createMetrics();
  const { url, close } = await serve(createMetricsHandler({ registry: metrics.registry, token: TOKEN }));
  const scrape = async () => {
    const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    return parsePrometheus(await res.text());
  };
  try {
    metrics.openSessions.set(1);
    const before = await scrape();
    assert.equal(before.types.get("bastion_requests_total"), "counter");
    assert.equal(before.types.get("bastion_gateway_overhead_seconds"), "histogram");
    assert.equal(before.types.get("bastion_upstream_latency_seconds"), "histogram");
    assert.equal(before.types.get("bastion_upstream_up"), "gauge");
    assert.equal(before.types.get("bastion_open_sessions"), "gauge");

    metrics.observeCall({
      server: "fs",
      method: "tools/call",
      decision: "deny",
      findings: ["github-token"],
      gateway_ms: 2,
      upstream_ms: 30,
    });
    metrics.observeCall({ server: "fs", method: "tools/call", decision: "deny", gateway_ms: 1 });
    metrics.authFailures.inc({ reason: "invalid_token" });
    metrics.upstreamUp.set({ server: "fs" }, 1);
    metrics.upstreamRestarts.inc({ server: "fs" });
    metrics.openSessions.inc();
    const after = (await scrape()).samples;
    const call = { server: "fs", method: "tools/call", decision: "deny" };
    assert.equal(value(after, "bastion_requests_total", call), 2);
    assert.equal(value(after, "bastion_findings_total", { rule: "github-token" }), 1);
    assert.equal(value(after, "bastion_auth_failures_total", { reason: "invalid_token" }), 1);
    assert.equal(value(after, "bastion_upstream_up", { server: "fs" }), 1);
    assert.equal(value(after, "bastion_upstream_restarts_total", { server: "fs" }), 1);
    assert.equal(value(after, "bastion_open_sessions"), 2);
    assert.equal(value(after, "bastion_gateway_overhead_seconds_count", { method: "tools/call" }), 2);
    assert.equal(
      value(after, "bastion_gateway_overhead_seconds_bucket", { method: "tools/call", le: "0.001" }),
      1,
    );
    assert.equal(
      value(after, "bastion_upstream_latency_seconds_count", { server: "fs", method: "tools/call" }),
      1,
    );
  } finally {
    await close();
  }
});

test("/metrics with a token refuses a missing or wrong bearer token with 401", async () => {
  const metrics = createMetrics();
  const { url, close } = await serve(createMetricsHandler({ registry: metrics.registry, token: TOKEN }));
  try {
    const none = await fetch(`${url}/metrics`);
    assert.equal(none.status, 401);
    assert.match(none.headers.get("www-authenticate") ?? "", /^Bearer/);
    const wrong = await fetch(`${url}/metrics`, {
      headers: { authorization: "Bearer not-the-token-at-all" },
    });
    assert.equal(wrong.status, 401);
    assert.equal((await fetch(`${url}/other`)).status, 404);
    assert.equal((await fetch(`${url}/metrics`, { method: "POST" })).status, 405);
  } finally {
    await close();
  }
});

test("/metrics without a token serves loopback clients and refuses others with 403", async () => {
  const metrics = createMetrics();
  const handler = createMetricsHandler({ registry: metrics.registry });
  const { url, close } = await serve(handler);
  try {
    assert.equal((await fetch(`${url}/metrics`)).status, 200);
  } finally {
    await close();
  }
  let status = 0;
  const remote = { url: "/metrics", method: "GET", headers: {}, socket: { remoteAddress: "10.1.2.3" } };
  const res = { writeHead: (s: number) => (status = s), end: () => undefined };
  await handler(remote as unknown as IncomingMessage, res as unknown as ServerResponse);
  assert.equal(status, 403);
});

test("loopback means 127.0.0.0/8 and ::1, including IPv4-mapped forms", () => {
  assert.ok(
    isLoopback("127.0.0.1") &&
      isLoopback("127.8.9.10") &&
      isLoopback("::1") &&
      isLoopback("::ffff:127.0.0.1"),
  );
  assert.ok(
    !isLoopback("10.0.0.1") &&
      !isLoopback("::ffff:10.0.0.1") &&
      !isLoopback("fe80::1") &&
      !isLoopback(undefined),
  );
});

test("method names a client invents share one label value", () => {
  assert.equal(methodLabel("tools/call"), "tools/call");
  assert.equal(methodLabel("notifications/progress"), "notifications");
  assert.equal(methodLabel("x/random-1234"), "other");
});

test("a metrics token shorter than 16 characters is refused", () => {
  assert.throws(
    () => createMetricsHandler({ registry: createMetrics().registry, token: "short" }),
    /at least 16/,
  );
});
