import { z } from "zod";
import {
  compileHostRules,
  HostRuleError,
  type CompiledHostRules,
  type HostRules,
} from "../../detect/url/index.js";

/**
 * `servers.<key>.egress`: the hosts URL arguments to this server's tools may name. `allow`
 * (when given) is the only hosts reachable; `deny` always wins. Entries are host names,
 * `*.example.com`, IP addresses or CIDR blocks; private, loopback and metadata addresses are
 * refused unless an entry names them exactly or by CIDR. Checked at load: a URL, a misplaced
 * wildcard or a bad CIDR block is refused with the entry named.
 *
 * @example egressSchema.parse({ allow: ["api.github.com", "*.githubusercontent.com"], deny: ["gist.github.com"] })
 */
export const egressSchema = z
  .object({
    allow: z.array(z.string()).optional(),
    deny: z.array(z.string()).optional(),
  })
  .strict()
  .superRefine((rules, ctx) => {
    try {
      compileHostRules(rules);
    } catch (e) {
      if (!(e instanceof HostRuleError)) throw e;
      ctx.addIssue({ code: "custom", message: e.message });
    }
  });

export type EgressConfig = z.infer<typeof egressSchema>;

/**
 * Compiles the host rules of every server that has some, keyed by server, ready for
 * `createEgressGuard`. Throws an Error naming the server and the entry when one cannot be used.
 *
 * @example egressRulesFromServers({ web: { egress: { allow: ["*.example.com"] } }, fs: {} })
 */
export function egressRulesFromServers(
  servers: Readonly<Record<string, { egress?: HostRules }>>,
): Map<string, CompiledHostRules> {
  const out = new Map<string, CompiledHostRules>();
  for (const [key, server] of Object.entries(servers)) {
    if (!server.egress) continue;
    try {
      out.set(key, compileHostRules(server.egress));
    } catch (e) {
      throw new Error(`servers.${key}.egress.${(e as Error).message}`, { cause: e });
    }
  }
  return out;
}
