import { resolve } from "node:path";
import type { Config } from "../config/schema.js";
import type { Logger } from "../log.js";
import type { Store } from "../store/store.js";
import type { Guard } from "../guards/guard.js";
import { PolicyHolder, compilePolicy, loadPolicyFile, watchPolicyFile } from "../policy/index.js";
import { createPolicyGuard, serverRequestAllowed } from "../guards/policy/index.js";
import { createMfaGuard } from "../guards/mfa/index.js";
import { createIdentityPinning, createPinningGuard, type PinKind } from "../guards/pinning/index.js";
import { createPoisoningGuard, instructionsFilter } from "../guards/poisoning/index.js";
import { createInspectionGuard } from "../guards/inspection/index.js";
import { createEgressGuard, egressRulesFromServers } from "../guards/egress/index.js";
import { createTaintGuard, labelsFromServers } from "../guards/taint/index.js";
import { inspectionPlan } from "../detect/content/index.js";
import { compileAllowlist } from "../detect/secrets/index.js";
import type { AlertEvent } from "../alerts/index.js";
import type { InitializeResult } from "../upstream/connection.js";
import { createPoisoningJudge } from "../judge/index.js";

/** The guards a config asks for, in chain order, and what must be stopped on shutdown. */
export interface ConfiguredGuards {
  guards: Guard[];
  /** Decides server→client requests (sampling, elicitation, roots) per server. */
  serverRequests?: (server: string, method: string) => { allowed: boolean; ruleId: string };
  /** Checks a server's instructions before they reach the client; undefined withholds them. */
  instructions: (server: string, text: string) => string | undefined;
  /** Pins each server's instructions and version when a connection to it is initialized. */
  serverIdentity?: (server: string, result: InitializeResult) => Promise<{ instructions: boolean }>;
  close(): void;
}

/** What the log says when a pin changes: only changed items and instructions are withheld. */
const PIN_CHANGED: Record<string, string> = {
  item: "definition changed after it was pinned; withheld until approved",
  "server/instructions": "server instructions changed after they were pinned; withheld until approved",
  "server/info":
    "server name or version changed since it was pinned; awaiting approval, its tools still judged one by one",
};

/**
 * Builds the guard chain from a config. Policy comes first, so a denied call is never inspected
 * and an approval is bound to the arguments the client sent. A policy file is watched: a valid
 * edit takes effect at once, an invalid one is refused and the previous policy stays in force.
 *
 * @throws JudgeConfigError when `poisoning_judge.api_key_env` names a variable that is not set.
 */
export async function buildGuards(
  config: Config,
  baseDir: string,
  store: Store,
  log: Logger,
  alert: (event: AlertEvent) => void = () => {},
): Promise<ConfiguredGuards> {
  // first, so a judge that cannot be used (its key variable not set) stops start-up before anything opens
  const judge = config.poisoning_judge ? createPoisoningJudge(config.poisoning_judge) : undefined;
  const guards: Guard[] = [];
  const closers: Array<() => void> = [];
  let serverRequests: ConfiguredGuards["serverRequests"];
  if (config.auth?.mfa) guards.push(createMfaGuard(config.auth));
  if (config.policy !== undefined) {
    const path = typeof config.policy === "string" ? resolve(baseDir, config.policy) : undefined;
    const policy = path ? await loadPolicyFile(path) : compilePolicy(config.policy, "config policy");
    const holder = new PolicyHolder(policy);
    if (path) {
      const watcher = watchPolicyFile(path, holder, {
        onReload: (r) => {
          if (!r.ok)
            log.error(
              { file: path, err: r.error.message },
              "policy change refused; the previous policy stays in force",
            );
          else if (r.changed) log.info({ file: path, version: r.policy.version }, "policy reloaded");
        },
      });
      closers.push(() => watcher.close());
    }
    guards.push(createPolicyGuard({ holder, store, log: log.child({ guard: "policy" }) }));
    serverRequests = (server, method) => serverRequestAllowed(holder, server, method);
  }
  const egress = egressRulesFromServers(config.servers);
  // egress before taint, so a refused URL never triggers an approval prompt
  if (egress.size > 0) guards.push(createEgressGuard({ rules: egress, log: log.child({ guard: "egress" }) }));
  const allowlist = config.inspect.allowlist ? compileAllowlist(config.inspect.allowlist) : undefined;
  const extras = allowlist ? { allowlist } : {};
  const i = config.inspect;
  const inspecting = [
    i.secrets.requests,
    i.secrets.responses,
    i.pii.requests,
    i.pii.responses,
    i.injection.responses,
  ].some((a) => a !== "off");
  // with every action off there is nothing to inspect, and the chain stays empty on the hot path
  if (inspecting)
    guards.push(
      createInspectionGuard({
        requests: inspectionPlan(config.inspect, "requests", extras),
        responses: inspectionPlan(config.inspect, "responses", extras),
        onBlocked: (e) =>
          alert({
            type: "secret.blocked",
            principal: e.principal,
            rule: e.rule,
            ...(e.server ? { server: e.server } : {}),
            ...(e.target ? { target: e.target } : {}),
          }),
      }),
    );
  // taint after inspection, so a result inspection withholds does not taint the session
  if (config.taint.on_trifecta !== "off")
    guards.push(
      createTaintGuard({
        labels: labelsFromServers(config.servers),
        onTrifecta: config.taint.on_trifecta,
        store,
        log: log.child({ guard: "taint" }),
        idleSeconds: config.limits.session_idle_seconds,
        onBlocked: (e) =>
          alert({
            type: "taint.blocked",
            principal: e.principal,
            rule: "taint:trifecta",
            server: e.server,
            target: e.target,
          }),
      }),
    );
  const poisoning = {
    modes: new Map(Object.entries(config.servers).map(([k, s]) => [k, s.poisoning] as const)),
    allow: new Map(
      Object.entries(config.servers).map(([k, s]) => [k, new Set(s.poisoning_allowlist)] as const),
    ),
    log: log.child({ guard: "poisoning" }),
    onBlocked: (e: { server: string; name: string; rule: string }) =>
      alert({ type: "tool.poisoned", server: e.server, target: e.name, rule: e.rule }),
    ...(judge ? { judge } : {}),
  };
  guards.push(createPoisoningGuard(poisoning));
  const instructions = instructionsFilter(poisoning);
  let serverIdentity: ConfiguredGuards["serverIdentity"];
  if (config.pinning.mode !== "off") {
    const pinLog = log.child({ guard: "pinning" });
    const onChange = (c: { server: string; kind: PinKind; name: string }) => {
      pinLog.warn(
        { server: c.server, kind: c.kind, name: c.name },
        PIN_CHANGED[`${c.kind}/${c.name}`] ?? PIN_CHANGED.item,
      );
      alert({ type: "pin.changed", server: c.server, target: c.name, kind: c.kind });
    };
    guards.push(createPinningGuard({ store, mode: config.pinning.mode, onChange }));
    serverIdentity = createIdentityPinning({ store, mode: config.pinning.mode, onChange });
  }
  const out: ConfiguredGuards = { guards, instructions, close: () => closers.forEach((c) => c()) };
  if (serverRequests) out.serverRequests = serverRequests;
  if (serverIdentity) out.serverIdentity = serverIdentity;
  return out;
}
