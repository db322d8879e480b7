import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, realpath, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  ElicitRequestSchema,
  type ElicitRequest,
  type ElicitResult,
} from "@modelcontextprotocol/sdk/types.js";
import { FILESYSTEM, startGateway, type TestGateway } from "../support.js";
import { createPolicyGuard } from "../../src/guards/policy/index.js";
import { approvalsApproveCommand, approvalsListCommand } from "../../src/approvals/index.js";
import { loadPolicyFile, PolicyHolder, watchPolicyFile, type ReloadResult } from "../../src/policy/index.js";
import { MemoryStore } from "../../src/store/memory.js";
import { silentLogger } from "../../src/log.js";

/**
 * The policy guard in the real gateway, in front of server-filesystem on a temp directory. The
 * upstream may touch the whole directory; the policy narrows the loopback principal ("local")
 * to `public/`, so every refusal below is the gateway's, and anything that reached the upstream
 * would show on disk.
 */
let dir: string;
let policyFile: string;
let holder: PolicyHolder;
let watcher: ReturnType<typeof watchPolicyFile>;
let g: TestGateway;
const store = new MemoryStore();
const reloads: ReloadResult[] = [];
const clients: Client[] = [];

function policyText(readTools: string[]): string {
  const pub = JSON.stringify(join(dir, "public"));
  return `default: deny
rules:
  - id: read-public
    effect: allow
    principals: { subjects: [local] }
    tools: ${JSON.stringify(readTools)}
    args: { path: { path_under: ${pub} } }
  - id: mkdir-public
    effect: allow
    principals: { subjects: [local] }
    tools: [fs__create_directory]
    args: { path: { path_under: ${pub} } }
  - id: writes-need-review
    effect: approve
    principals: { subjects: [local] }
    tools: [fs__write_file]
    args: { path: { path_under: ${pub} } }
  - id: info-rationed
    effect: allow
    tools: [fs__get_file_info]
    args: { path: { path_under: ${pub} } }
    rate: { calls: 2, per_seconds: 3600 }
  - id: no-moves
    effect: deny
    tools: [fs__move_file]
`;
}

/** Every file and folder under the temp directory, to prove a denied call changed nothing. */
async function tree(root = dir): Promise<string[]> {
  const entries = await readdir(root, { recursive: true });
  return entries.map(String).sort();
}

type Answer = (request: ElicitRequest) => Promise<ElicitResult>;

async function connect(name: string, answer?: Answer): Promise<Client> {
  const client = answer
    ? new Client({ name, version: "1" }, { capabilities: { elicitation: {} } })
    : new Client({ name, version: "1" });
  if (answer) client.setRequestHandler(ElicitRequestSchema, answer);
  await client.connect(new StreamableHTTPClientTransport(new URL(g.url)));
  clients.push(client);
  return client;
}

interface WireError {
  code?: number;
  message: string;
  data?: { code?: string; guard?: string; retryAfterSeconds?: number };
}

/** The gateway's refusal of a call: the JSON-RPC error the client got. */
async function refusal(call: Promise<unknown>): Promise<WireError> {
  const outcome = await call.then(
    (result) => ({ result }),
    (error: WireError) => ({ error }),
  );
  assert.ok("error" in outcome, `expected a refusal, got ${JSON.stringify(outcome)}`);
  return outcome.error;
}

function text(result: unknown): string {
  return ((result as { content: Array<{ text: string }> }).content[0] ?? { text: "" }).text;
}

let plain: Client;

before(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "bastion-policy-e2e-")));
  await mkdir(join(dir, "public"));
  await mkdir(join(dir, "private"));
  await mkdir(join(dir, "publicity"));
  await writeFile(join(dir, "public", "hello.txt"), "Grüße aus dem Tresor 🔐\nline two\n");
  await writeFile(join(dir, "private", "secret.txt"), "the upstream could read this\n");
  await writeFile(join(dir, "publicity", "secret.txt"), "prefix trick\n");
  const policyDir = await mkdtemp(join(tmpdir(), "bastion-policy-file-"));
  policyFile = join(policyDir, "policy.yaml");
  await writeFile(policyFile, policyText(["fs__read_text_file", "fs__list_directory"]));
  holder = new PolicyHolder(await loadPolicyFile(policyFile));
  watcher = watchPolicyFile(policyFile, holder, { debounceMs: 50, onReload: (r) => reloads.push(r) });
  const guard = createPolicyGuard({ holder, store, log: silentLogger(), approvalTimeoutMs: 1000 });
  g = await startGateway({ servers: { fs: { command: process.execPath, args: [FILESYSTEM, dir] } } }, [
    guard,
  ]);
  plain = await connect("plain");
});

after(async () => {
  watcher.close();
  await Promise.all(clients.map((c) => c.close()));
  await g.close();
  await rm(dir, { recursive: true, force: true });
  await rm(join(policyFile, ".."), { recursive: true, force: true });
});

