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

test("poisoning_judge is off unless configured, gets its defaults, and every mistake in it is named by key", () => {
  const base = "servers:\n  a: { command: x }\n";
  assert.equal(parseConfig(base, "bastion.yaml", {}).poisoning_judge, undefined);
  const judge = parseConfig(
    base + "poisoning_judge: { provider: openai, base_url: 'http://127.0.0.1:11434/v1', model: llama3.1 }\n",
    "bastion.yaml",
    {},
  ).poisoning_judge;
  assert.deepEqual(judge, {
    provider: "openai",
    base_url: "http://127.0.0.1:11434/v1",
    model: "llama3.1",
    timeout_ms: 5000,
    on: "warn",
  });
  assert.deepEqual(
    problems(
      base +
        "poisoning_judge: { provider: gemini, base_url: 'ftp://x', api_key_env: 'my key', timeout_ms: 0, on: block, temperature: 1 }\n",
    ),
    [
      'poisoning_judge.provider: Invalid option: expected one of "openai"|"anthropic"',
      "poisoning_judge.base_url: an http(s) URL",
      "poisoning_judge.model: Invalid input: expected string, received undefined",
      "poisoning_judge.api_key_env: an environment variable name, like OPENAI_API_KEY",
      "poisoning_judge.timeout_ms: Too small: expected number to be >0",
      'poisoning_judge.on: Invalid option: expected one of "warn"|"all"',
      'poisoning_judge: unknown key "temperature"',
    ],
  );
});

test("poisoning_judge refuses a key written into the config, and plain http to a remote host when a key is sent", () => {
  const base = "servers:\n  a: { command: x }\npoisoning_judge:\n  provider: anthropic\n  model: m\n";
  assert.deepEqual(problems(base + "  base_url: https://api.anthropic.com\n  api_key: sk-ant-123\n"), [
    "poisoning_judge.api_key: keys are not written in the config; name the variable that holds it in api_key_env",
  ]);
  assert.deepEqual(
    problems(base + "  base_url: http://judge.example.com\n  api_key_env: ANTHROPIC_API_KEY\n"),
    [
      "poisoning_judge.base_url: must be https: an API key is sent to it, and plain http would expose the key on the way",
    ],
  );
  assert.deepEqual(
    problems(base + "  base_url: http://localhost:8000\n  api_key_env: ANTHROPIC_API_KEY\n"),
    [],
  );
  assert.deepEqual(
    problems(base + "  base_url: http://judge.example.com\n"),
    [],
    "no key, nothing to expose",
  );
});
