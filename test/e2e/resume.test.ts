import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { EVERYTHING, rawSession, startGateway, type TestGateway } from "../support.js";

let g: TestGateway;
before(async () => {
  g = await startGateway({
    servers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"], prefix: false } },
  });
});
after(() => g.close());

interface SseEvent {
  id?: string;
  data: string;
}

/** Opens an SSE response and collects its events until `stopAfter` says so or the stream ends. */
function sse(
  method: "POST" | "GET",
  headers: Record<string, string>,
  body: string | undefined,
  stopAfter: (events: SseEvent[]) => boolean,
): Promise<{ status: number; events: SseEvent[]; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    const req = request(
      g.url,
      { method, headers: { accept: "application/json, text/event-stream", ...headers } },
      (res) => {
        let buf = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          buf += chunk;
          let at: number;
          while ((at = buf.indexOf("\n\n")) !== -1) {
            const block = buf.slice(0, at);
            buf = buf.slice(at + 2);
            const e: SseEvent = { data: "" };
            for (const line of block.split("\n")) {
              if (line.startsWith("id: ")) e.id = line.slice(4);
              if (line.startsWith("data: ")) e.data += line.slice(6);
            }
            if (e.data) events.push(e);
            if (stopAfter(events)) {
              req.destroy();
              resolve({ status: res.statusCode ?? 0, events, ended: false });
              return;
            }
          }
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, events, ended: true }));
      },
    );
    req.on("error", (e) => (events.length ? undefined : reject(e)));
    req.end(body);
  });
}

test("a client that loses a streaming response resumes it with Last-Event-ID and gets the rest, response included", async () => {
  const sid = await rawSession(g.url);
  const headers = {
    "mcp-session-id": sid,
    "mcp-protocol-version": "2025-11-25",
    "content-type": "application/json",
  };
  const call = JSON.stringify({
    jsonrpc: "2.0",
    id: 7,
    method: "tools/call",
    params: {
      name: "trigger-long-running-operation",
      arguments: { duration: 2, steps: 4 },
      _meta: { progressToken: "p1" },
    },
  });
  // read the first progress event, then drop the connection
  const first = await sse("POST", headers, call, (events) => events.length >= 1);
  assert.equal(first.status, 200);
  const lastId = first.events.at(-1)!.id!;
  assert.ok(lastId, "events carry ids");
  assert.match(first.events[0]!.data, /notifications\/progress/);
  await new Promise((r) => setTimeout(r, 300));
  const rest = await sse("GET", { ...headers, "last-event-id": lastId }, undefined, (events) =>
    events.some((e) => e.data.includes('"id":7')),
  );
  const messages = rest.events.map(
    (e) => JSON.parse(e.data) as { method?: string; id?: number; result?: unknown },
  );
  const progress = messages.filter((m) => m.method === "notifications/progress").length;
  assert.ok(progress >= 2, `the progress after the cut arrives (${progress})`);
  const response = messages.find((m) => m.id === 7);
  assert.ok(response && JSON.stringify(response.result).includes("completed"), "and so does the response");
  const ids = [first.events[0]!.id, ...rest.events.map((e) => e.id)];
  assert.equal(new Set(ids).size, ids.length, "no event is delivered twice");
});

test("an unknown Last-Event-ID is refused", async () => {
  const sid = await rawSession(g.url);
  const r = await sse(
    "GET",
    { "mcp-session-id": sid, "mcp-protocol-version": "2025-11-25", "last-event-id": "p999_1" },
    undefined,
    () => true,
  );
  assert.equal(r.status, 404);
});
