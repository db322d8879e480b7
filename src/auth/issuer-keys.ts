import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import { fetchJson, isJsonObject } from "./fetch-json.js";
import { IssuerUnavailable } from "./failure.js";
import { isLoopbackHost } from "./loopback.js";

export interface IssuerKeysOptions {
  issuer: string;
  /** Configured key set URL; discovered from the issuer's metadata when absent. */
  jwksUri?: string;
  /** Minimum time between two fetches, so unknown `kid`s cannot make us hammer the issuer. */
  cooldownMs?: number;
  /** Age after which the key set is refreshed in the background. */
  maxAgeMs?: number;
  /** Called when a refresh changes the published keys (cached verdicts must then be dropped). */
  onChange?: () => void;
  now?: () => number;
}

/**
 * The issuer's signing keys: discovered, fetched once, and reused. A token whose `kid` is not in
 * the cached set triggers one refetch (at most once per cooldown), which picks up key rotation.
 * If a refresh fails, the keys already held stay in use.
 */
export class IssuerKeys {
  private current?: { resolve: JWTVerifyGetKey; fetchedAt: number; fingerprint: string };
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private pending?: Promise<void>;
  private jwksUri?: string;
  private readonly cooldownMs: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(private readonly options: IssuerKeysOptions) {
    this.jwksUri = options.jwksUri;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.maxAgeMs = options.maxAgeMs ?? 600_000;
    this.now = options.now ?? Date.now;
  }

  /** Key resolver for `jwtVerify`: the published key matching the token's header. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    const held = this.current ?? (await this.firstLoad());
    if (this.now() - held.fetchedAt > this.maxAgeMs && this.mayFetch()) {
      this.refresh().catch(() => undefined);
    }
    try {
      return await held.resolve(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !this.mayFetch()) throw error;
      await this.refresh().catch(() => undefined);
      if (!this.current || this.current === held) throw error;
      return this.current.resolve(header, token);
    }
  };

  private async firstLoad(): Promise<NonNullable<IssuerKeys["current"]>> {
    // Before any key is known, retry sooner than the normal cooldown so a slow start heals fast.
    if (!this.pending && this.now() - this.lastAttempt < Math.min(this.cooldownMs, 5_000)) {
      throw new IssuerUnavailable(`signing keys of ${this.options.issuer} are not loaded yet`);
    }
    try {
      await this.refresh();
    } catch (error) {
      throw new IssuerUnavailable(`cannot load signing keys of ${this.options.issuer}: ${message(error)}`, {
        cause: error,
      });
    }
    if (!this.current) throw new IssuerUnavailable(`no signing keys for ${this.options.issuer}`);
    return this.current;
  }

  private mayFetch(): boolean {
    return this.pending !== undefined || this.now() - this.lastAttempt >= this.cooldownMs;
  }

  /** Fetches the key set now (one fetch at a time; concurrent callers share it). */
  refresh(): Promise<void> {
    this.pending ??= this.load().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async load(): Promise<void> {
    this.lastAttempt = this.now();
    this.jwksUri ??= await discoverJwksUri(this.options.issuer);
    const { status, json } = await fetchJson(this.jwksUri);
    if (status !== 200) throw new Error(`${this.jwksUri} answered HTTP ${status}`);
    if (!isJsonObject(json) || !Array.isArray(json.keys))
      throw new Error(`${this.jwksUri} is not a JSON Web Key Set`);
    const jwks = json as unknown as JSONWebKeySet;
    const resolve = createLocalJWKSet(jwks);
    const fingerprint = JSON.stringify(jwks.keys);
    const changed = this.current !== undefined && this.current.fingerprint !== fingerprint;
    this.current = { resolve, fetchedAt: this.now(), fingerprint };
    if (changed) this.options.onChange?.();
  }
}

/**
 * The metadata URLs tried for an issuer, in the order the MCP authorization spec gives:
 * RFC 8414 with path insertion, OpenID Connect with path insertion, then OpenID Connect appended.
 */
export function issuerMetadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, "");
  if (path === "") {
    return [
      `${url.origin}/.well-known/oauth-authorization-server`,
      `${url.origin}/.well-known/openid-configuration`,
    ];
  }
  return [
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
    `${url.origin}/.well-known/openid-configuration${path}`,
    `${url.origin}${path}/.well-known/openid-configuration`,
  ];
}

/**
 * Finds the issuer's `jwks_uri` from its metadata. The document must name the same issuer
 * (RFC 8414 §3.3), or another server could hand us its keys.
 */
export async function discoverJwksUri(issuer: string): Promise<string> {
  const problems: string[] = [];
  for (const url of issuerMetadataUrls(issuer)) {
    const { status, json } = await fetchJson(url);
    if (status !== 200) {
      problems.push(`${url}: HTTP ${status}`);
      continue;
    }
    if (!isJsonObject(json)) throw new Error(`${url} is not a metadata document`);
    if (json.issuer !== issuer) {
      throw new Error(
        `${url} names issuer ${JSON.stringify(json.issuer)}, expected ${JSON.stringify(issuer)}`,
      );
    }
    const jwksUri = json.jwks_uri;
    if (typeof jwksUri !== "string" || !isSecureUrl(jwksUri)) {
      throw new Error(`${url} has no usable jwks_uri (it must be https, or http on loopback)`);
    }
    return jwksUri;
  }
  throw new Error(`no authorization server metadata found for ${issuer} (${problems.join("; ")})`);
}

function isSecureUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
