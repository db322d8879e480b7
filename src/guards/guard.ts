import type { Principal } from "../auth/principal.js";

/**
 * The guard contract: the seam every inspection and policy feature plugs into.
 *
 * A guard has a name, a failure mode (closed unless it says otherwise) and optional hooks for the
 * phases it cares about; a missing hook means pass. Each hook returns a decision synchronously
 * or as a promise. See docs/lifecycle.md for where each phase runs.
 */
export type Decision<T> =
  | { action: "allow" }
  | { action: "modify"; value: T }
  | { action: "deny"; code: string; message: string; detail?: string; retryAfterSeconds?: number };

export type MaybePromise<T> = T | Promise<T>;

/** What a guard knows about the call it is judging. */
export interface GuardContext {
  sessionId: string;
  principal: Principal;
  /** Client name and version from `initialize`, when the client sent them. */
  client?: { name?: string; version?: string };
  /** Upstream server key the message is routed to (undefined for gateway-owned methods). */
  server?: string;
  /** JSON-RPC method of the request (or of the request a response answers). */
  method: string;
  /** Exposed name of the tool or prompt, or the resource URI, when the method has one. */
  target?: string;
  /** The name the upstream server knows the target by. */
  upstreamTarget?: string;
  /**
   * Facts guards record for later phases of the same call and for the audit: `rule` (the rule
   * that decided, a string) and `findings` (finding ids, strings) are recorded.
   */
  notes: Record<string, unknown>;
  /**
   * Asks the calling client through MCP elicitation (present only when the client declared the
   * capability and a stream to it is open). Resolves with the client's ElicitResult.
   */
  elicit?: (params: Record<string, unknown>, timeoutMs: number) => Promise<Record<string, unknown>>;
}

export type ListKind = "tools" | "prompts" | "resources" | "resourceTemplates";

/** One item of a list result, as the client will see it (already renamed by the router). */
export interface ListItemContext extends GuardContext {
  kind: ListKind;
}

export type JsonObject = Record<string, unknown>;

export interface Guard {
  readonly name: string;
  /** What a thrown error or rejected promise means: `closed` (default) denies, `open` allows. */
  readonly failureMode?: "closed" | "open";
  /** A new client session; deny refuses the session. */
  connect?(ctx: GuardContext): MaybePromise<Decision<never>>;
  /** A client request on its way upstream; modify replaces its `params`. */
  request?(ctx: GuardContext, params: JsonObject): MaybePromise<Decision<JsonObject>>;
  /** An upstream result on its way to the client; modify replaces the `result`. */
  response?(ctx: GuardContext, result: JsonObject): MaybePromise<Decision<JsonObject>>;
  /** One item of a merged list result; deny withholds the item, modify replaces it. */
  listItem?(ctx: ListItemContext, item: JsonObject): MaybePromise<Decision<JsonObject>>;
}
