import type {
  JsonRpcMessage,
  JsonRpcNotification,
  JsonRpcRequest,
  JsonRpcResponse,
  RequestId,
} from "../protocol/jsonrpc.js";
import { ErrorCode, errorResponse, isErrorResponse, isRequest, isResponse } from "../protocol/jsonrpc.js";
import type { Logger } from "../log.js";
import type { UpstreamTransport } from "./transport.js";
import { GatewayError } from "../errors.js";

/** What the gateway tells an upstream at `initialize`: the client's own values, mirrored. */
export interface InitializeParams {
  protocolVersion: string;
  capabilities: Record<string, unknown>;
  clientInfo: Record<string, unknown>;
}

/** What the upstream answered at `initialize`. */
export interface InitializeResult {
  protocolVersion: string;
  capabilities: Record<string, unknown>;
  serverInfo?: Record<string, unknown>;
  instructions?: string;
  [key: string]: unknown;
}

export interface ConnectionHooks {
  /** A request from the server (sampling, elicitation, roots, ping); `id` is the server's own. */
  onServerRequest(request: JsonRpcRequest): void;
  /** A notification from the server (progress, logging, list changes, resource updates). */
  onServerNotification(notification: JsonRpcNotification): void;
  /** The connection was lost and the server is being started again. */
  onRestarting?(): void;
  /** The connection became ready again after a restart (lists may have changed). */
  onRestarted?(): void;
  /** The server keeps crashing; called at every loss from the {@link CRASH_LOOP_LOSSES}th on. */
  onCrashLoop?(loop: CrashLoop): void;
}

/**
 * A server that lost its connection {@link CRASH_LOOP_LOSSES} or more times in a row, never staying
 * up for {@link STABLE_MS} in between.
 */
export interface CrashLoop {
  /** Losses in a row, the latest included. */
  losses: number;
  /** Restarts between the first loss of the run and the latest (one fewer than the losses). */
  restarts: number;
  /** Time from the first loss of the run to the latest. */
  windowMs: number;
  /** Why the connection was lost the latest time. */
  reason: string;
}

/** Losses in a row after which a server counts as crash-looping. */
const CRASH_LOOP_LOSSES = 5;

/** How long a server must stay up for its next loss to start a new run (and the backoff over). */
const STABLE_MS = 30_000;

export interface ConnectionOptions {
  /** How long to wait for the transport to start and `initialize` to answer. */
  connectTimeoutMs: number;
  /** Backoff between restarts, doubling from `minMs` up to `maxMs`. */
  restart: { minMs: number; maxMs: number; enabled: boolean };
}

type Waiter = (response: JsonRpcResponse) => void;

/**
 * One JSON-RPC conversation with one upstream server on behalf of one client session.
 *
 * Request ids are the connection's own (a counter), so a client's ids, the gateway's own
 * requests and other clients can never collide upstream. When the transport dies every call in
 * flight is answered with an error at once, and the server is restarted with backoff and
 * initialized again with the same mirrored parameters.
 */
export class UpstreamConnection {
  state: "idle" | "starting" | "ready" | "down" | "closed" = "idle";
  result?: InitializeResult;
  private transport?: UpstreamTransport;
  private nextId = 1;
  private readonly pending = new Map<number, Waiter>();
  private readyWaiters: Array<(error?: Error) => void> = [];
  private attempt = 0;
  private upSince = 0;
  /** When the first loss of the current run of losses happened. */
  private failingSince = 0;
  private lastError = "";
  private restartTimer?: NodeJS.Timeout;

  constructor(
    readonly server: string,
    private readonly makeTransport: () => UpstreamTransport,
    private readonly init: InitializeParams,
    private readonly hooks: ConnectionHooks,
    private readonly log: Logger,
    private readonly options: ConnectionOptions,
  ) {}

