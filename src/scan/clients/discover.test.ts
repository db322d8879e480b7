import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  createFixtureHome,
  FIXTURE_CLIENTS,
  MISSING_COMMAND,
  POISONED_SERVER,
} from "../../../test/fixtures/vetting/fixture-home.js";
import { discoverClientConfigs, readConfigFile } from "./discover.js";
import { CLIENT_CATALOG, configLocations } from "./locations.js";

for (const fixture of FIXTURE_CLIENTS) {
  test(`discovery finds the three servers of the ${fixture.client} config on ${fixture.platform}`, async () => {
    const { home, cwd } = await createFixtureHome(fixture);
    const configs = await discoverClientConfigs({ home, cwd, platform: fixture.platform });
    const mine = configs.filter((c) => c.client === fixture.client);
    assert.ok(
      mine.length > 0,
      `no ${fixture.client} config found among ${configs.map((c) => c.file).join(", ")}`,
    );
    assert.deepEqual(
      configs.filter((c) => c.error),
      [],
    );
    const servers = mine.flatMap((c) => c.servers);
    assert.deepEqual(servers.map((s) => s.name).sort(), ["broken", "memory", "notes"]);
    const byName = Object.fromEntries(servers.map((s) => [s.name, s]));
    assert.equal(byName.notes?.command, process.execPath);
    assert.deepEqual(byName.notes?.args, [POISONED_SERVER]);
    assert.equal(byName.broken?.command, MISSING_COMMAND);
    assert.equal(byName.memory?.env?.MEMORY_FILE_PATH, join(home, "memory.jsonl"));
    for (const s of servers) assert.equal(s.transport, "stdio");
  });
}

test("Claude Desktop is looked for in each operating system's own configuration directory", () => {
  const home = "/h";
  const fileOf = (platform: "darwin" | "win32" | "linux", env?: Record<string, string>) =>
    configLocations({ home, platform, cwd: "/p", ...(env ? { env } : {}) }).find(
      (l) => l.client === "claude-desktop",
    )?.file;
  assert.equal(
    fileOf("darwin"),
    join("/h", "Library", "Application Support", "Claude", "claude_desktop_config.json"),
  );
  assert.equal(fileOf("linux"), join("/h", ".config", "Claude", "claude_desktop_config.json"));
  assert.equal(
    fileOf("linux", { XDG_CONFIG_HOME: "/x" }),
    join("/x", "Claude", "claude_desktop_config.json"),
  );
  assert.equal(
    fileOf("win32", { APPDATA: "/roaming" }),
    join("/roaming", "Claude", "claude_desktop_config.json"),
  );
});

test("every location the scanner reads is documented in docs/scan-paths.md", async () => {
  const docs = await readFile(new URL("../../../docs/scan-paths.md", import.meta.url), "utf8");
  for (const entry of CLIENT_CATALOG) {
    for (const pattern of Object.values(entry.patterns))
      assert.ok(docs.includes(`\`${pattern}\``), `${pattern} is not documented`);
  }
});

test("a malformed config is reported with the file and the position of the error, and other configs are still read", async () => {
  const home = await mkdtemp(join(tmpdir(), "bastion-malformed-"));
  await mkdir(join(home, ".cursor"), { recursive: true });
  await writeFile(join(home, ".cursor", "mcp.json"), '{ "mcpServers": { "a": { "command": "x" }\n');
  await mkdir(join(home, ".gemini"), { recursive: true });
  await writeFile(
    join(home, ".gemini", "settings.json"),
    JSON.stringify({ mcpServers: { ok: { command: "node" } } }),
  );
  const configs = await discoverClientConfigs({ home, cwd: home, platform: "linux" });
  const cursor = configs.find((c) => c.client === "cursor");
  assert.match(cursor?.error ?? "", /mcp\.json.*line 2/);
  assert.deepEqual(
    configs.find((c) => c.client === "gemini-cli")?.servers.map((s) => s.name),
    ["ok"],
  );
});

test("malformed server entries are skipped with a warning naming them", async () => {
  const dir = await mkdtemp(join(tmpdir(), "bastion-entries-"));
  const file = join(dir, "mcp.json");
  await writeFile(
    file,
    JSON.stringify({
      mcpServers: {
        good: { command: "node" },
        nocmd: { args: [] },
        weird: 5,
        remote: { url: "https://mcp.example.com/mcp", headers: { Authorization: "Bearer x" } },
      },
    }),
  );
  const config = await readConfigFile(file);
  assert.deepEqual(
    config.servers.map((s) => s.name),
    ["good", "remote"],
  );
  assert.equal(config.servers[1]?.transport, "http");
  assert.deepEqual(config.servers[1]?.headers, { Authorization: "Bearer x" });
  assert.equal(config.warnings.length, 2);
  assert.match(config.warnings.join("\n"), /"nocmd" has no command/);
  assert.match(config.warnings.join("\n"), /"weird" is not an object/);
});

test("--config-file guesses the format of a Codex TOML file and a VS Code mcp.json", async () => {
  const dir = await mkdtemp(join(tmpdir(), "bastion-guess-"));
  await writeFile(
    join(dir, "config.toml"),
    '[mcp_servers.docs]\ncommand = "npx"\nargs = ["-y", "docs-mcp"]\n[mcp_servers.docs.env]\nTOKEN = "t"\n',
  );
  await writeFile(
    join(dir, "mcp.json"),
    JSON.stringify({ servers: { web: { type: "sse", url: "http://localhost:9/sse" } } }),
  );
  const codex = await readConfigFile(join(dir, "config.toml"));
  assert.equal(codex.format, "codex-toml");
  assert.deepEqual(codex.servers[0], {
    name: "docs",
    transport: "stdio",
    command: "npx",
    args: ["-y", "docs-mcp"],
    env: { TOKEN: "t" },
    line: 2,
    path: ["mcp_servers", "docs"],
  });
  const vscode = await readConfigFile(join(dir, "mcp.json"));
  assert.equal(vscode.format, "vscode-mcp");
  assert.equal(vscode.servers[0]?.transport, "sse");
  const missing = await readConfigFile(join(dir, "nope.json"));
  assert.match(missing.error ?? "", /Cannot read .*nope\.json/);
});

test("--config-file recognises a documented location by its path and uses that client's format", async () => {
  const home = await mkdtemp(join(tmpdir(), "bastion-known-"));
  await writeFile(
    join(home, ".claude.json"),
    JSON.stringify({ projects: { "/w": { mcpServers: { a: { command: "node" } } } } }),
  );
  const claude = await readConfigFile(join(home, ".claude.json"));
  assert.deepEqual(
    [claude.client, claude.format, claude.servers[0]?.project],
    ["claude-code", "claude-code", "/w"],
  );
  await mkdir(join(home, ".gemini"));
  await writeFile(
    join(home, ".gemini", "settings.json"),
    JSON.stringify({ mcpServers: { g: { httpUrl: "https://g.example/mcp" } } }),
  );
  const gemini = await readConfigFile(join(home, ".gemini", "settings.json"));
  assert.deepEqual([gemini.client, gemini.servers[0]?.url], ["gemini-cli", "https://g.example/mcp"]);
  await writeFile(join(home, "custom.json"), JSON.stringify({ mcpServers: { c: { command: "node" } } }));
  const custom = await readConfigFile(join(home, "custom.json"));
  assert.deepEqual(
    [custom.client, custom.clientName, custom.format],
    ["config-file", "custom.json", "mcp-servers"],
  );
});
