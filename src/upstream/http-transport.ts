import { AsyncLocalStorage } from "node:async_hooks";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { JsonRpcMessage } from "../protocol/jsonrpc.js";
import type { Logger } from "../log.js";
import type { UpstreamTransport } from "./transport.js";
import type { Principal } from "../auth/principal.js";
import type { UpstreamCredentialProvider } from "../auth/upstream-credentials.js";

/**
 * The SDK's HTTP client transports, loaded on first use: they bring the SDK's schemas (about
 * 20 MB of heap), which a gateway with only stdio upstreams never needs.
 */
const sdk = async () => ({
  ...(await import("@modelcontextprotocol/sdk/client/streamableHttp.js")),
  ...(await import("@modelcontextprotocol/sdk/client/sse.js")),
});

/**
 * Headers for the HTTP requests one `send` makes (its trace context). The SDK builds each request
 * after an `await`, so a field set before `send` could be read by another call's request; an
 * async context follows each send alone, and is entered only for sends that carry headers.
 */
const perSend = new AsyncLocalStorage<Record<string, string>>();

/** `fetch` with the headers of the send it runs for, if any. */
const fetchWithSendHeaders: typeof fetch = (input, init) => {
  const extra = perSend.getStore();
  if (!extra) return fetch(input, init);
  const headers = new Headers(init?.headers);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return fetch(input, { ...init, headers });
};

export interface HttpServerSpec {
  url: string;
  server: string;
  /** Who the connection is for: a token-exchange provider (RFC 8693) would trade on this. */
  principal: Principal;
  /** The upstream's own credentials; a client's credentials never reach here. */
  credentials: UpstreamCredentialProvider;
}

/**
 * An HTTP upstream: Streamable HTTP first, falling back to the legacy HTTP+SSE transport when
 * the server answers the first POST with a 4xx (as the spec's backward-compatibility section
 * describes). The SDK's client transports do the HTTP work; this class only chooses between them.
 */
export class HttpTransport implements UpstreamTransport {
  private inner?: Transport;
  private closed = false;
  private first = true;
  private version?: string;
  private headers: Record<string, string> = {};
  onmessage?: (message: JsonRpcMessage) => void;
  onclose?: (reason: string) => void;
  onerror?: (error: Error) => void;

  constructor(
    private readonly spec: HttpServerSpec,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.headers = await this.spec.credentials.headersFor({
      server: this.spec.server,
      principal: this.spec.principal,
    });
    this.inner = this.wire(
      new (await sdk()).StreamableHTTPClientTransport(new URL(this.spec.url), {
        requestInit: { headers: this.headers },
        fetch: fetchWithSendHeaders,
      }),
    );
    await this.inner.start();
  }

  private wire(t: Transport): Transport {
    t.onmessage = (m) => this.onmessage?.(m as unknown as JsonRpcMessage);
    t.onerror = (e) => this.onerror?.(e);
    t.onclose = () => {
      if (t !== this.inner || this.closed) return;
      this.closed = true;
      this.onclose?.("connection closed");
    };
    return t;
  }

  send(message: JsonRpcMessage, headers?: Record<string, string>): Promise<void> {
    return headers ? perSend.run(headers, () => this.sendNow(message)) : this.sendNow(message);
  }

  private async sendNow(message: JsonRpcMessage): Promise<void> {
    const inner = this.inner;
    if (!inner || this.closed) throw new Error("upstream connection is closed");
    if (!this.first) return inner.send(message as unknown as JSONRPCMessage);
    this.first = false;
    try {
      await inner.send(message as unknown as JSONRPCMessage);
    } catch (e) {
      const { StreamableHTTPError, SSEClientTransport } = await sdk();
      const status = e instanceof StreamableHTTPError ? e.code : undefined;
      if (status === undefined || status < 400 || status >= 500) throw e;
      this.log.info({ url: this.spec.url, status }, "Streamable HTTP refused; trying legacy SSE");
      this.inner = undefined; // the old transport's close must not read as a lost connection
      await inner.close().catch(() => {});
      const sse = this.wire(
        new SSEClientTransport(new URL(this.spec.url), {
          requestInit: { headers: this.headers },
          fetch: fetchWithSendHeaders,
          eventSourceInit: {
            fetch: (url, init) =>
              fetch(url, {
                ...init,
                headers: { ...this.headers, ...(init?.headers as Record<string, string>) },
              }),
          },
        }),
      );
      this.inner = sse;
      await sse.start();
      if (this.version) sse.setProtocolVersion?.(this.version);
      await sse.send(message as unknown as JSONRPCMessage);
    }
  }

  setProtocolVersion(version: string): void {
    this.version = version;
    this.inner?.setProtocolVersion?.(version);
  }

  async close(): Promise<void> {
    this.closed = true;
    const inner = this.inner;
    const streamable = inner as Partial<StreamableHTTPClientTransport> | undefined;
    if (typeof streamable?.terminateSession === "function")
      await streamable.terminateSession().catch(() => {});
    await inner?.close().catch(() => {});
  }
}
