import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  createFixtureHome,
  FIXTURE_CLIENTS,
  fixtureLaunches,
  MEMORY_SERVER,
  POISONED_SERVER,
} from "../../../test/fixtures/vetting/fixture-home.js";
import { renderScan, scanCommand } from "./command.js";
import type { ScanReport, ServerReport } from "./model.js";
import { sarifProblems } from "./sarif-check.js";

/** The start of every ANSI colour sequence. */
const ANSI = "\u001b[";

function serversOf(report: ScanReport, client: string): Record<string, ServerReport> {
  const servers = report.clients.filter((c) => c.client === client).flatMap((c) => c.servers);
  return Object.fromEntries(servers.map((s) => [s.name, s]));
}

for (const fixture of FIXTURE_CLIENTS) {
  test(`the ${fixture.client} fixture home on ${fixture.platform} is reported correctly as text, JSON and SARIF`, async () => {
    const { home, cwd } = await createFixtureHome(fixture);
    const { stdout, report } = await scanCommand({
      home,
      cwd,
      platform: fixture.platform,
      format: "json",
      timeoutMs: 15_000,
    });

    const json = JSON.parse(stdout) as ScanReport;
    assert.equal(json.version, 1);
    const servers = serversOf(json, fixture.client);
    assert.deepEqual(Object.keys(servers).sort(), ["broken", "memory", "notes"]);
    assert.equal(servers.memory?.status, "ok");
    assert.equal(servers.memory?.verdict, "allow");
    assert.ok(servers.memory?.items.some((i) => i.kind === "tool" && i.name === "create_entities"));
    assert.deepEqual(servers.memory?.envKeys, ["MEMORY_FILE_PATH"]);
    assert.equal(servers.notes?.verdict, "block");
    const addNote = servers.notes?.items.find((i) => i.name === "add_note");
    assert.equal(addNote?.verdict, "block");
    assert.ok(addNote?.findings.some((f) => f.evidence.includes("~/.ssh/id_rsa")));
    assert.ok(servers.notes?.shadowing.some((s) => s.tool === "sync_notes" && s.otherServer === "memory"));
    assert.equal(servers.broken?.status, "failed");
    assert.equal(servers.broken?.verdict, null);
    assert.match(servers.broken?.error ?? "", /Command not found: bastion-test-no-such-command/);
    assert.deepEqual(servers.broken?.items, []);

    const text = renderScan(report, "text", { isTTY: false, home });
    assert.ok(!text.includes(ANSI), "no colour codes");
    assert.match(text, /✖ notes {2}BLOCK/);
    assert.match(text, /tool add_note {2}block/);
    assert.match(text, /~\/\.ssh\/id_rsa/);
    assert.match(text, /● broken {2}FAILED[\s\S]*Command not found/);
    assert.match(text, /✓ memory {2}ALLOW/);
    // Worst first: a blocked server comes before a failed one, which comes before a clean one.
    const order = ["notes  BLOCK", "broken  FAILED", "memory  ALLOW"].map((s) => text.indexOf(s));
    if (report.clients.filter((c) => c.client === fixture.client).length === 1) {
      assert.deepEqual(
        [...order].sort((a, b) => a - b),
        order,
      );
    } else {
      assert.ok((order[0] ?? 0) < Math.min(...order.slice(1)));
    }

    const sarif = JSON.parse(renderScan(report, "sarif")) as {
      runs: {
        results: {
          ruleId: string;
          level: string;
          message: { text: string };
          properties: { server?: string };
        }[];
      }[];
    };
    assert.deepEqual(sarifProblems(sarif), []);
    const results = sarif.runs[0]?.results ?? [];
    assert.ok(
      results.some(
        (r) =>
          r.level === "error" &&
          r.ruleId.startsWith("mcp/poisoning/") &&
          r.message.text.includes('"add_note"'),
      ),
    );
    assert.ok(
      results.some((r) => r.ruleId === "mcp/server-unreachable" && r.message.text.includes("broken")),
    );
    assert.ok(!results.some((r) => r.properties.server === "memory"), "the clean server produces no results");
  });
}

