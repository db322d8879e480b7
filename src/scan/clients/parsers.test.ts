import assert from "node:assert/strict";
import { test } from "node:test";
import { JsoncSyntaxError, parseJsonc, toPlainValue } from "./jsonc.js";
import { mapWithConcurrency } from "./pool.js";
import { parseToml, TomlSyntaxError, tomlPathKey } from "./toml.js";
import { expandVariables } from "./variables.js";

test("JSON with comments and trailing commas parses, and every value keeps its position", () => {
  const text = '{\n  // servers\n  "a": [1, "two", { "b": null },], /* end */\n}';
  const root = parseJsonc(text);
  assert.deepEqual(toPlainValue(root), { a: [1, "two", { b: null }] });
  const member = root.type === "object" ? root.members[0] : undefined;
  assert.equal(text.slice(member?.value.start, member?.value.end), '[1, "two", { "b": null },]');
});

test("a JSON syntax error names its line and column", () => {
  assert.throws(
    () => parseJsonc('{\n  "a": 1\n  "b": 2\n}'),
    (err: unknown) => {
      assert.ok(err instanceof JsoncSyntaxError);
      assert.equal(err.line, 3);
      assert.match(err.message, /Expected ',' or '}' in object at line 3, column 3/);
      return true;
    },
  );
  assert.throws(() => parseJsonc('{"a": "unterminated}'), /Unterminated string/);
  assert.throws(() => parseJsonc(""), /Empty document/);
});

test("the TOML reader handles the forms Codex configs use", () => {
  const text = [
    "# Codex",
    'model = "o3"',
    "[mcp_servers.docs]",
    "command = 'npx'",
    "args = [",
    '  "-y", # package',
    '  "docs-mcp",',
    "]",
    'env = { "API_KEY" = "k\\u00e9y", DEBUG = true }',
    "[mcp_servers.'odd name'.env]",
    "X = 1_000",
    "[[profiles]]",
    'name = """multi',
    'line"""',
    "[[profiles]]",
    "name = 'second'",
  ].join("\n");
  const doc = parseToml(text);
  assert.deepEqual(doc.value, {
    model: "o3",
    mcp_servers: {
      docs: { command: "npx", args: ["-y", "docs-mcp"], env: { API_KEY: "kéy", DEBUG: true } },
      "odd name": { env: { X: 1000 } },
    },
    profiles: [{ name: "multi\nline" }, { name: "second" }],
  });
  const span = doc.spans.get(tomlPathKey(["mcp_servers", "docs", "command"]));
  assert.equal(text.slice(span?.start, span?.end), "'npx'");
});

test("TOML mistakes are reported with their line", () => {
  assert.throws(
    () => parseToml("a = 1\na = 2"),
    (err: unknown) => err instanceof TomlSyntaxError && err.line === 2 && /defined twice/.test(err.message),
  );
  assert.throws(() => parseToml('[t]\nx = "open'), /Unterminated string at line 2/);
  assert.throws(() => parseToml("x = [1, 2"), /Expected ',' or ']'/);
});

test("variable references are expanded the way clients do, and unknown ones are left visible", () => {
  const values = { env: { TOKEN: "t0k" }, home: "/home/ada", workspaceFolder: "/work/app" };
  assert.equal(expandVariables("Bearer ${TOKEN}", values), "Bearer t0k");
  assert.equal(
    expandVariables("${env:TOKEN}/${userHome}/${workspaceFolder}", values),
    "t0k//home/ada//work/app",
  );
  assert.equal(expandVariables("${MISSING:-fallback}", values), "fallback");
  assert.equal(expandVariables("${input:apiKey} ${MISSING}", values), "${input:apiKey} ${MISSING}");
});

test("the pool never runs more than its limit at once and keeps results in input order", async () => {
  let running = 0;
  let peak = 0;
  const results = await mapWithConcurrency([50, 10, 30, 20, 40, 5], 3, async (ms, i) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, ms));
    running--;
    return i;
  });
  assert.deepEqual(results, [0, 1, 2, 3, 4, 5]);
  assert.equal(peak, 3);
  await assert.rejects(
    mapWithConcurrency([1], 0, async () => 1),
    /positive integer/,
  );
});
