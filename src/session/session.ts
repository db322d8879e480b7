import type { Principal } from "../auth/principal.js";
import type { JsonRpcMessage, JsonRpcResponse, RequestId } from "../protocol/jsonrpc.js";
import type { InitializeResult, UpstreamConnection } from "../upstream/connection.js";
import { NameMap } from "../router/names.js";
import { ResourceRoutes } from "../router/resources.js";
import type { Channel, Reply } from "./reply.js";

/** A client request the gateway has sent upstream and not yet answered. */
export interface InFlight {
  server: string;
  clientId: RequestId;
  upstreamId: number;
  reply: Reply;
  progressToken?: string | number;
  /** Pushes the timeout back (progress was reported). */
  touch(): void;
  /** Ends the request from the gateway's side (cancelled by the client, or timed out). */
  cancel(reason: string): void;
}

/** A request made to the client (by a server, or by the gateway itself), waiting for the answer. */
export type ServerRequest =
  | {
      server: string;
      upstreamId: RequestId;
      /** Set while its audit record is being kept: the client has not been sent it yet. */
      recording?: boolean;
    }
  | { gateway: (response: JsonRpcResponse) => void };

/** Messages kept for a session whose transport has not attached its channel yet. */
const EARLY_MAX = 64;

/**
 * One client's view of the gateway: who it is, what it negotiated, its own connections to each
 * upstream (so capabilities are mirrored and server requests come back to this client only),
 * and the maps that route names, resources and ids between the two sides.
 */
export class Session {
  readonly upstreams = new Map<string, UpstreamConnection>();
  readonly inflight = new Map<RequestId, InFlight>();
  readonly byProgress = new Map<string | number, InFlight>();
  readonly serverRequests = new Map<string, ServerRequest>();
  readonly tools: NameMap;
  readonly prompts: NameMap;
  readonly resources = new ResourceRoutes();
  /**
   * Per server, the `initialize` result whose instructions the gateway's identity check cleared.
   * Kept by identity, so the result of a restart shows no instructions until it is cleared itself.
   */
  readonly clearedInstructions = new Map<string, InitializeResult>();
  /**
   * Where the transport sends messages that belong to no request. Until it sets one (it does so
   * once `initialize` has answered, which waits for the session's audit record), a server's
   * messages wait here, at most {@link EARLY_MAX}, and go out in order once it is set: a server
   * asking for roots right after its handshake is answered, not refused for want of a stream.
   */
  get channel(): Channel | undefined {
    return this.attached ?? this.waiting;
  }
  set channel(channel: Channel | undefined) {
    this.attached = channel;
    const early = this.early;
    this.early = undefined;
    if (channel && early) for (const m of early) channel.send(m);
  }
  private attached?: Channel;
  private early: JsonRpcMessage[] | undefined = [];
  private readonly waiting: Channel = {
    send: (m) => {
      if (!this.early || this.early.length >= EARLY_MAX) return false;
      this.early.push(m);
      return true;
    },
  };
  /** Serves stateless (2026-07-28) requests: no stream for server requests or unasked-for logs. */
  stateless = false;
  lastActive = Date.now();
  private serverRequestSeq = 0;

  constructor(
    readonly id: string,
    public principal: Principal,
    readonly protocolVersion: string,
    readonly clientInfo: { name?: string; version?: string } | undefined,
    readonly clientCapabilities: Record<string, unknown>,
    prefixes: ReadonlyMap<string, string | false>,
    /** Servers in config order: the order of merged lists and of collision rules. */
    readonly serverOrder: readonly string[],
  ) {
    this.tools = new NameMap(prefixes);
    this.prompts = new NameMap(prefixes);
  }

  /** A fresh id for a server-to-client request, unique within this session. */
  nextServerRequestId(): string {
    return `bastion-${++this.serverRequestSeq}`;
  }

  /** The newest request in flight to `server`, whose stream carries that server's unrelated messages. */
  latestTo(server: string): InFlight | undefined {
    let found: InFlight | undefined;
    for (const f of this.inflight.values()) if (f.server === server) found = f;
    return found;
  }
}