async function cursorHome(servers: Record<string, unknown>): Promise<{ home: string; file: string }> {
  const home = await mkdtemp(join(tmpdir(), "bastion-scan-"));
  const file = join(home, ".cursor", "mcp.json");
  await mkdir(join(home, ".cursor"), { recursive: true });
  await writeFile(file, JSON.stringify({ mcpServers: servers }, null, 2));
  return { home, file };
}

test("a changed tool description is reported as a rug pull with a diff on the next scan", async () => {
  const { home } = await cursorHome({ notes: { command: process.execPath, args: [POISONED_SERVER] } });
  const first = await scanCommand({ home, cwd: home, platform: "linux", format: "json" });
  assert.deepEqual(first.report.clients[0]?.servers[0]?.rugPulls, []);
  const pins = JSON.parse(await readFile(join(home, ".bastion", "scan-pins.json"), "utf8")) as {
    servers: Record<string, unknown>;
  };
  assert.equal(Object.keys(pins.servers).length, 1);

  await writeFile(
    join(home, ".cursor", "mcp.json"),
    JSON.stringify({
      mcpServers: {
        notes: { command: process.execPath, args: [POISONED_SERVER], env: { NOTES_VARIANT: "2" } },
      },
    }),
  );
  const second = await scanCommand({ home, cwd: home, platform: "linux", format: "text", isTTY: false });
  const server = second.report.clients[0]?.servers[0];
  const pull = server?.rugPulls.find((p) => p.name === "list_notes");
  assert.equal(pull?.change, "changed");
  assert.match(pull?.diff ?? "", /^\+.*create_entities/m);
  const item = server?.items.find((i) => i.name === "list_notes");
  assert.notEqual(item?.verdict, "allow");
  assert.equal(item?.findings[0]?.rule, "rug-pull");
  assert.match(second.stdout, /↯ rug pull: tool list_notes changed since the last scan/);
  assert.equal(second.report.summary.rugPulls, 1);

  const third = await scanCommand({ home, cwd: home, platform: "linux", format: "json" });
  assert.deepEqual(
    third.report.clients[0]?.servers[0]?.rugPulls,
    [],
    "the new definition is pinned after it was reported",
  );
});

test("an unreadable pins file is reported, left untouched, and does not stop the scan", async () => {
  const { home } = await cursorHome({
    memory: {
      command: process.execPath,
      args: [MEMORY_SERVER],
      env: { MEMORY_FILE_PATH: "/tmp/bastion-test-memory.jsonl" },
    },
  });
  await mkdir(join(home, ".bastion"), { recursive: true });
  await writeFile(join(home, ".bastion", "scan-pins.json"), "{ not json");
  const { report } = await scanCommand({ home, cwd: home, platform: "linux", format: "json" });
  assert.equal(report.clients[0]?.servers[0]?.status, "ok");
  assert.match(report.notes.join("\n"), /scan-pins\.json is not valid JSON/);
  assert.equal(await readFile(join(home, ".bastion", "scan-pins.json"), "utf8"), "{ not json");
});

test("--fail-on sets the exit code: block fails only on blocked servers, warn also on failed ones", async () => {
  const { home } = await createFixtureHome(
    FIXTURE_CLIENTS.find((c) => c.client === "cursor") as (typeof FIXTURE_CLIENTS)[number],
  );
  const launches = fixtureLaunches(home);
  const clean = await cursorHome({ memory: launches.memory });
  assert.equal(
    (
      await scanCommand({
        home: clean.home,
        cwd: clean.home,
        platform: "linux",
        failOn: "warn",
        format: "json",
      })
    ).exitCode,
    0,
  );
  const failing = await cursorHome({ memory: launches.memory, broken: launches.broken });
  assert.equal(
    (
      await scanCommand({
        home: failing.home,
        cwd: failing.home,
        platform: "linux",
        failOn: "block",
        format: "json",
      })
    ).exitCode,
    0,
  );
  assert.equal(
    (
      await scanCommand({
        home: failing.home,
        cwd: failing.home,
        platform: "linux",
        failOn: "warn",
        format: "json",
      })
    ).exitCode,
    1,
  );
  const poisoned = await cursorHome({ notes: launches.notes });
  assert.equal(
    (
      await scanCommand({
        home: poisoned.home,
        cwd: poisoned.home,
        platform: "linux",
        failOn: "block",
        format: "sarif",
      })
    ).exitCode,
    1,
  );
});

