import { canonicalJson, sha256Hex } from "./canonical.js";

/** What an approval is bound to: who, where, which tool, which arguments, under which policy. */
export interface ApprovalBinding {
  /** The principal's subject. */
  subject: string;
  server: string;
  tool: string;
  /** The call's arguments, exactly as they will be sent upstream (absent means `{}`). */
  args: unknown;
  /** `Policy.version` of the policy that asked for approval. */
  policyVersion: string;
}

/**
 * SHA-256 (hex) over the canonical JSON of the binding. Key order and whitespace in the
 * arguments do not change it; any change of value, principal, server, tool or policy does.
 * Throws a TypeError for arguments JSON cannot carry.
 *
 * @example approvalDigest({ subject: "alice", server: "fs", tool: "fs__write_file", args: { path: "/srv/a" }, policyVersion: policy.version })
 */
export function approvalDigest(binding: ApprovalBinding): string {
  for (const key of ["subject", "server", "tool", "policyVersion"] as const) {
    if (typeof binding[key] !== "string" || binding[key] === "") {
      throw new TypeError(`approval ${key} must be a non-empty string`);
    }
  }
  const { subject, server, tool, policyVersion } = binding;
  return sha256Hex(canonicalJson({ v: 1, subject, server, tool, args: binding.args ?? {}, policyVersion }));
}
