import assert from "node:assert/strict";
import { access, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { createFixtureHome, FIXTURE_CLIENTS } from "../../test/fixtures/vetting/fixture-home.js";
import { readConfigFile } from "../scan/clients/discover.js";
import { backupPathOf, protectCommand, unprotectCommand } from "./protect.js";

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

for (const fixture of FIXTURE_CLIENTS.filter((f) => f.platform === "linux")) {
  test(`protect wraps every stdio server of the ${fixture.client} config and unprotect restores it byte for byte`, async () => {
    const { files } = await createFixtureHome(fixture);
    for (const file of files) {
      const original = await readFile(file);
      const before = await readConfigFile(file);

      const protectedRun = await protectCommand({ file, bastionCommand: "/opt/bastion/bin/bastion" });
      assert.equal(protectedRun.exitCode, 0, protectedRun.stdout);
      assert.deepEqual(protectedRun.changed.sort(), before.servers.map((s) => s.name).sort());
      assert.deepEqual(await readFile(backupPathOf(file)), original);
      const after = await readConfigFile(file);
      assert.equal(after.error, undefined);
      for (const server of after.servers) {
        const was = before.servers.find((s) => s.name === server.name);
        assert.equal(server.command, "/opt/bastion/bin/bastion");
        assert.deepEqual(server.args, ["wrap", "--", was?.command, ...(was?.args ?? [])]);
        assert.deepEqual(server.env, was?.env);
      }

      const again = await protectCommand({ file, bastionCommand: "/opt/bastion/bin/bastion" });
      assert.deepEqual(again.changed, []);
      assert.match(again.stdout, /nothing to do/);

      const restored = await unprotectCommand({ file });
      assert.equal(restored.exitCode, 0, restored.stdout);
      assert.deepEqual(await readFile(file), original);
      assert.equal(await exists(backupPathOf(file)), false);
    }
  });
}

test("protect keeps comments, key order and indentation and changes only command and args", async () => {
  const dir = await mkdtemp(join(tmpdir(), "bastion-protect-"));
  const file = join(dir, "mcp.json");
  const text = `{
    // my servers
    "servers": {
        "docs": {
            "type": "stdio",
            "command": "npx",
            "args": [
                "-y",
                "docs-mcp"
            ],
            "env": { "TOKEN": "\${input:token}" }, // keep me
        },
        "bare": { "command": "uvx", "cwd": "/srv" },
        "remote": { "type": "http", "url": "https://mcp.example.com/mcp" }
    }
}
`;
  await writeFile(file, text);
  const result = await protectCommand({ file, bastionCommand: ["node", "/opt/bastion/main.js"] });
  assert.deepEqual(result.changed, ["docs", "bare"]);
  assert.match(result.stdout, /1 remote server is not started by the client/);
  assert.equal(
    await readFile(file, "utf8"),
    `{
    // my servers
    "servers": {
        "docs": {
            "type": "stdio",
            "command": "node",
            "args": [
                "/opt/bastion/main.js",
                "wrap",
                "--",
                "npx",
                "-y",
                "docs-mcp"
            ],
            "env": { "TOKEN": "\${input:token}" }, // keep me
        },
        "bare": { "command": "node", "args": ["/opt/bastion/main.js", "wrap", "--", "uvx"], "cwd": "/srv" },
        "remote": { "type": "http", "url": "https://mcp.example.com/mcp" }
    }
}
`,
  );
  await unprotectCommand({ file });
  assert.equal(await readFile(file, "utf8"), text);
});

test("--dry-run prints a unified diff and writes nothing", async () => {
  const dir = await mkdtemp(join(tmpdir(), "bastion-dry-"));
  const file = join(dir, "claude_desktop_config.json");
  const text = `${JSON.stringify({ mcpServers: { memory: { command: "npx", args: ["-y", "@modelcontextprotocol/server-memory"] } } }, null, 2)}\n`;
  await writeFile(file, text);
  const result = await protectCommand({ file, dryRun: true });
  assert.equal(result.exitCode, 0);
  assert.match(
    result.stdout,
    /^--- .*claude_desktop_config\.json\n\+\+\+ .*\(protected\)\n@@ -\d+,\d+ \+\d+,\d+ @@/,
  );
  assert.match(result.stdout, /^- {6}"command": "npx",$/m);
  assert.match(result.stdout, /^\+ {6}"command": "bastion",$/m);
  assert.match(result.stdout, /^\+ {8}"wrap",$/m);
  assert.equal(await readFile(file, "utf8"), text);
  assert.equal(await exists(backupPathOf(file)), false);
});

test("unprotect keeps later edits to other settings: it unwraps in place and keeps the backup", async () => {
  const dir = await mkdtemp(join(tmpdir(), "bastion-edit-"));
  const file = join(dir, "settings.json");
  await writeFile(
    file,
    `{\n  "editor.tabSize": 2,\n  "mcp": { "servers": { "git": { "command": "uvx", "args": ["mcp-server-git"] } } }\n}\n`,
  );
  await protectCommand({ file });
  const protectedText = await readFile(file, "utf8");
  await writeFile(file, protectedText.replace('"editor.tabSize": 2', '"editor.tabSize": 4'));
  const result = await unprotectCommand({ file });
  assert.match(result.stdout, /changed since it was protected/);
  assert.equal(
    await readFile(file, "utf8"),
    `{\n  "editor.tabSize": 4,\n  "mcp": { "servers": { "git": { "command": "uvx", "args": ["mcp-server-git"] } } }\n}\n`,
  );
  assert.equal(await exists(backupPathOf(file)), true);
});

test("protect and unprotect refuse clearly when there is nothing they can work on", async () => {
  const dir = await mkdtemp(join(tmpdir(), "bastion-refuse-"));
  const missing = await protectCommand({ file: join(dir, "nope.json") });
  assert.equal(missing.exitCode, 2);
  assert.match(missing.stdout, /Cannot read .*nope\.json/);
  const broken = join(dir, "mcp.json");
  await writeFile(broken, '{ "mcpServers": { ');
  const invalid = await protectCommand({ file: broken });
  assert.equal(invalid.exitCode, 2);
  assert.match(invalid.stdout, /Cannot parse .*mcp\.json/);
  assert.equal(await readFile(broken, "utf8"), '{ "mcpServers": { ');
  const noBackup = await unprotectCommand({ file: broken });
  assert.equal(noBackup.exitCode, 2);
  assert.match(noBackup.stdout, /no backup at .*mcp\.json\.bastion-backup/);
});
