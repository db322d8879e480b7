/** What an ended span holds, ready to be encoded. */
export interface FinishedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: "server" | "client" | "internal";
  startNanos: bigint;
  endNanos: bigint;
  attributes: Record<string, AttributeValue>;
  status: { code: "unset" | "ok" | "error"; message?: string };
}

export type AttributeValue = string | number | boolean;

const KIND = { internal: 1, server: 2, client: 3 } as const;
const STATUS = { unset: 0, ok: 1, error: 2 } as const;

/**
 * The OTLP/HTTP JSON body (`ExportTraceServiceRequest`) for a batch of spans. Ids are hex and
 * times are nanosecond strings, as the OTLP JSON mapping requires.
 */
export function otlpTraceRequest(spans: readonly FinishedSpan[], serviceName: string): object {
  return {
    resourceSpans: [
      {
        resource: { attributes: encodeAttributes({ "service.name": serviceName }) },
        scopeSpans: [
          {
            scope: { name: "mcp-bastion" },
            spans: spans.map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              name: s.name,
              kind: KIND[s.kind],
              startTimeUnixNano: s.startNanos.toString(),
              endTimeUnixNano: s.endNanos.toString(),
              attributes: encodeAttributes(s.attributes),
              status: {
                code: STATUS[s.status.code],
                ...(s.status.message ? { message: s.status.message } : {}),
              },
            })),
          },
        ],
      },
    ],
  };
}

function encodeAttributes(attributes: Record<string, AttributeValue>) {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: encodeValue(value) }));
}

function encodeValue(value: AttributeValue) {
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

/** Nanoseconds since the Unix epoch, at microsecond resolution without float rounding. */
export function epochNanos(): bigint {
  return (
    BigInt(Math.round(performance.timeOrigin * 1e3)) * 1000n + BigInt(Math.round(performance.now() * 1e6))
  );
}
