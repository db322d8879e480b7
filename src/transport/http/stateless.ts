import type { IncomingMessage, ServerResponse } from "node:http";
import type { Principal } from "../../auth/principal.js";
import type { JsonRpcMessage, JsonRpcRequest, JsonRpcResponse } from "../../protocol/jsonrpc.js";
import { ErrorCode, errorResponse, isRequest } from "../../protocol/jsonrpc.js";
import {
  META_CLIENT_CAPABILITIES,
  META_PROTOCOL_VERSION,
  STATELESS_VERSION,
  SUPPORTED_VERSIONS,
} from "../../protocol/versions.js";
import type { Gateway } from "../../gateway/gateway.js";
import { toError } from "../../gateway/dispatch.js";
import type { Reply } from "../../session/reply.js";
import { PostReply } from "./post-reply.js";
import { sendJson } from "./sse.js";
import { header } from "./front.js";
import { checkRequestHeaders } from "./headers.js";

/** Methods of the session revisions that the stateless revision removed. */
const REMOVED = new Set([
  "initialize",
  "ping",
  "logging/setLevel",
  "resources/subscribe",
  "resources/unsubscribe",
]);
/** Methods the stateless front forwards to upstreams. */
const FORWARDED = new Set([
  "tools/list",
  "tools/call",
  "prompts/list",
  "prompts/get",
  "resources/list",
  "resources/read",
  "resources/templates/list",
  "completion/complete",
]);

/**
 * The 2026-07-28 revision: no handshake and no session; every request carries its version and
 * client capabilities in `_meta`, mirrored into headers the gateway checks against the body.
 * Upstreams still speak the session revisions, so requests run over one upstream session per
 * principal that the gateway keeps open (never shared between principals).
 */
export class Stateless {
  constructor(private readonly gw: Gateway) {}

  async post(
    req: IncomingMessage,
    res: ServerResponse,
    message: JsonRpcMessage,
    principal: Principal,
    bytesIn: number,
  ): Promise<void> {
    if (!isRequest(message)) {
      // this revision defines no client notifications over HTTP; accept and ignore them
      res.writeHead(202).end();
      return;
    }
    const fail = (status: number, r: JsonRpcResponse) => sendJson(res, status, r);
    const meta = message.params?._meta as Record<string, unknown> | undefined;
    const version = meta?.[META_PROTOCOL_VERSION];
    if (typeof version !== "string" || !meta || typeof meta[META_CLIENT_CAPABILITIES] !== "object") {
      return fail(
        400,
        errorResponse(
          message.id,
          ErrorCode.InvalidParams,
          `Invalid params: _meta must carry ${META_PROTOCOL_VERSION} and ${META_CLIENT_CAPABILITIES}`,
        ),
      );
    }
    const headerVersion = header(req, "mcp-protocol-version");
    if (headerVersion !== undefined && headerVersion !== version) {
      return fail(
        400,
        errorResponse(
          message.id,
          ErrorCode.HeaderMismatch,
          `Header mismatch: MCP-Protocol-Version header value '${headerVersion}' does not match body value '${version}'`,
        ),
      );
    }
    if (version !== STATELESS_VERSION) {
      return fail(
        400,
        errorResponse(message.id, ErrorCode.UnsupportedProtocolVersion, "Unsupported protocol version", {
          supported: SUPPORTED_VERSIONS,
          requested: version,
        }),
      );
    }
    const mismatch = checkRequestHeaders(message, version, (n) => header(req, n));
    if (mismatch)
      return fail(400, errorResponse(message.id, ErrorCode.HeaderMismatch, `Header mismatch: ${mismatch}`));
    if (
      REMOVED.has(message.method) ||
      (!FORWARDED.has(message.method) && message.method !== "server/discover")
    ) {
      return fail(
        404,
        errorResponse(message.id, ErrorCode.MethodNotFound, `Method not found: ${message.method}`),
      );
    }
    let session;
    try {
      session = await this.gw.statelessSession(principal);
    } catch (e) {
      return fail(200, toError(message.id, e));
    }
    if (message.method === "server/discover") {
      const d = this.gw.describe(session);
      const result: Record<string, unknown> = {
        resultType: "complete",
        ...NO_CACHE,
        supportedVersions: SUPPORTED_VERSIONS,
        capabilities: d.capabilities,
        _meta: { "io.modelcontextprotocol/serverInfo": d.serverInfo },
      };
      if (d.instructions) result.instructions = d.instructions;
      return fail(200, { jsonrpc: "2.0", id: message.id, result });
    }
    const inner = new PostReply(res, {}, undefined, true);
    inner.bytesIn = bytesIn;
    const reply = completing(inner, CACHEABLE.has(message.method));
    this.gw.handle(session, message as JsonRpcRequest, reply, req.headers);
  }
}

/** Methods whose results carry caching hints in this revision. */
const CACHEABLE = new Set([
  "tools/list",
  "prompts/list",
  "resources/list",
  "resources/templates/list",
  "resources/read",
]);
/**
 * What the gateway answers is filtered per principal and may change whenever an upstream or
 * a policy does, so it is private to the caller and never presumed fresh.
 */
const NO_CACHE = { ttlMs: 0, cacheScope: "private" } as const;

/**
 * Results of this revision name their type and, where cacheable, carry caching hints; upstreams
 * of older revisions leave both out.
 */
function completing(inner: PostReply, cacheable: boolean): Reply {
  const finalized = new WeakSet<JsonRpcResponse>();
  const finalize = (r: JsonRpcResponse): JsonRpcResponse => {
    if (finalized.has(r) || !("result" in r) || (r.result.resultType !== undefined && !cacheable)) return r;
    // the gateway's hints last: an upstream's own caching hints would not hold for a filtered answer
    const result = { resultType: "complete", ...r.result, ...(cacheable ? NO_CACHE : {}) };
    const out = { ...r, result };
    finalized.add(out);
    return out;
  };
  const reply: Reply = {
    send: (m) => inner.send(m),
    finalize,
    end: (r, encoded) => {
      const out = finalize(r);
      // the text encoded for `r` is this response's only when nothing was added to it
      inner.end(out, out === r ? encoded : undefined);
    },
    drop: () => inner.drop(),
    ...(inner.bytesIn !== undefined ? { bytesIn: inner.bytesIn } : {}),
  };
  inner.onClose = () => reply.onClose?.();
  return reply;
}