test("an allowed call reaches the upstream with its arguments unchanged", async () => {
  const path = join(dir, "public", "hello.txt");
  const result = await plain.callTool({ name: "fs__read_text_file", arguments: { path } });
  assert.equal(text(result), await readFile(path, "utf8"));
  const listing = await plain.callTool({
    name: "fs__list_directory",
    arguments: { path: join(dir, "public") },
  });
  assert.match(text(listing), /\[FILE\] hello\.txt/);
});

test("a call the policy denies never reaches the upstream and the client learns no policy detail", async () => {
  const before = await tree();
  const denied = await refusal(
    plain.callTool({
      name: "fs__create_directory",
      arguments: { path: join(dir, "private", "made-by-gateway") },
    }),
  );
  assert.equal(denied.code, -32010);
  assert.deepEqual(denied.data, { code: "denied", guard: "policy" });
  assert.match(denied.message, /Denied by policy/);
  assert.doesNotMatch(JSON.stringify(denied), /mkdir-public|read-public|default|path_under/);

  const write = await refusal(
    plain.callTool({
      name: "fs__write_file",
      arguments: { path: join(dir, "private", "x.txt"), content: "no" },
    }),
  );
  assert.equal(write.data?.code, "denied", "a write outside public/ is not even offered for approval");
  assert.deepEqual(await tree(), before, "nothing changed on disk");
});

test("path traversal in the arguments is denied in every form, before the upstream sees it", async () => {
  const pub = join(dir, "public");
  const attempts = [
    `${pub}/../private/evil`,
    `${pub}/%2e%2e/private/evil`,
    `${pub}/..%2fprivate%2fevil`,
    `${pub}/%252e%252e/private/evil`,
    `${pub}\\..\\private\\evil`,
    `${pub}/\uff0e\uff0e/private/evil`,
    `${pub}\u2215..\u2215private\u2215evil`,
    `${pub}/evil\u0000/../../private/evil`,
    `${dir}/publicity/evil`,
    `file://${pub}/../private/evil`,
    "~/evil",
    "public/../private/evil",
    `${pub}/${"a/".repeat(2100)}evil`,
  ];
  const before = await tree();
  for (const path of attempts) {
    const denied = await refusal(plain.callTool({ name: "fs__create_directory", arguments: { path } }));
    assert.equal(denied.data?.code, "denied", `${path.slice(0, 80)} was not denied by the gateway`);
    assert.equal(denied.data?.guard, "policy");
  }
  for (const path of [`${pub}/../private/secret.txt`, `${dir}/publicity/secret.txt`]) {
    const denied = await refusal(plain.callTool({ name: "fs__read_text_file", arguments: { path } }));
    assert.equal(denied.data?.code, "denied", path);
  }
  assert.deepEqual(await tree(), before, "no attempt created anything");
  const made = await plain.callTool({ name: "fs__create_directory", arguments: { path: `${pub}/made` } });
  assert.match(text(made), /Successfully created directory/, "the same tool with a fair path works");
});

test("lists match calls: exactly the usable tools are listed, and a hidden tool called by name is denied", async () => {
  const direct = new Client({ name: "direct", version: "1" });
  await direct.connect(
    new StdioClientTransport({ command: process.execPath, args: [FILESYSTEM, dir], stderr: "ignore" }),
  );
  const upstream = (await direct.listTools()).tools.map((t) => `fs__${t.name}`);
  await direct.close();
  const listed = (await plain.listTools()).tools.map((t) => t.name).sort();
  assert.deepEqual(listed, [
    "fs__create_directory",
    "fs__get_file_info",
    "fs__list_directory",
    "fs__read_text_file",
    "fs__write_file",
  ]);
  const hidden = upstream.filter((name) => !listed.includes(name));
  assert.ok(hidden.includes("fs__move_file") && hidden.includes("fs__edit_file"), hidden.join(", "));
  for (const name of hidden) {
    const denied = await refusal(
      plain.callTool({
        name,
        arguments: { path: join(dir, "public", "hello.txt"), source: "a", destination: "b" },
      }),
    );
    assert.equal(denied.data?.code, "denied", name);
  }
});

test("an approval asked through the client's elicitation handler lets the write run once, exactly as asked", async () => {
  const asked: ElicitRequest[] = [];
  const approving = await connect("approving", async (request) => {
    asked.push(request);
    return { action: "accept", content: { approve: true } };
  });
  const path = join(dir, "public", "approved.txt");
  const content = "written after approval: ✓\n";
  const result = await approving.callTool({ name: "fs__write_file", arguments: { path, content } });
  assert.match(text(result), /Successfully wrote/);
  assert.equal(await readFile(path, "utf8"), content, "the upstream got the arguments unchanged");
  assert.equal(asked.length, 1);
  const message = String((asked[0]!.params as { message: string }).message);
  assert.match(message, /Tool: fs__write_file on server "fs"/);
  assert.ok(message.includes(JSON.stringify(path)), message);
  assert.match(message, /written after approval/);
});

