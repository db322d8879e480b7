import { decideServerRequest, type PolicyHolder } from "../../policy/index.js";

/**
 * Whether a server may send a server→client request (`sampling/createMessage`,
 * `elicitation/create`, `roots/list`) to the client, per the policy's `server_requests`; the
 * rule id names the entry that decided, or `default`. Reads the policy in force once.
 *
 * @example if (!serverRequestAllowed(holder, "assistant", "sampling/createMessage").allowed) refuse();
 */
export function serverRequestAllowed(
  holder: PolicyHolder,
  server: string,
  method: string,
): { allowed: boolean; ruleId: string } {
  const decision = decideServerRequest(holder.current, server, method);
  return { allowed: decision.effect === "allow", ruleId: decision.ruleId };
}
