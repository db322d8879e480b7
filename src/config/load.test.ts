import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig, parseConfig } from "./load.js";

function problems(text: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseConfig(text, "bastion.yaml", env);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /^bastion\.yaml: invalid configuration/, "the error names the file");
    return e.problems;
  }
  return [];
}

test("a minimal config gets the documented defaults", () => {
  const c = parseConfig("servers:\n  fs: { command: npx, args: [x] }\n", "bastion.yaml", {});
  assert.deepEqual(c.listen, { host: "127.0.0.1", port: 8080, path: "/mcp" });
  assert.equal(c.store, "sqlite:.bastion/bastion.db");
  assert.equal(c.pinning.mode, "tofu");
  assert.equal(c.taint.on_trifecta, "deny");
  assert.deepEqual(c.inspect.secrets, { requests: "redact", responses: "redact" });
});

test("every problem is named with its key path and what was expected", () => {
  const found = problems(
    "listen: { port: abc }\nservers:\n  a: { command: 5, bogus: 1 }\n  b: { url: 'ftp://x' }\nfoo: 1\n",
  );
  assert.deepEqual(found, [
    "listen.port: expected a port number from 0 to 65535",
    "servers.a.command: Invalid input: expected string, received number",
    'servers.a: unknown key "bogus"',
    "servers.b.url: Invalid URL",
    '(root): unknown key "foo"',
  ]);
});

test("a server with neither command nor url, or both, is refused", () => {
  assert.deepEqual(problems("servers:\n  a: {}\n"), [
    "servers.a: a server needs either `command` (stdio) or `url` (HTTP)",
  ]);
  assert.deepEqual(problems("servers:\n  a: { command: x, url: 'http://x' }\n"), [
    'servers.a: unknown key "url"',
  ]);
  assert.deepEqual(problems("servers: {}\n"), ["servers: at least one server is needed"]);
});

test("${env:NAME} is substituted, and a variable that is not set is an error, never an empty string", () => {
  const text = "servers:\n  a: { command: x, env: { KEY: '${env:TOKEN}', PLAIN: 'a-${env:TOKEN}-b' } }\n";
  const c = parseConfig(text, "bastion.yaml", { TOKEN: "s3cret" });
  assert.deepEqual((c.servers.a as { env: Record<string, string> }).env, {
    KEY: "s3cret",
    PLAIN: "a-s3cret-b",
  });
  assert.deepEqual(problems(text), [
    "servers.a.env.KEY: environment variable TOKEN is not set",
    "servers.a.env.PLAIN: environment variable TOKEN is not set",
  ]);
});

test("broken YAML, duplicate keys and a missing file are reported, not thrown raw", () => {
  assert.match(problems("servers: [\n")[0]!, /^YAML: /);
  assert.match(problems("servers:\n  a: { command: x }\n  a: { command: y }\n")[0]!, /^YAML: .*unique/i);
  assert.throws(() => loadConfig(join(tmpdir(), "no-such-bastion.yaml")), /cannot read the file: ENOENT/);
});

test("auth without a public URL is refused, since tokens must name this gateway as their audience", () => {
  assert.deepEqual(problems("servers:\n  a: { command: x }\nauth: { api_keys: true }\n"), [
    "public_url: is required with auth: it is the resource clients' tokens are for",
  ]);
});

test("loadConfig resolves relative paths against the config file's directory", () => {
  const dir = mkdtempSync(join(tmpdir(), "bastion-config-"));
  writeFileSync(join(dir, "bastion.yaml"), "servers:\n  a: { command: x }\n");
  assert.equal(loadConfig(join(dir, "bastion.yaml")).baseDir, dir);
});
