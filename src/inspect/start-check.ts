import { packageSpecOf } from "../outdated/package-spec.js";
import type { NpmRunner } from "../outdated/registry.js";
import { trustTierOf, type TieredServer, type TrustPolicy, type TrustTier } from "../outdated/trust.js";
import { inspectPackage } from "./command.js";
import type { InspectReport } from "./types.js";

/** Whether a server may start, and why not. */
export interface StartCheck {
  allowed: boolean;
  tier: TrustTier;
  /** Why the server is refused, naming the server and the evidence. */
  reason?: string;
  /** The inspection, when one was made. */
  report?: InspectReport;
}

export interface StartCheckOptions extends TrustPolicy {
  registry?: string;
  run?: NpmRunner;
  /** What to do when the package cannot be inspected (a PyPI package, a download failure): refuse by default. */
  unverifiable?: "refuse" | "allow";
}

/**
 * The check the gateway runs before first starting a stdio server: `reference` and `official`
 * servers start; a `community` server launched from a package (npx, uvx or `node_modules`) must
 * inspect below `high` risk. Fails closed: a package that cannot be inspected is refused unless
 * `unverifiable: "allow"`.
 *
 * @example
 * const check = await checkBeforeStart("notes", { command: "npx", args: ["-y", "mcp-notes@1.0.0"] }, {});
 * if (!check.allowed) throw new Error(check.reason);
 */
export async function checkBeforeStart(
  name: string,
  server: TieredServer,
  options: StartCheckOptions = {},
): Promise<StartCheck> {
  const tier = trustTierOf(server, options);
  const spec = packageSpecOf(server);
  if (tier !== "community" || !spec) return { allowed: true, tier };
  const refuse = (reason: string): StartCheck =>
    options.unverifiable === "allow" ? { allowed: true, tier, reason } : { allowed: false, tier, reason };
  if (spec.ecosystem !== "npm") {
    return refuse(
      `Server "${name}" is a community server from PyPI (${spec.name}); Bastion cannot inspect PyPI packages, so it is not started`,
    );
  }
  const target = spec.packageDir ?? `${spec.name}@${spec.version ?? spec.requested ?? "latest"}`;
  let report: InspectReport;
  try {
    report = await inspectPackage({
      target,
      ...(options.registry ? { registry: options.registry } : {}),
      ...(options.run ? { run: options.run } : {}),
    });
  } catch (err) {
    return refuse(
      `Server "${name}" could not be inspected (${err instanceof Error ? err.message : String(err)}), so it is not started`,
    );
  }
  if (report.risk !== "high") return { allowed: true, tier, report };
  const evidence = report.findings
    .filter((f) => f.severity === "high")
    .slice(0, 3)
    .map((f) => `${f.rule} at ${f.file ?? "package"}${f.line ? `:${f.line}` : ""}`)
    .join("; ");
  return {
    allowed: false,
    tier,
    report,
    reason: `Server "${name}" is a community server and its package ${report.name ?? spec.name}${report.version ? `@${report.version}` : ""} inspects as high risk (${evidence}); it is not started. Review it with bastion inspect, or set a tier for it.`,
  };
}