test("colour is used on a terminal unless NO_COLOR is set, and progress goes to the progress stream", async () => {
  const { home } = await cursorHome({ broken: { command: "bastion-test-no-such-command" } });
  const lines: string[] = [];
  const coloured = await scanCommand({
    home,
    cwd: home,
    platform: "linux",
    isTTY: true,
    env: { PATH: process.env.PATH },
    progress: { write: (t) => lines.push(t) },
  });
  assert.ok(coloured.stdout.includes(ANSI), "colour codes");
  assert.match(lines.join(""), /Contacting 1 server…[\s\S]*\[1\/1\] failed broken/);
  const plain = await scanCommand({
    home,
    cwd: home,
    platform: "linux",
    isTTY: true,
    env: { PATH: process.env.PATH, NO_COLOR: "1" },
  });
  assert.ok(!plain.stdout.includes(ANSI), "no colour codes");
});

test("ten stdio servers are scanned in parallel and every one is reported (the time is measured in bench/scan.ts)", async () => {
  const servers: Record<string, unknown> = {};
  for (let i = 0; i < 5; i++) {
    servers[`memory-${i}`] = {
      command: process.execPath,
      args: [MEMORY_SERVER],
      env: { MEMORY_FILE_PATH: join(tmpdir(), `bastion-perf-${i}.jsonl`) },
    };
    servers[`notes-${i}`] = {
      command: process.execPath,
      args: [POISONED_SERVER],
      env: { NOTES_VARIANT: String(i) },
    };
  }
  const { home } = await cursorHome(servers);
  const { report } = await scanCommand({
    home,
    cwd: home,
    platform: "linux",
    format: "json",
    stateDir: false,
  });
  const all = report.clients.flatMap((c) => c.servers);
  assert.equal(all.length, 10);
  assert.ok(
    all.every((s) => s.status === "ok"),
    all.map((s) => `${s.name}: ${s.error ?? "ok"}`).join("; "),
  );
});

test("a server that takes too long is reported as timed out", async () => {
  const { home } = await cursorHome({
    slow: { command: process.execPath, args: ["-e", "setTimeout(() => {}, 60000)"] },
  });
  const started = performance.now();
  const { report } = await scanCommand({
    home,
    cwd: home,
    platform: "linux",
    format: "json",
    timeoutMs: 1500,
    stateDir: false,
  });
  assert.match(report.clients[0]?.servers[0]?.error ?? "", /Timed out after 1500 ms/);
  assert.ok(performance.now() - started < 8000);
});

test("a stdio server sees only PATH, HOME and its declared variables", async () => {
  const probe = join(await mkdtemp(join(tmpdir(), "bastion-env-")), "env.json");
  const script = `require("fs").writeFileSync(${JSON.stringify(probe)}, JSON.stringify(process.env)); process.exit(1)`;
  const { home } = await cursorHome({
    probe: { command: process.execPath, args: ["-e", script], env: { DECLARED: "yes" } },
  });
  await scanCommand({
    home,
    cwd: home,
    platform: "linux",
    format: "json",
    stateDir: false,
    env: { PATH: process.env.PATH, SECRET_TOKEN: "leak", HOME: "/elsewhere" },
  });
  const seen = JSON.parse(await readFile(probe, "utf8")) as Record<string, string>;
  assert.equal(seen.DECLARED, "yes");
  assert.equal(seen.HOME, home);
  assert.equal(seen.SECRET_TOKEN, undefined);
  assert.deepEqual(
    Object.keys(seen).filter((k) => !["PATH", "HOME", "DECLARED"].includes(k)),
    [],
  );
});
