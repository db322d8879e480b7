/**
 * The catalogue of stable gateway error codes (docs/errors.md describes each). A client sees
 * the JSON-RPC code and the public message; `detail` is for the audit log only.
 */
export const GatewayErrors = {
  denied: { code: -32010, http: 403, text: "Request denied by gateway policy" },
  upstream_unavailable: { code: -32011, http: 502, text: "Upstream server unavailable" },
  timeout: { code: -32001, http: 504, text: "Request timed out" },
  unknown_target: { code: -32602, http: 400, text: "Unknown tool, prompt or resource" },
  guard_failed: { code: -32012, http: 500, text: "A guard failed; the request was refused" },
  too_many_sessions: { code: -32013, http: 503, text: "Too many open sessions" },
  rate_limited: { code: -32014, http: 429, text: "Rate limit exceeded" },
  mfa_required: { code: -32015, http: 401, text: "Multi-factor authentication required" },
  approval_required: { code: -32016, http: 403, text: "The call is held for approval" },
  approval_denied: { code: -32017, http: 403, text: "The call was not approved" },
  poisoned: {
    code: -32019,
    http: 403,
    text: "Withheld: the definition carries instructions aimed at the model",
  },
  pin_changed: { code: -32018, http: 403, text: "The definition changed and awaits approval" },
  content_blocked: {
    code: -32030,
    http: 403,
    text: "Withheld: a secret, personal data or injected instructions",
  },
  taint_blocked: {
    code: -32031,
    http: 403,
    text: "Refused: the session read untrusted content and private data",
  },
  egress_denied: { code: -32032, http: 403, text: "Refused: the destination host is not allowed" },
} as const;

export type GatewayErrorKind = keyof typeof GatewayErrors;

/** A local failure that becomes a JSON-RPC error with a stable code when it reaches a client. */
export class GatewayError extends Error {
  constructor(
    readonly kind: GatewayErrorKind,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "GatewayError";
  }

  get code(): number {
    return GatewayErrors[this.kind].code;
  }
}
