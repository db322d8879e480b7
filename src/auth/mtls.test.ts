import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request, createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStore } from "../store/memory.js";
import { createAuthenticator, type AuthResult } from "./authenticator.js";
import { authConfigSchema } from "./config.js";
import { mtlsServerOptions, peerCertificateOf, principalFromCertificate } from "./mtls.js";

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "bastion-mtls-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function openssl(...args: string[]): void {
  const result = spawnSync("openssl", args, { cwd: dir, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`openssl ${args.join(" ")} failed: ${result.stderr}`);
}

/** A CA, and leaf certificates it signs, made fresh for this run (nothing secret is kept in the tree). */
function makeAuthority(name: string): void {
  openssl(
    ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2"],
    ...["-keyout", `${name}.key`, "-out", `${name}.pem`, "-subj", `/CN=${name}`],
    ...["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"],
  );
}

function makeLeaf(name: string, subject: string, authority: string, extensions: string): void {
  writeFileSync(join(dir, `${name}.ext`), `${extensions}\n`);
  openssl(
    ...["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"],
    ...["-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject],
  );
  openssl(
    ...["x509", "-req", "-in", `${name}.csr`, "-CA", `${authority}.pem`, "-CAkey", `${authority}.key`],
    ...["-CAcreateserial", "-days", "2", "-out", `${name}.pem`, "-extfile", `${name}.ext`],
  );
}

if (hasOpenssl) {
  makeAuthority("client-ca");
  makeAuthority("rogue-ca");
  makeLeaf("server", "/CN=localhost", "client-ca", "subjectAltName=IP:127.0.0.1,DNS:localhost");
  makeLeaf("alice", "/O=Acme/OU=ops/CN=alice", "client-ca", "extendedKeyUsage=clientAuth");
  makeLeaf("mallory", "/O=Acme/OU=ops/CN=mallory", "rogue-ca", "extendedKeyUsage=clientAuth");
}

const file = (name: string) => join(dir, name);

/** Starts an mTLS listener whose handler authenticates each request and reports the result. */
async function mtlsGateway(requireClientCert: boolean) {
  const mtls = {
    cert_file: file("server.pem"),
    key_file: file("server.key"),
    client_ca_file: file("client-ca.pem"),
    require_client_cert: requireClientCert,
  };
  const config = authConfigSchema.parse({ mtls });
  const auth = createAuthenticator(config, { store: new MemoryStore(), publicUrl: "https://127.0.0.1/mcp" });
  const server = createServer(await mtlsServerOptions(config.mtls ?? mtls), (req, res) => {
    const peerCertificate = peerCertificateOf(req.socket);
    void auth
      .authenticate({
        headers: req.headers,
        remoteAddress: req.socket.remoteAddress ?? "",
        ...(peerCertificate ? { peerCertificate } : {}),
      })
      .then((result: AuthResult) => {
        res.writeHead(result.ok ? 200 : result.status, { "content-type": "application/json" });
        res.end(JSON.stringify(result.ok ? result.principal : { reason: result.reason }));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const get = (client?: string) =>
    new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path: "/mcp",
          ca: readFileSync(file("client-ca.pem")),
          ...(client
            ? { cert: readFileSync(file(`${client}.pem`)), key: readFileSync(file(`${client}.key`)) }
            : {}),
        },
        (res) => {
          let text = "";
          res.on("data", (chunk: Buffer) => (text += chunk.toString()));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }),
          );
        },
      );
      req.on("error", reject);
      req.end();
    });
  return { get, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const skip = hasOpenssl ? false : "openssl is not installed";

test(
  "a client certificate from the configured CA becomes a principal from its subject",
  { skip },
  async () => {
    const gateway = await mtlsGateway(true);
    try {
      const { status, body } = await gateway.get("alice");
      assert.equal(status, 200);
      assert.deepEqual(body, {
        subject: "CN=alice,OU=ops,O=Acme",
        displayName: "alice",
        groups: ["Acme", "ops"],
        roles: [],
        scopes: [],
        method: "mtls",
        mfa: false,
      });
    } finally {
      await gateway.close();
    }
  },
);

test(
  "a client without a certificate, or with one from another CA, cannot complete the handshake",
  { skip },
  async () => {
    const gateway = await mtlsGateway(true);
    try {
      await assert.rejects(gateway.get());
      await assert.rejects(gateway.get("mallory"));
    } finally {
      await gateway.close();
    }
  },
);

test("when client certificates are optional, an unverified one is not trusted", { skip }, async () => {
  const gateway = await mtlsGateway(false);
  try {
    assert.equal((await gateway.get("mallory")).status, 401);
    assert.equal((await gateway.get()).status, 401);
    assert.equal((await gateway.get("alice")).status, 200);
  } finally {
    await gateway.close();
  }
});

test("an unverified certificate or one without a CN yields no principal", () => {
  assert.throws(
    () => principalFromCertificate({ authorized: false, subject: { CN: "alice" } }),
    /not verified/,
  );
  assert.throws(
    () => principalFromCertificate({ authorized: true, subject: { O: "Acme" } }),
    /no common name/,
  );
  const many = principalFromCertificate({
    authorized: true,
    subject: { CN: "svc", OU: ["a", "b"], O: "Acme" },
  });
  assert.deepEqual([many.subject, many.groups], ["CN=svc,OU=a,OU=b,O=Acme", ["Acme", "a", "b"]]);
});

test("server options name the file that cannot be read", async () => {
  await assert.rejects(
    mtlsServerOptions({
      cert_file: "/nonexistent/cert.pem",
      key_file: "k",
      client_ca_file: "c",
      require_client_cert: true,
    }),
    /auth\.mtls\.(cert_file|key_file|client_ca_file): cannot read/,
  );
});
