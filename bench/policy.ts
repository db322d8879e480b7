// Cost of one policy decision against a 200-rule policy, measured through `decide()` as the gateway calls it.
import { pathToFileURL } from "node:url";
import type { Principal } from "../src/auth/principal.js";
import { decide, visible } from "../src/policy/engine.js";
import { parsePolicy } from "../src/policy/load.js";
import type { PolicyRequest } from "../src/policy/request.js";
import type { BenchResult } from "./result.js";

const RULES = 200;
const CALLS_PER_SAMPLE = 100;
const SAMPLES = 2000;

/** 200 rules shaped like a real deployment: per-team allows with argument constraints, denies, approvals. */
function policyText(): string {
  const lines = ["default: deny", "rules:"];
  for (let i = 0; i < RULES; i++) {
    const team = `team${i % 25}`;
    const server = `srv${i % 40}`;
    switch (i % 5) {
      case 0:
        lines.push(
          `  - id: read-${i}`,
          "    effect: allow",
          `    principals: { groups: [${team}] }`,
          `    tools: ["${server}__read_*", "${server}__list_*"]`,
          `    args: { path: { path_under: /srv/${team}/data } }`,
        );
        break;
      case 1:
        lines.push(
          `  - id: mail-${i}`,
          "    effect: allow",
          `    principals: { groups: [${team}], roles: [mailer] }`,
          `    tools: ["${server}__send"]`,
          `    args: { to: { pattern: '^[^@]+@${team}\\.example\\.com$' }, subject: { max_length: 200 } }`,
          "    rate: { calls: 20, per_seconds: 3600 }",
        );
        break;
      case 2:
        lines.push(
          `  - id: no-delete-${i}`,
          "    effect: deny",
          `    tools: ["${server}__delete_*", "${server}__drop_*"]`,
        );
        break;
      case 3:
        lines.push(
          `  - id: fetch-${i}`,
          "    effect: allow",
          `    principals: { subjects: [user${i}], scopes: ["fetch:${i}"] }`,
          `    tools: ["${server}__fetch"]`,
          `    args: { url: { url_host_in: ["${team}.example.com", "*.wikipedia.org"] } }`,
        );
        break;
      default:
        lines.push(
          `  - id: approve-writes-${i}`,
          "    effect: approve",
          `    principals: { groups: [${team}] }`,
          `    tools: ["${server}__write_file"]`,
          `    args: { path: { path_under: /srv/${team} } }`,
        );
    }
  }
  return lines.join("\n") + "\n";
}

/** 200 rules whose tool globs all start with a wildcard, so no index can skip any of them. */
function unindexablePolicyText(): string {
  const lines = ["default: deny", "rules:"];
  for (let i = 0; i < RULES; i++) {
    lines.push(
      `  - id: rule-${i}`,
      `    effect: ${i % 10 === 9 ? "deny" : "allow"}`,
      `    principals: { groups: [team${i % 25}] }`,
      `    tools: ["*__op${i}_*"]`,
      ...(i % 10 === 9 ? [] : [`    args: { path: { path_under: /srv/team${i % 25} } }`]),
    );
  }
  return lines.join("\n") + "\n";
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

/** Microseconds per call: each sample times a batch of calls, which keeps timer overhead out. */
function sample(call: () => unknown): number[] {
  for (let i = 0; i < 5000; i++) call();
  const samples: number[] = [];
  for (let s = 0; s < SAMPLES; s++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < CALLS_PER_SAMPLE; i++) call();
    samples.push(Number(process.hrtime.bigint() - start) / 1000 / CALLS_PER_SAMPLE);
  }
  return samples;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export async function run(): Promise<BenchResult[]> {
  const policy = parsePolicy(policyText(), "bench-policy.yaml");
  if (policy.rules.length !== RULES) throw new Error(`benchmark policy has ${policy.rules.length} rules`);
  const principal: Principal = {
    subject: "user7",
    groups: ["team20", "team5"],
    roles: ["mailer"],
    scopes: ["read"],
    method: "oauth",
    mfa: false,
  };
  // team20's read rule is index 20, server srv20: found after scanning every rule for denies.
  const scenarios: Array<[string, PolicyRequest, string]> = [
    [
      "allowed read with path_under",
      {
        method: "tools/call",
        server: "srv20",
        tool: "srv20__read_file",
        args: { path: "/srv/team20/data/reports/q3.csv" },
      },
      "allow",
    ],
    [
      "traversal attempt, default deny",
      {
        method: "tools/call",
        server: "srv20",
        tool: "srv20__read_file",
        args: { path: "/srv/team20/data/%2e%2e/%2e%2e/etc/passwd" },
      },
      "deny",
    ],
    [
      "allowed mail with pattern and rate",
      {
        method: "tools/call",
        server: "srv21",
        tool: "srv21__send",
        args: { to: "ann@team21.example.com", subject: "hi" },
      },
      "allow",
    ],
    [
      "explicit deny",
      { method: "tools/call", server: "srv22", tool: "srv22__delete_file", args: { path: "/x" } },
      "deny",
    ],
  ];
  const results: BenchResult[] = [];
  for (const [name, request, expected] of scenarios) {
    const effect = decide(policy, principal, request).effect;
    if (effect !== expected) {
      throw new Error(`benchmark scenario "${name}" decided ${effect}, expected ${expected}`);
    }
    const p50 = percentile(
      sample(() => decide(policy, principal, request)),
      0.5,
    );
    results.push({
      name: `policy: decision against a ${RULES}-rule policy (${name}), p50`,
      value: round(p50),
      unit: "µs",
      target: "<= 20 µs",
      pass: p50 <= 20,
    });
  }
  const flat = parsePolicy(unindexablePolicyText(), "bench-unindexable.yaml");
  const flatRequest: PolicyRequest = {
    method: "tools/call",
    server: "srv",
    tool: "srv__op180_read",
    args: { path: "/srv/team5/notes.txt" },
  };
  if (decide(flat, principal, flatRequest).ruleId !== "rule-180") {
    throw new Error("unindexable scenario decided wrongly");
  }
  const flatP50 = percentile(
    sample(() => decide(flat, principal, flatRequest)),
    0.5,
  );
  results.push({
    name: `policy: decision against a ${RULES}-rule policy whose globs all start with a wildcard (every rule examined), p50`,
    value: round(flatP50),
    unit: "µs",
    target: "<= 20 µs",
    pass: flatP50 <= 20,
  });
  const listP50 = percentile(
    sample(() => visible(policy, principal, "tools", "srv20__read_file", "srv20")),
    0.5,
  );
  results.push({
    name: `policy: list-item visibility against a ${RULES}-rule policy, p50`,
    value: round(listP50),
    unit: "µs",
    target: "<= 20 µs",
    pass: listP50 <= 20,
  });
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await run()) {
    console.log(
      `${result.pass ? "PASS" : "FAIL"}  ${result.name}: ${result.value} ${result.unit} (target ${result.target})`,
    );
  }
}

export type { BenchResult };
