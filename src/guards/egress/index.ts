import {
  checkEgress,
  findUrls,
  type CompiledHostRules,
  type EgressDecision,
} from "../../detect/url/index.js";
import type { Logger } from "../../log.js";
import type { Decision, Guard, GuardContext, JsonObject } from "../guard.js";

export { egressSchema, egressRulesFromServers, type EgressConfig } from "./config.js";

export interface EgressGuardOptions {
  /** Compiled host rules per server key; a server without rules is not checked. */
  rules: ReadonlyMap<string, CompiledHostRules>;
  log: Logger;
}

/** Schemes that name something on the server's own machine, not a place data could be sent. */
const LOCAL_SCHEMES = new Set(["file:"]);

const ALLOW: Decision<JsonObject> = { action: "allow" };

/**
 * Egress control on tool arguments: every URL in a call's arguments (whole values and URLs
 * inside text) must reach a host the server's allow/deny lists let through. Hosts are judged as
 * a client would really contact them (user info, every IPv4 notation, IDN and trailing dots
 * resolved); private, loopback and cloud-metadata addresses are refused unless named; a URL
 * that parsers could read as two different hosts must pass for both. A refused call is denied
 * with code `egress_denied` before the upstream sees it; the message names the host, never the
 * URL (its path and query may carry the data). Non-network URLs other than `file:` cannot be
 * judged and are refused.
 *
 * @example createEgressGuard({ rules: egressRulesFromServers(config.servers), log })
 */
export function createEgressGuard(opts: EgressGuardOptions): Guard {
  const log = opts.log.child({ guard: "egress" });
  return {
    name: "egress",
    failureMode: "closed",
    request(ctx, params) {
      if (ctx.method !== "tools/call" || ctx.server === undefined) return ALLOW;
      const rules = opts.rules.get(ctx.server);
      if (!rules || params.arguments === undefined) return ALLOW;
      for (const url of findUrls(params.arguments)) {
        const verdict = checkEgress(url, rules);
        if (verdict.allowed) continue;
        const scheme = verdict.reason === "unsupported-scheme" ? schemeOf(url) : undefined;
        if (scheme !== undefined && LOCAL_SCHEMES.has(scheme)) continue;
        return refuse(ctx, ctx.server, verdict, scheme, log);
      }
      return ALLOW;
    },
  };
}

function refuse(
  ctx: GuardContext,
  server: string,
  verdict: EgressDecision,
  scheme: string | undefined,
  log: Logger,
): Decision<never> {
  const host = verdict.host ?? "(none)";
  ctx.notes.rule = `egress:${verdict.reason}`;
  const prior = Array.isArray(ctx.notes.findings) ? (ctx.notes.findings as string[]) : [];
  ctx.notes.findings = [...prior, `egress:${verdict.reason}:${host}`];
  const detail =
    `egress ${verdict.reason}: host ${host}` +
    (verdict.category ? ` (${verdict.category})` : "") +
    (verdict.rule ? `, entry "${verdict.rule}"` : "") +
    (scheme ? `, scheme ${scheme}` : "");
  log.warn(
    { session: ctx.sessionId, server, target: ctx.target, host, reason: verdict.reason },
    "egress refused",
  );
  return { action: "deny", code: "egress_denied", message: message(server, verdict, scheme), detail };
}

function message(server: string, verdict: EgressDecision, scheme: string | undefined): string {
  const host = `"${verdict.host}"`;
  switch (verdict.reason) {
    case "denied":
      return `Egress to ${host} is denied for server "${server}"`;
    case "not-allowed":
      return `Egress to ${host} is not allowed: the host is not on the allow list of server "${server}"`;
    case "private-address":
      return `Egress to ${host} is refused: it is a ${(verdict.category ?? "private").replace("-", " ")} address`;
    case "ambiguous-authority":
      return `Egress to ${host} is refused: the URL's authority is ambiguous and could reach that host`;
    case "unsupported-scheme":
      return `Egress refused: a "${scheme ?? "unknown"}" URL cannot be checked against the host rules of server "${server}"`;
    default:
      return "Egress refused: an argument holds a URL that cannot be parsed";
  }
}

function schemeOf(url: string): string | undefined {
  const match = /^([a-z][a-z0-9+.-]*:)/i.exec(url);
  return match?.[1]?.toLowerCase();
}