  /** Starts the server and completes the `initialize` handshake. */
  async start(): Promise<InitializeResult> {
    this.state = "starting";
    const transport = this.makeTransport();
    this.transport = transport;
    transport.onmessage = (m) => this.receive(m);
    transport.onerror = (e) =>
      this.log.debug({ server: this.server, err: e.message }, "upstream transport error");
    transport.onclose = (reason) => this.lost(transport, reason);
    try {
      const result = await withTimeout(this.handshake(transport), this.options.connectTimeoutMs, () => {
        void transport.close();
        return new GatewayError(
          "upstream_unavailable",
          `Upstream "${this.server}" did not finish initialize within ${this.options.connectTimeoutMs} ms`,
        );
      });
      this.result = result;
      this.state = "ready";
      this.upSince = Date.now();
      this.flushReady();
      return result;
    } catch (e) {
      this.lastError = (e as Error).message;
      if (this.transport === transport) this.lost(transport, this.lastError);
      throw e;
    }
  }

  private async handshake(transport: UpstreamTransport): Promise<InitializeResult> {
    await transport.start();
    const response = await this.exchange(transport, "initialize", { ...this.init });
    if (isErrorResponse(response)) {
      throw new GatewayError(
        "upstream_unavailable",
        `Upstream "${this.server}" refused initialize: ${response.error.message}`,
      );
    }
    const result = response.result as unknown as InitializeResult;
    if (typeof result.protocolVersion === "string") transport.setProtocolVersion?.(result.protocolVersion);
    await transport.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    return result;
  }

