import type { ServerResponse } from "node:http";

export const SSE_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
} as const;

/** One event as it was sent, kept so a client that reconnects with Last-Event-ID gets the rest. */
export interface StoredEvent {
  id: string;
  stream: string;
  data: string;
}

/**
 * Recent SSE events of one session, bounded. Event ids are `<stream>_<n>` so a Last-Event-ID
 * names both the stream to resume and where in it.
 */
export class EventLog {
  private readonly events: StoredEvent[] = [];
  private seq = 0;

  constructor(private readonly max = 1000) {}

  /** Keeps one event: the wire text of a message sent on `stream`. */
  add(stream: string, data: string): StoredEvent {
    const e = { id: `${stream}_${++this.seq}`, stream, data };
    this.events.push(e);
    if (this.events.length > this.max) this.events.shift();
    return e;
  }

  /** Events of the same stream after `lastId`, or undefined when that id is unknown here. */
  after(lastId: string): { stream: string; events: StoredEvent[] } | undefined {
    const at = this.events.findIndex((e) => e.id === lastId);
    if (at === -1) return undefined;
    const stream = this.events[at]!.stream;
    return { stream, events: this.events.slice(at + 1).filter((e) => e.stream === stream) };
  }
}

/** A complete JSON response: every non-streaming answer of the HTTP front goes out this way. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res
    .writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) })
    .end(text);
}

export function writeEvent(res: ServerResponse, e: { id?: string; data: string; event?: string }): void {
  let s = "";
  if (e.event) s += `event: ${e.event}\n`;
  if (e.id) s += `id: ${e.id}\n`;
  res.write(`${s}data: ${e.data}\n\n`);
}
