import type { Config } from "../config/schema.js";
import { isStdio } from "../config/schema.js";
import type { Logger } from "../log.js";
import { verifyPinnedPackage } from "../outdated/index.js";
import { checkBeforeStart } from "../inspect/index.js";

/**
 * Decides, before the gateway starts, which stdio servers may run: a server pinned to a package
 * version and integrity must match the registry, and a community server launched from a registry
 * package must inspect below `high` risk (reference and official tiers start directly). A server
 * that fails is left out, with the reason logged loudly; nothing else is affected.
 *
 * @returns the servers refused, with why.
 */
export async function refusedServers(config: Config, log: Logger): Promise<Map<string, string>> {
  const refused = new Map<string, string>();
  const trust = { trustedScopes: config.trust.scopes, trustedPublishers: config.trust.publishers };
  await Promise.all(
    Object.entries(config.servers).map(async ([name, server]) => {
      if (!isStdio(server) || !server.enabled) return;
      if (server.package) {
        const v = await verifyPinnedPackage(server.package);
        if (!v.ok) {
          refused.set(name, `supply-chain pin does not match: ${v.reason ?? "unknown reason"}`);
          return;
        }
      }
      const launch = {
        command: server.command,
        args: server.args,
        ...(server.tier ? { tier: server.tier } : {}),
      };
      const check = await checkBeforeStart(name, launch, trust);
      if (!check.allowed)
        refused.set(name, check.reason ?? `community server "${name}" did not pass inspection`);
    }),
  );
  for (const [name, reason] of refused)
    log.error({ server: name, reason }, `REFUSING TO START SERVER "${name}"`);
  return refused;
}
