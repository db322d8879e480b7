import type { ArgContext } from "./args.js";
import { normalizeResourceUri, type NormalizedResourceUri } from "./normalize/resource.js";

/** What the engine judges: one JSON-RPC request and its target, as the client named them. */
export interface PolicyRequest {
  /** JSON-RPC method, e.g. `tools/call`, `prompts/get`, `resources/read`, `completion/complete`. */
  method: string;
  /** Upstream server key the request is routed to. */
  server?: string;
  /** Exposed tool name (as the client sees it, e.g. `fs__read_file`). */
  tool?: string;
  /** Exposed prompt name. */
  prompt?: string;
  /** Resource URI, for `resources/read`, `resources/subscribe`, `resources/unsubscribe` and completions. */
  resourceUri?: string;
  /** Tool arguments or prompt arguments. */
  args?: Readonly<Record<string, unknown>>;
  /** Real paths from `resolveRequestPaths`; required by a policy with `resolve_symlinks: true`. */
  realPaths?: ReadonlyMap<string, string>;
}

export type TargetKind = "tool" | "prompt" | "resource" | "none";

/** A request prepared once per decision: target kind, lazily normalised URI, argument context. */
export class RequestView {
  readonly kind: TargetKind;
  readonly target: string;
  readonly args: Readonly<Record<string, unknown>>;
  private normalizedUri?: NormalizedResourceUri;
  private argContext?: ArgContext;

  constructor(
    readonly request: PolicyRequest,
    private readonly resolveSymlinks: boolean,
  ) {
    if (request.tool !== undefined) [this.kind, this.target] = ["tool", request.tool];
    else if (request.prompt !== undefined) [this.kind, this.target] = ["prompt", request.prompt];
    else if (request.resourceUri !== undefined) [this.kind, this.target] = ["resource", request.resourceUri];
    else [this.kind, this.target] = ["none", ""];
    const args = request.args;
    this.args = args !== null && typeof args === "object" && !Array.isArray(args) ? args : {};
  }

  /** `tools/call fs__read_file`, for reasons. */
  get label(): string {
    return this.kind === "none" ? this.request.method : `${this.request.method} ${this.target}`;
  }

  get resource(): NormalizedResourceUri {
    this.normalizedUri ??= normalizeResourceUri(this.target);
    return this.normalizedUri;
  }

  get context(): ArgContext {
    this.argContext ??= {
      resolveSymlinks: this.resolveSymlinks,
      realPaths: this.request.realPaths,
      pathCache: new Map(),
    };
    return this.argContext;
  }
}
