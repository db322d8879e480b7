import type { AuthConfig } from "../../auth/config.js";
import { needsMfa } from "../../auth/mfa.js";
import type { Guard } from "../guard.js";

/**
 * Step-up for servers and tools the config marks (`auth.mfa`): a principal that did not use
 * multi-factor authentication is refused with `mfa_required`, which the HTTP front turns into
 * an RFC 9470 challenge (401, `insufficient_user_authentication`) an OAuth client can act on.
 *
 * @example createMfaGuard(config.auth)
 */
export function createMfaGuard(auth: AuthConfig): Guard {
  return {
    name: "mfa",
    request(ctx) {
      if (ctx.method !== "tools/call" || ctx.server === undefined || ctx.principal.mfa)
        return { action: "allow" };
      if (!needsMfa(auth, ctx.server, ctx.upstreamTarget)) return { action: "allow" };
      ctx.notes.rule = "auth.mfa";
      return {
        action: "deny",
        code: "mfa_required",
        message: "Multi-factor authentication is required for this tool",
        detail: `${ctx.server}/${ctx.upstreamTarget ?? ""} needs MFA; principal ${ctx.principal.subject} has none`,
      };
    },
  };
}