test("a declined approval prompt denies the write and nothing is written", async () => {
  const declining = await connect("declining", async () => ({ action: "decline" }));
  const path = join(dir, "public", "declined.txt");
  const denied = await refusal(
    declining.callTool({ name: "fs__write_file", arguments: { path, content: "x" } }),
  );
  assert.equal(denied.data?.code, "approval_denied");
  assert.match(denied.message, /not approved: the user declined it/);
  await assert.rejects(readFile(path), { code: "ENOENT" });
});

test("without an answer in time the write waits for an out-of-band approval, which releases it once", async () => {
  const slow = await connect(
    "slow",
    () =>
      new Promise((resolve) =>
        setTimeout(() => resolve({ action: "accept", content: { approve: true } }), 1500),
      ),
  );
  const path = join(dir, "public", "out-of-band.txt");
  const args = { path, content: "approved out of band\n" };
  const held = await refusal(slow.callTool({ name: "fs__write_file", arguments: args }));
  assert.equal(held.data?.code, "approval_required");
  const id = /Approval ([0-9a-f]{16}) is pending/.exec(held.message)?.[1];
  assert.ok(id, held.message);
  assert.match(held.message, new RegExp(`bastion approvals approve ${id}`));
  await assert.rejects(readFile(path), { code: "ENOENT" }, "a held call did not run");

  const heldAgain = await refusal(plain.callTool({ name: "fs__write_file", arguments: args }));
  assert.match(
    heldAgain.message,
    new RegExp(`Approval ${id} is pending`),
    "the same call waits on the same approval",
  );
  assert.match(
    (await approvalsListCommand({ store })).stdout,
    new RegExp(`${id}  pending   local  fs  fs__write_file`),
  );

  assert.equal((await approvalsApproveCommand({ store, id })).exitCode, 0);
  const changed = await refusal(
    plain.callTool({ name: "fs__write_file", arguments: { ...args, content: "other" } }),
  );
  assert.equal(changed.data?.code, "approval_required", "the approval covers only the exact arguments");
  await plain.callTool({ name: "fs__write_file", arguments: args });
  assert.equal(await readFile(path, "utf8"), args.content);
  const reused = await refusal(plain.callTool({ name: "fs__write_file", arguments: args }));
  assert.equal(reused.data?.code, "approval_required", "an approval is used once");
  assert.doesNotMatch(reused.message, new RegExp(id));
});

test("a rate limit trips with a retry-after hint", async () => {
  const path = join(dir, "public", "hello.txt");
  await plain.callTool({ name: "fs__get_file_info", arguments: { path } });
  await plain.callTool({ name: "fs__get_file_info", arguments: { path } });
  const limited = await refusal(plain.callTool({ name: "fs__get_file_info", arguments: { path } }));
  assert.equal(limited.code, -32014);
  assert.equal(limited.data?.code, "rate_limited");
  assert.equal(limited.data?.retryAfterSeconds, 1800);
  assert.match(limited.message, /Rate limit exceeded; retry after 1800 seconds/);
});

/** Replaces the policy file the way editors do (write elsewhere, rename over) and awaits the reload. */
async function edit(content: string, wanted: (r: ReloadResult) => boolean): Promise<ReloadResult> {
  const seen = reloads.length;
  const temp = `${policyFile}.tmp`;
  await writeFile(temp, content);
  await rename(temp, policyFile);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const found = reloads.slice(seen).find(wanted);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("the policy file change was not picked up within 10 s");
}

test("hot reload: a good edit takes effect, a broken one is refused and the previous policy stays", async () => {
  const path = join(dir, "public", "hello.txt");
  const good = await edit(policyText(["fs__list_directory"]), (r) => r.ok && r.changed);
  assert.equal(good.ok, true);
  const denied = await refusal(plain.callTool({ name: "fs__read_text_file", arguments: { path } }));
  assert.equal(denied.data?.code, "denied", "reads are no longer allowed");
  assert.ok(!(await plain.listTools()).tools.some((t) => t.name === "fs__read_text_file"), "nor listed");
  const version = holder.current.version;

  const broken = await edit(
    policyText(["fs__list_directory"]).replace("effect: deny", "effect: permit"),
    (r) => !r.ok,
  );
  assert.equal(broken.ok, false);
  assert.match(
    broken.ok ? "" : broken.error.message,
    /policy\.yaml:\d+: rules\[4\]\.effect: expected one of "allow", "deny", "approve", "mfa", got "permit"/,
  );
  assert.equal(holder.current.version, version, "the previous policy stays in force");
  const still = await refusal(plain.callTool({ name: "fs__read_text_file", arguments: { path } }));
  assert.equal(still.data?.code, "denied");
  const listing = await plain.callTool({
    name: "fs__list_directory",
    arguments: { path: join(dir, "public") },
  });
  assert.match(text(listing), /hello\.txt/);
  const moved = await refusal(
    plain.callTool({
      name: "fs__move_file",
      arguments: { source: path, destination: join(dir, "public", "m.txt") },
    }),
  );
  assert.equal(moved.data?.code, "denied", "the deny the broken edit would have changed still holds");
});
