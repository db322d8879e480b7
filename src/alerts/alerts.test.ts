import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAlerter, type AlerterOptions } from "./alerter.js";
import { alertsConfigSchema } from "./config.js";
import type { Alert, AlertEvent } from "./events.js";

const SECRET = "ghp_R8x2mQ7vLk4pZt9wYc3nHb6sJf1dGa5eUo0i";

function recordingLogger() {
  const lines: Array<{ level: string; obj: object; msg?: string }> = [];
  return {
    lines,
    warn: (obj: object, msg?: string) => lines.push({ level: "warn", obj, msg }),
    error: (obj: object, msg?: string) => lines.push({ level: "error", obj, msg }),
  };
}

/** A loopback HTTP server that keeps every request body it receives. */
async function webhookReceiver() {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      bodies.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, bodies, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function options(overrides: Partial<AlerterOptions> = {}): AlerterOptions & { clock: { now: number } } {
  const clock = { now: Date.parse("2025-06-01T12:00:00Z") };
  return {
    clock,
    failed_auth: { count: 5, window_seconds: 60 },
    data_transfer: { bytes: 10 * 1024 * 1024, window_seconds: 300 },
    logger: recordingLogger(),
    now: () => clock.now,
    ...overrides,
  };
}

test("a loopback webhook receives exactly one alert for a burst of failed logins", async () => {
  const hook = await webhookReceiver();
  try {
    const opts = options({ webhook: { url: hook.url, format: "json" } });
    const alerts = createAlerter(opts);
    for (let i = 0; i < 50; i++) {
      alerts.emit({ type: "auth.failed", source: "203.0.113.7", principal: "alice", reason: "bad_password" });
      opts.clock.now += 100;
    }
    await alerts.flush();
    assert.equal(hook.bodies.length, 1);
    const alert = JSON.parse(hook.bodies[0] as string) as Alert;
    assert.equal(alert.type, "auth.failed");
    assert.equal(alert.source, "203.0.113.7");
    assert.equal(alert.principal, "alice");
    assert.match(
      alert.summary,
      /5 or more failed authentication attempts from 203\.0\.113\.7 for alice within 60s/,
    );
  } finally {
    await hook.close();
  }
});

test("a loopback webhook receives exactly one alert for an oversized transfer", async () => {
  const hook = await webhookReceiver();
  try {
    const opts = options({ webhook: { url: hook.url, format: "json" } });
    const alerts = createAlerter(opts);
    for (let i = 0; i < 30; i++) {
      alerts.emit({ type: "data.transfer", principal: "bob", bytes: 1024 * 1024, server: "db" });
      opts.clock.now += 1000;
    }
    await alerts.flush();
    assert.equal(hook.bodies.length, 1);
    const alert = JSON.parse(hook.bodies[0] as string) as Alert;
    assert.equal(alert.type, "data.transfer");
    assert.equal(alert.principal, "bob");
    assert.equal(alert.bytes, 11 * 1024 * 1024);
  } finally {
    await hook.close();
  }
});

test("failed logins are counted per principal across sources and per source across principals", () => {
  const opts = options();
  const alerts = createAlerter(opts);
  const raised: Array<Alert | undefined> = [];
  for (let i = 0; i < 5; i++)
    raised.push(alerts.emit({ type: "auth.failed", source: `198.51.100.${i}`, principal: "carol" }));
  assert.deepEqual(
    raised.map((a) => a?.principal),
    [undefined, undefined, undefined, undefined, "carol"],
  );
  assert.doesNotMatch(raised[4]?.summary ?? "", /from/);
  const bySource = [];
  for (let i = 0; i < 5; i++)
    bySource.push(alerts.emit({ type: "auth.failed", source: "192.0.2.9", principal: `user${i}` }));
  assert.match(bySource[4]?.summary ?? "", /from 192\.0\.2\.9 within/);
});

test("failed logins spread wider than the window do not alert", () => {
  const opts = options();
  const alerts = createAlerter(opts);
  for (let i = 0; i < 20; i++) {
    assert.equal(alerts.emit({ type: "auth.failed", source: "192.0.2.1", principal: "dave" }), undefined);
    opts.clock.now += 15_001;
  }
});

test("a principal that always moves a lot is flagged only when it exceeds its own baseline", () => {
  const opts = options();
  const alerts = createAlerter(opts);
  const window = 300_000;
  const moveInWindow = (bytes: number) => {
    const raised = alerts.emit({ type: "data.transfer", principal: "etl", bytes });
    opts.clock.now += window;
    return raised;
  };
  assert.ok(moveInWindow(20 * 1024 * 1024), "no history yet: above the threshold alerts");
  for (let i = 0; i < 4; i++) assert.equal(moveInWindow(20 * 1024 * 1024), undefined);
  const spike = moveInWindow(200 * 1024 * 1024);
  assert.equal(spike?.type, "data.transfer");
  assert.equal(spike?.baseline_bytes, 20 * 1024 * 1024);
  assert.equal(alerts.emit({ type: "data.transfer", principal: "small", bytes: 5 * 1024 * 1024 }), undefined);
});

test("the same alert is sent once within the de-duplication window and again after it", () => {
  const opts = options({ dedup_seconds: 60 });
  const alerts = createAlerter(opts);
  const pin: AlertEvent = { type: "pin.changed", server: "github", target: "create_issue", kind: "tool" };
  assert.ok(alerts.emit(pin));
  assert.equal(alerts.emit(pin), undefined);
  assert.ok(alerts.emit({ ...pin, target: "list_issues" }));
  opts.clock.now += 61_000;
  assert.ok(alerts.emit(pin));
});

test("a storm of distinct alerts is cut to the rate limit and the next alert counts what was dropped", () => {
  const logger = recordingLogger();
  const opts = options({ rate_limit: { per_minute: 10 }, logger });
  const alerts = createAlerter(opts);
  let sent = 0;
  for (let i = 0; i < 200; i++) {
    if (alerts.emit({ type: "tool.poisoned", server: "s", target: `tool${i}`, rule: "hidden-instructions" }))
      sent++;
  }
  assert.equal(sent, 10);
  assert.equal(logger.lines.filter((l) => /rate limit reached/.test(l.msg ?? "")).length, 1);
  opts.clock.now += 6_000;
  const next = alerts.emit({ type: "upstream.crashloop", server: "fs", restarts: 5, window_seconds: 60 });
  assert.equal(next?.suppressed, 190);
});

test("every event type raises an alert on the log with a readable summary", () => {
  const logger = recordingLogger();
  const alerts = createAlerter(options({ logger }));
  const events: AlertEvent[] = [
    { type: "pin.changed", server: "gh", target: "create_issue" },
    { type: "tool.poisoned", server: "gh", target: "evil", rule: "hidden-instructions" },
    {
      type: "secret.blocked",
      principal: "alice",
      rule: "github-token",
      server: "gh",
      target: "create_issue",
    },
    { type: "taint.blocked", principal: "alice", rule: "untrusted-to-send", server: "mail", target: "send" },
    { type: "upstream.crashloop", server: "fs", restarts: 5, window_seconds: 60 },
    { type: "audit.write_failed", sink: "store", records: 3, error: "SQLITE_FULL: database or disk is full" },
  ];
  for (const e of events) assert.equal(alerts.emit(e)?.type, e.type);
  assert.deepEqual(
    logger.lines.map((l) => l.level),
    ["error", "error", "warn", "warn", "error", "error"],
  );
  assert.match(logger.lines[2]?.msg ?? "", /blocked a secret \(github-token\) by alice to gh\/create_issue/);
});

test("no secret reaches the log or the webhook, whatever the caller attaches to an event", async () => {
  const hook = await webhookReceiver();
  try {
    const logger = recordingLogger();
    const alerts = createAlerter(
      options({
        logger,
        webhook: { url: hook.url, format: "slack" },
      }),
    );
    const leaky = {
      type: "secret.blocked",
      principal: "alice",
      rule: "github-token",
      match: SECRET,
      args: { token: SECRET },
    };
    alerts.emit(leaky as AlertEvent);
    alerts.emit({ type: "audit.write_failed", sink: "file", records: 1, error: `EACCES writing ${SECRET}` });
    for (let i = 0; i < 5; i++)
      alerts.emit({ type: "auth.failed", source: "192.0.2.5", principal: `Bearer ${SECRET}` });
    await alerts.flush();
    assert.equal(hook.bodies.length, 3);
    const everything = JSON.stringify(logger.lines) + hook.bodies.join("\n");
    assert.ok(!everything.includes(SECRET), "a secret leaked into an alert");
    assert.ok(hook.bodies.every((b) => typeof (JSON.parse(b) as { text?: unknown }).text === "string"));
  } finally {
    await hook.close();
  }
});

test("a failing webhook is logged without its URL and never throws", async () => {
  const hook = await webhookReceiver();
  await hook.close();
  const logger = recordingLogger();
  const alerts = createAlerter(
    options({ logger, webhook: { url: `${hook.url}?token=hook-credential`, format: "json" } }),
  );
  alerts.emit({ type: "pin.changed", server: "gh", target: "t" });
  await alerts.flush();
  const failure = logger.lines.find((l) => /webhook unreachable/.test(l.msg ?? ""));
  assert.ok(failure);
  assert.ok(!JSON.stringify(logger.lines).includes("hook-credential"));
});

test("Slack bodies escape the characters Slack treats as mentions", async () => {
  const hook = await webhookReceiver();
  try {
    const alerts = createAlerter(options({ webhook: { url: hook.url, format: "slack" } }));
    alerts.emit({ type: "pin.changed", server: "<!channel>", target: "t" });
    await alerts.flush();
    const { text } = JSON.parse(hook.bodies[0] as string) as { text: string };
    assert.match(text, /&lt;!channel&gt;/);
    assert.doesNotMatch(text, /<!channel>/);
  } finally {
    await hook.close();
  }
});

test("the alerts config accepts the documented shape and names what is wrong", () => {
  const parsed = alertsConfigSchema.parse({
    webhook: "https://hooks.example.com/bastion",
    failed_auth: { count: 5, window_seconds: 60 },
    data_transfer: { bytes: 10485760, window_seconds: 300 },
  });
  assert.deepEqual(parsed.webhook, {
    url: "https://hooks.example.com/bastion",
    format: "json",
    timeout_ms: 5000,
  });
  assert.equal(parsed.data_transfer.baseline_factor, 3);
  assert.equal(parsed.rate_limit.per_minute, 20);
  assert.throws(() => alertsConfigSchema.parse({ webhook: "ftp://x" }), /http\(s\) URL/);
  assert.throws(() => alertsConfigSchema.parse({ failed_auth: { count: 0, window_seconds: 60 } }));
  assert.throws(() => alertsConfigSchema.parse({ webhooks: "https://x" }), /webhooks/);
  assert.throws(
    () => createAlerter(options({ failed_auth: { count: 0, window_seconds: 60 } })),
    /failed_auth.count/,
  );
});

test("flush waits at most the time it is given and says how many alerts are still undelivered", async () => {
  // a webhook that takes every alert and never answers
  const held: Array<() => void> = [];
  const server = createServer((req, res) => {
    req.resume();
    held.push(() => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  try {
    const alerts = createAlerter(options({ webhook: { url, format: "json", timeout_ms: 60_000 } }));
    alerts.emit({ type: "pin.changed", server: "gh", target: "first" });
    alerts.emit({ type: "pin.changed", server: "gh", target: "second" });
    assert.equal(await alerts.flush(50), 2, "one in flight and one queued behind it");
    for (const answer of held.splice(0)) answer();
    // the first answered, the second is now in flight and held in its turn
    await new Promise<void>((resolve) => {
      const wait = () => (held.length > 0 ? resolve() : setTimeout(wait, 5));
      wait();
    });
    assert.equal(await alerts.flush(50), 1);
    for (const answer of held.splice(0)) answer();
    assert.equal(await alerts.flush(), 0, "everything delivered");
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
