import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tracerOptionsFromConfig, tracingConfigSchema } from "./config.js";
import { formatTraceparent, parseTraceparent } from "./traceparent.js";
import { incomingTrace } from "./incoming.js";
import { createTracer, NOOP_TRACER } from "./tracer.js";

const PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
  status: { code: number; message?: string };
}

interface OtlpRequest {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans: Array<{ spans: OtlpSpan[] }>;
  }>;
}

/** A loopback OTLP/HTTP receiver that keeps each export request. */
async function collector() {
  const requests: Array<{ path: string; headers: Record<string, unknown>; body: OtlpRequest }> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      requests.push({ path: req.url ?? "", headers: req.headers, body: JSON.parse(body) as OtlpRequest });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test("traceparent headers are parsed as the W3C Trace Context spec requires", () => {
  assert.deepEqual(parseTraceparent(PARENT), {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId: "00f067aa0ba902b7",
    sampled: true,
  });
  assert.equal(parseTraceparent(PARENT.replace(/01$/, "00"))?.sampled, false);
  assert.equal(
    parseTraceparent(`01${PARENT.slice(2)}-future-field`)?.traceId,
    "4bf92f3577b34da6a3ce929d0e0e4736",
  );
  for (const bad of [
    `ff${PARENT.slice(2)}`,
    PARENT.toUpperCase(),
    `00-${"0".repeat(32)}-00f067aa0ba902b7-01`,
    `00-4bf92f3577b34da6a3ce929d0e0e4736-${"0".repeat(16)}-01`,
    `${PARENT}-extra`,
    "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
    "",
  ]) {
    assert.equal(parseTraceparent(bad), undefined, bad);
  }
  assert.equal(
    formatTraceparent({ traceId: "a".repeat(32), spanId: "b".repeat(16), sampled: true }),
    `00-${"a".repeat(32)}-${"b".repeat(16)}-01`,
  );
});

test("a request span and its upstream child are exported over OTLP/HTTP in the caller's trace", async () => {
  const otlp = await collector();
  try {
    const tracer = createTracer({
      endpoint: otlp.url,
      headers: { "x-api-key": "collector-key" },
      serviceName: "bastion-test",
    });
    const request = tracer.startRequestSpan(
      "tools/call",
      { traceparent: PARENT, tracestate: "vendor=1" },
      { "mcp.method.name": "tools/call" },
    );
    const upstream = request.startChild("upstream github", { "server.address": "api.github.com" });
    const headers = upstream.propagationHeaders();
    assert.match(headers.traceparent ?? "", /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    assert.equal(parseTraceparent(headers.traceparent)?.spanId, upstream.context?.spanId);
    assert.equal(headers.tracestate, "vendor=1");
    upstream.setAttribute("http.response.status_code", 502).setStatus("error", "bad gateway").end();
    request.setAttribute("bastion.decision", "allow").setAttribute("bastion.overhead_ms", 0.75).end();
    await tracer.shutdown();

    assert.equal(otlp.requests.length, 1);
    const [sent] = otlp.requests;
    assert.equal(sent?.path, "/v1/traces");
    assert.equal(sent?.headers["x-api-key"], "collector-key");
    const resource = sent?.body.resourceSpans[0];
    assert.deepEqual(resource?.resource.attributes, [
      { key: "service.name", value: { stringValue: "bastion-test" } },
    ]);
    const spans = resource?.scopeSpans[0]?.spans ?? [];
    const server = spans.find((s) => s.name === "tools/call");
    const client = spans.find((s) => s.name === "upstream github");
    assert.ok(server && client);
    assert.equal(server.traceId, "4bf92f3577b34da6a3ce929d0e0e4736");
    assert.equal(server.parentSpanId, "00f067aa0ba902b7");
    assert.equal(server.kind, 2);
    assert.equal(client.traceId, server.traceId);
    assert.equal(client.parentSpanId, server.spanId);
    assert.equal(client.kind, 3);
    assert.deepEqual(client.status, { code: 2, message: "bad gateway" });
    assert.ok(BigInt(server.endTimeUnixNano) >= BigInt(client.endTimeUnixNano));
    assert.ok(BigInt(client.startTimeUnixNano) >= BigInt(server.startTimeUnixNano));
    assert.ok(Math.abs(Number(BigInt(server.startTimeUnixNano) / 1_000_000n) - Date.now()) < 60_000);
    assert.deepEqual(server.attributes.find((a) => a.key === "bastion.overhead_ms")?.value, {
      doubleValue: 0.75,
    });
    assert.deepEqual(client.attributes.find((a) => a.key === "http.response.status_code")?.value, {
      intValue: "502",
    });
  } finally {
    await otlp.close();
  }
});

test("a request without a valid traceparent starts a new trace", async () => {
  const tracer = createTracer({ endpoint: "http://127.0.0.1:9", exportIntervalMs: 60_000 });
  const span = tracer.startRequestSpan("ping", { traceparent: "garbage" });
  assert.match(span.context?.traceId ?? "", /^[0-9a-f]{32}$/);
  assert.notEqual(span.context?.traceId, "4bf92f3577b34da6a3ce929d0e0e4736");
});

test("unsampled traces still propagate but are not exported", async () => {
  const otlp = await collector();
  try {
    const tracer = createTracer({ endpoint: otlp.url, sampleRatio: 0 });
    const span = tracer.startRequestSpan("tools/call");
    assert.match(span.startChild("upstream").propagationHeaders().traceparent ?? "", /-00$/);
    span.end();
    const followed = tracer.startRequestSpan("tools/call", { traceparent: PARENT.replace(/01$/, "00") });
    followed.end();
    await tracer.shutdown();
    assert.equal(otlp.requests.length, 0);
  } finally {
    await otlp.close();
  }
});

test("without an endpoint the tracer is inert and hands out one shared span", () => {
  const options = tracerOptionsFromConfig(tracingConfigSchema.parse({}));
  assert.equal(options, undefined);
  const tracer = createTracer(options);
  assert.equal(tracer, NOOP_TRACER);
  const a = tracer.startRequestSpan("a", { traceparent: PARENT });
  const b = tracer.startRequestSpan("b");
  assert.equal(a, b);
  assert.equal(a.startChild("c"), a);
  assert.deepEqual(a.propagationHeaders(), {});
  assert.equal(a.context, undefined);
});

test("the tracing config names a bad endpoint and rejects unknown keys", () => {
  assert.throws(() => tracingConfigSchema.parse({ endpoint: "grpc://collector:4317" }), /http\(s\) URL/);
  assert.throws(() => tracingConfigSchema.parse({ endpoint: "http://c:4318", sampling: 1 }), /sampling/);
  assert.equal(
    tracerOptionsFromConfig(tracingConfigSchema.parse({ endpoint: "http://c:4318" }))?.sampleRatio,
    1,
  );
});

test("a request's own _meta trace context wins over the HTTP headers, an invalid one does not", () => {
  const OTHER = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  const headers = { traceparent: OTHER, tracestate: "h=1" };
  assert.deepEqual(incomingTrace({ _meta: { traceparent: PARENT, tracestate: "m=1" } }, headers), {
    traceparent: PARENT,
    tracestate: "m=1",
  });
  assert.deepEqual(incomingTrace({ _meta: { traceparent: "garbage", tracestate: "m=1" } }, headers), headers);
  assert.deepEqual(incomingTrace({ name: "x" }, undefined), {});
  assert.deepEqual(
    incomingTrace(undefined, { traceparent: [PARENT, OTHER] }),
    {},
    "a repeated traceparent is ignored",
  );
  assert.deepEqual(incomingTrace(undefined, { traceparent: PARENT, tracestate: ["a=1", "b=2"] }), {
    traceparent: PARENT,
    tracestate: "a=1,b=2",
  });
});
