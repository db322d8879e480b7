import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";

/** A signing key the test issuer holds. */
interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface LocalIssuer {
  /** The issuer identifier (`iss`), an http URL on 127.0.0.1. */
  url: string;
  /** The key id new tokens are signed with. */
  kid: string;
  alg: string;
  /** Signs an access token; `iss`, `sub`, `iat` and a one-hour `exp` are filled in unless given. */
  sign(claims: JWTPayload, header?: { kid?: string }): Promise<string>;
  /** Publishes a fresh key, withdraws the old one, and signs with the new one from now on. */
  rotate(): Promise<string>;
  /** Issues an opaque token that only the introspection endpoint can explain. */
  issueOpaque(claims: Record<string, unknown>): string;
  /** How many times each endpoint was called. */
  hits: { metadata: number; jwks: number; introspection: number };
  introspectionClient: { id: string; secret: string };
  close(): Promise<void>;
}

/**
 * A real OAuth authorization server on loopback for tests and benchmarks: RFC 8414 (or OpenID)
 * metadata, a JWKS endpoint and RFC 7662 introspection, with keys made by jose.
 */
export async function startLocalIssuer(
  options: { alg?: "RS256" | "ES256" | "PS256" | "EdDSA"; discovery?: "oauth" | "openid" } = {},
): Promise<LocalIssuer> {
  const alg = options.alg ?? "RS256";
  const discovery = options.discovery ?? "oauth";
  const keys: SigningKey[] = [await makeKey(alg)];
  const opaque = new Map<string, Record<string, unknown>>();
  const hits = { metadata: 0, jwks: 0, introspection: 0 };
  const introspectionClient = { id: "bastion-gateway", secret: randomBytes(12).toString("hex") };
  let url = "";

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => send(res, 500, { error: "server_error" }));
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? "/";
    if (
      path === `/.well-known/${discovery === "oauth" ? "oauth-authorization-server" : "openid-configuration"}`
    ) {
      hits.metadata++;
      return send(res, 200, {
        issuer: url,
        jwks_uri: `${url}/jwks`,
        introspection_endpoint: `${url}/introspect`,
        authorization_endpoint: `${url}/authorize`,
        token_endpoint: `${url}/token`,
        code_challenge_methods_supported: ["S256"],
      });
    }
    if (path === "/jwks") {
      hits.jwks++;
      return send(res, 200, { keys: keys.map((key) => key.publicJwk) });
    }
    if (path === "/introspect" && req.method === "POST") {
      hits.introspection++;
      const expected = `Basic ${Buffer.from(`${introspectionClient.id}:${introspectionClient.secret}`).toString("base64")}`;
      if (req.headers.authorization !== expected) return send(res, 401, { error: "invalid_client" });
      const token = new URLSearchParams(await readBody(req)).get("token") ?? "";
      const claims = opaque.get(token);
      return send(res, 200, claims ? { active: true, ...claims } : { active: false });
    }
    send(res, 404, { error: "not_found" });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const current = (): SigningKey => {
    const key = keys[keys.length - 1];
    if (!key) throw new Error("the test issuer has no key");
    return key;
  };

  return {
    url,
    get kid() {
      return current().kid;
    },
    alg,
    hits,
    introspectionClient,
    async sign(claims, header = {}) {
      const key = current();
      const now = Math.floor(Date.now() / 1000);
      const payload: JWTPayload = { iss: url, sub: "alice", iat: now, exp: now + 3600, ...claims };
      return new SignJWT(payload)
        .setProtectedHeader({ alg, kid: header.kid ?? key.kid })
        .sign(key.privateKey);
    },
    async rotate() {
      keys.push(await makeKey(alg));
      keys.splice(0, keys.length - 1);
      return current().kid;
    },
    issueOpaque(claims) {
      const token = randomBytes(24).toString("base64url");
      opaque.set(token, claims);
      return token;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function makeKey(alg: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomBytes(8).toString("hex");
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
