// Cost of authentication per request, measured through `authenticate()` as the HTTP front calls it.
import { pathToFileURL } from "node:url";
import { createApiKey } from "../src/auth/api-keys.js";
import { createAuthenticator, type Authenticator } from "../src/auth/authenticator.js";
import { authConfigSchema } from "../src/auth/config.js";
import { startLocalIssuer } from "../src/auth/local-issuer.test-support.js";
import { MemoryStore } from "../src/store/memory.js";
import type { BenchResult } from "./result.js";

const PUBLIC_URL = "https://gateway.example.com/mcp";

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

/** Microseconds per call, one sample per call, after a warm-up. */
async function sample(auth: Authenticator, authorizations: string[], warmup: number): Promise<number[]> {
  const call = async (authorization: string) => {
    const result = await auth.authenticate({
      headers: { authorization },
      remoteAddress: "127.0.0.1",
      url: "/mcp",
    });
    if (!result.ok) throw new Error(`benchmark credential refused: ${result.reason}`);
  };
  for (let i = 0; i < warmup; i++) await call(authorizations[i % authorizations.length] ?? "");
  const samples: number[] = [];
  for (const authorization of authorizations) {
    const start = process.hrtime.bigint();
    await call(authorization);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return samples;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const issuer = await startLocalIssuer({ alg: "RS256" });
  try {
    const store = new MemoryStore();
    const config = authConfigSchema.parse({
      oauth: { issuer: issuer.url, required_scopes: ["mcp"] },
      api_keys: true,
    });
    const auth = createAuthenticator(config, { store, publicUrl: PUBLIC_URL });

    const token = await issuer.sign({ aud: PUBLIC_URL, scope: "mcp" });
    const repeated = await sample(auth, Array<string>(5000).fill(`Bearer ${token}`), 500);
    const repeatedP50 = percentile(repeated, 0.5);
    results.push({
      name: "auth: JWT check per request, client reusing its token (keys and verdict cached), p50",
      value: round(repeatedP50),
      unit: "µs",
      target: "<= 50 µs",
      pass: repeatedP50 <= 50,
    });

    const fresh: string[] = [];
    for (let i = 0; i < 1500; i++)
      fresh.push(`Bearer ${await issuer.sign({ aud: PUBLIC_URL, scope: "mcp", jti: String(i) })}`);
    await sample(auth, fresh.slice(0, 300), 0);
    const firstSight = await sample(auth, fresh.slice(300), 0);
    const firstSightP50 = percentile(firstSight, 0.5);
    results.push({
      name: "auth: JWT full verification, first use of a token (RS256, keys cached), p50",
      value: round(firstSightP50),
      unit: "µs",
      target: "<= 50 µs",
      pass: firstSightP50 <= 50,
    });

    const { key } = await createApiKey(store, { name: "bench", scopes: ["mcp"] });
    const slowStart = process.hrtime.bigint();
    await sample(auth, [`Bearer ${key}`], 0);
    const uncachedMs = Number(process.hrtime.bigint() - slowStart) / 1e6;
    results.push({
      name: "auth: API key first use (scrypt hash)",
      value: round(uncachedMs),
      unit: "ms",
      target: ">= 10 ms (slow on purpose; paid once per key per 5 min)",
      pass: uncachedMs >= 10,
    });
    const cached = await sample(auth, Array<string>(5000).fill(`Bearer ${key}`), 500);
    const cachedP50 = percentile(cached, 0.5);
    results.push({
      name: "auth: API key check per request (verdict cached, record re-read), p50",
      value: round(cachedP50),
      unit: "µs",
      target: "<= 50 µs",
      pass: cachedP50 <= 50,
    });
  } finally {
    await issuer.close();
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await run()) {
    console.log(
      `${result.pass ? "PASS" : "FAIL"}  ${result.name}: ${result.value} ${result.unit} (target ${result.target})`,
    );
  }
}