  private exchange(transport: UpstreamTransport, method: string, params: Record<string, unknown>) {
    return new Promise<JsonRpcResponse>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, resolve);
      Promise.resolve(transport.send({ jsonrpc: "2.0", id, method, params })).catch((e: Error) => {
        this.pending.delete(id);
        reject(e);
      });
    });
  }

  /** Resolves once the connection is ready; rejects if it is closed or fails to come back in time. */
  ready(timeoutMs = this.options.connectTimeoutMs): Promise<void> {
    if (this.state === "ready") return Promise.resolve();
    if (this.state === "closed") return Promise.reject(this.unavailable());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== waiter);
        reject(this.unavailable());
      }, timeoutMs);
      const waiter = (error?: Error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      this.readyWaiters.push(waiter);
    });
  }

  private unavailable(): GatewayError {
    const why = this.lastError ? `: ${this.lastError}` : "";
    return new GatewayError("upstream_unavailable", `Upstream "${this.server}" is unavailable${why}`);
  }

  private flushReady(error?: Error): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w(error);
  }

  /**
   * Sends a request upstream under a fresh id and calls `onResponse` exactly once with the answer
   * (its id is the upstream one; the caller restores the client's). Returns the upstream id, for
   * cancellation. `headers` go on the HTTP request that carries it (trace context).
   */
  forward(
    method: string,
    params: Record<string, unknown> | undefined,
    onResponse: Waiter,
    headers?: Record<string, string>,
  ): number {
    const id = this.nextId++;
    const transport = this.transport;
    if (this.state !== "ready" || !transport) {
      onResponse(errorResponse(id, ErrorCode.InternalError, this.unavailable().message));
      return id;
    }
    this.pending.set(id, onResponse);
    const message: JsonRpcRequest = { jsonrpc: "2.0", id, method };
    if (params !== undefined) message.params = params;
    try {
      const sent = transport.send(message, headers);
      if (sent)
        sent.catch((e: Error) =>
          this.settle(id, errorResponse(id, ErrorCode.InternalError, sendFailed(this.server, e))),
        );
    } catch (e) {
      this.settle(id, errorResponse(id, ErrorCode.InternalError, sendFailed(this.server, e as Error)));
    }
    return id;
  }

  /** A request of the gateway's own (lists, completion routing); resolves with the result. */
  call(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      this.forward(method, params, (r) => {
        if (isErrorResponse(r))
          reject(new UpstreamError(this.server, r.error.code, r.error.message, r.error.data));
        else resolve(r.result);
      });
    });
  }

  /** Forwards a notification (cancellation, roots changes, unknown notifications). */
  notify(method: string, params?: Record<string, unknown>): void {
    if (this.state !== "ready" || !this.transport) return;
    const message: JsonRpcNotification = { jsonrpc: "2.0", method };
    if (params !== undefined) message.params = params;
    void Promise.resolve(this.sendSafely(message));
  }

  /** Answers a request the server made (the id is the server's own). */
  respond(response: JsonRpcResponse): void {
    void Promise.resolve(this.sendSafely(response));
  }

  /** Stops waiting for an answer the client no longer wants. */
  abandon(id: number): void {
    this.pending.delete(id);
  }

  private sendSafely(message: JsonRpcMessage) {
    try {
      const r = this.transport?.send(message);
      if (r)
        return r.catch((e: Error) => this.log.debug({ server: this.server, err: e.message }, "send failed"));
    } catch (e) {
      this.log.debug({ server: this.server, err: (e as Error).message }, "send failed");
    }
  }

  private settle(id: number, response: JsonRpcResponse): void {
    const waiter = this.pending.get(id);
    if (!waiter) return;
    this.pending.delete(id);
    waiter(response);
  }

  private receive(message: JsonRpcMessage): void {
    if (isResponse(message)) {
      if (typeof message.id === "number") this.settle(message.id, message);
      return;
    }
    if (isRequest(message)) this.hooks.onServerRequest(message);
    else this.hooks.onServerNotification(message as JsonRpcNotification);
  }

  /** The transport ended: answer everything in flight now, then restart with backoff. */
  private lost(transport: UpstreamTransport, reason: string): void {
    if (transport !== this.transport) return;
    this.transport = undefined;
    this.lastError = reason;
    const wasClosed = this.state === "closed";
    if (!wasClosed) this.state = "down";
    const failed = [...this.pending.entries()];
    this.pending.clear();
    for (const [id, waiter] of failed) {
      waiter(
        errorResponse(
          id,
          ErrorCode.InternalError,
          `Upstream "${this.server}" ${reason} while handling the request`,
        ),
      );
    }
    if (wasClosed) return;
    this.log.warn({ server: this.server, reason }, "upstream connection lost");
    if (!this.options.restart.enabled) {
      this.flushReady(this.unavailable());
      return;
    }
    const now = Date.now();
    if (this.upSince && now - this.upSince > STABLE_MS) this.attempt = 0;
    this.upSince = 0;
    if (this.attempt === 0) this.failingSince = now;
    const delay = Math.min(this.options.restart.maxMs, this.options.restart.minMs * 2 ** this.attempt);
    this.attempt++;
    if (this.attempt >= CRASH_LOOP_LOSSES)
      this.hooks.onCrashLoop?.({
        losses: this.attempt,
        restarts: this.attempt - 1,
        windowMs: now - this.failingSince,
        reason,
      });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.state === "closed") return;
      this.hooks.onRestarting?.();
      this.start().then(
        () => {
          this.log.info({ server: this.server, attempt: this.attempt }, "upstream restarted");
          this.hooks.onRestarted?.();
        },
        (e: Error) => this.log.warn({ server: this.server, err: e.message }, "upstream restart failed"),
      );
    }, delay);
    this.restartTimer.unref();
  }

  /** The server's process id, for stdio upstreams (tests and diagnostics). */
  get transportForTests(): UpstreamTransport | undefined {
    return this.transport;
  }

  async close(): Promise<void> {
    this.state = "closed";
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.flushReady(this.unavailable());
    const t = this.transport;
    if (t) {
      await t.close();
      this.lost(t, "was shut down");
    }
  }
}

/** An error answer from an upstream, kept whole so it can be passed to the client unchanged. */
export class UpstreamError extends Error {
  constructor(
    readonly server: string,
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = "UpstreamError";
  }
}

function sendFailed(server: string, e: Error): string {
  return `Upstream "${server}" could not be reached: ${e.message}`;
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(onTimeout()), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

export type { RequestId };
