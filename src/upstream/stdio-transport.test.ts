import { test } from "node:test";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import assert from "node:assert/strict";
import { silentLogger } from "../log.js";
import type { JsonRpcMessage } from "../protocol/jsonrpc.js";
import { StdioTransport } from "./stdio-transport.js";

/** A server that answers every request line with an empty result. */
const ECHO_SERVER = `
let rest = "";
process.stdin.on("data", (chunk) => {
  const lines = (rest + chunk).split("\\n");
  rest = lines.pop();
  for (const line of lines) {
    const { id } = JSON.parse(line);
    process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id, result: {} }) + "\\n");
  }
});
`;

async function echoing(): Promise<{ transport: StdioTransport; answers: JsonRpcMessage[] }> {
  const transport = new StdioTransport(
    { command: process.execPath, args: ["-e", ECHO_SERVER], env: {} },
    silentLogger(),
  );
  const answers: JsonRpcMessage[] = [];
  transport.onmessage = (m) => answers.push(m);
  await transport.start();
  return { transport, answers };
}

const request = (id: number): JsonRpcMessage => ({ jsonrpc: "2.0", id, method: "ping" });

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

test("requests sent in one turn of the event loop reach the server in one write, in order", async () => {
  const { transport, answers } = await echoing();
  // the pipe merges writes the server has not read yet, so count the writes themselves
  const stdin = (transport as unknown as { child: ChildProcessWithoutNullStreams }).child.stdin;
  const writes: string[] = [];
  const write = stdin.write.bind(stdin) as (chunk: string) => boolean;
  stdin.write = ((chunk: string) => (writes.push(chunk), write(chunk))) as typeof stdin.write;
  for (let id = 1; id <= 5; id++) transport.send(request(id));
  await until(() => answers.length === 5);
  transport.send(request(6));
  await until(() => answers.length === 6);
  assert.deepEqual(
    answers.map((m) => ("id" in m ? m.id : undefined)),
    [1, 2, 3, 4, 5, 6],
  );
  assert.deepEqual(
    writes.map((w) => w.split("\n").length - 1),
    [5, 1],
    "the five lines of the first turn went in one write, the sixth in the next",
  );
  await transport.close();
});

test("closing sends what is still waiting for the end of the turn before the server's stdin ends", async () => {
  const { transport, answers } = await echoing();
  transport.send(request(1));
  await transport.close();
  assert.deepEqual(
    answers.map((m) => ("id" in m ? m.id : undefined)),
    [1],
  );
});
