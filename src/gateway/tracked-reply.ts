import type { JsonRpcRequest, JsonRpcResponse } from "../protocol/jsonrpc.js";
import { errorResponse } from "../protocol/jsonrpc.js";
import { encodeMessage } from "../protocol/codec.js";
import { GatewayErrors } from "../errors.js";
import type { Reply } from "../session/reply.js";
import type { Session } from "../session/session.js";
import type { CallTrace } from "../session/trace.js";
import type { TraceCarrier } from "../tracing/index.js";
import { endCallSpan, startCallSpan } from "./call-span.js";
import type { Gateway } from "./gateway.js";

/**
 * Wraps a reply so the path can fill in a {@link CallTrace} and the call is recorded and traced
 * before its response leaves: the response waits for the record, and a record that cannot be
 * kept turns the response into an error (fail closed). The request's span ends with the response
 * the client actually gets. Used only when something records or traces calls.
 */
export function trackedReply(
  gw: Gateway,
  session: Session,
  req: JsonRpcRequest,
  inner: Reply,
  carrier: TraceCarrier | undefined,
): Reply {
  const record = gw.options.record;
  const tracer = gw.options.tracer;
  const trace: CallTrace = {
    method: req.method,
    startedAt: performance.now(),
    decision: "allow",
    findings: [],
    bytesIn: inner.bytesIn ?? 0,
  };
  if (tracer?.enabled) trace.span = startCallSpan(tracer, session, req, carrier);
  const leave = (response: JsonRpcResponse, encoded?: string) => {
    if (trace.span) endCallSpan(trace.span, trace, response);
    inner.end(response, encoded);
  };
  const reply: Reply = {
    trace,
    send: (m) => inner.send(m),
    drop: () => {
      if (trace.span) endCallSpan(trace.span, trace, "cancelled");
      inner.drop();
    },
    end: (given) => {
      if (!record) return leave(given);
      // Encoded here once: the record needs its size, and the transport sends this very text.
      const response = inner.finalize?.(given) ?? given;
      const encoded = encodeMessage(response);
      trace.bytesOut = Buffer.byteLength(encoded);
      let pending: Promise<void> | void;
      try {
        pending = record(session, trace, response);
      } catch (e) {
        pending = Promise.reject(e);
      }
      if (!pending) return leave(response, encoded);
      pending.then(
        () => leave(response, encoded),
        (e: Error) => {
          gw.log.error(
            { err: e.message, method: req.method },
            "call could not be recorded; response withheld",
          );
          leave(
            errorResponse(
              req.id,
              GatewayErrors.guard_failed.code,
              "The call could not be recorded and its result was withheld",
              { code: "audit_failed" },
            ),
          );
        },
      );
    },
  };
  inner.onClose = () => reply.onClose?.();
  return reply;
}
