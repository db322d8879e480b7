import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { parseConfig } from "../../src/config/load.js";
import { startGateway, type RunningGateway } from "../../src/gateway/start.js";
import { silentLogger } from "../../src/log.js";
import { EVERYTHING, freePort } from "../support.js";

const dir = mkdtempSync(join(tmpdir(), "bastion-mtls-"));
const openssl = (...args: string[]) => {
  const r = spawnSync("openssl", args, { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`openssl ${args.join(" ")}: ${r.stderr}`);
};
const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made fresh for this run. */
function makeCertificates(): void {
  openssl(
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "1",
    "-subj",
    "/CN=test-ca",
  );
  writeFileSync(join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1\n");
  for (const [name, subj, ext] of [
    ["server", "/CN=127.0.0.1", ["-extfile", "server.ext"]],
    ["client", "/CN=alice/O=staff", []],
  ] as const) {
    openssl(
      "req",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.csr`,
      "-subj",
      subj,
    );
    openssl(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      `${name}.pem`,
      "-days",
      "1",
      ...ext,
    );
  }
}

let gw: RunningGateway;
before(async () => {
  if (!hasOpenssl) return;
  makeCertificates();
  const port = await freePort();
  const text = stringify({
    listen: { host: "127.0.0.1", port },
    public_url: `https://127.0.0.1:${port}/mcp`,
    store: "memory",
    servers: { everything: { command: process.execPath, args: [EVERYTHING, "stdio"], prefix: false } },
    auth: { mtls: { cert_file: "server.pem", key_file: "server.key", client_ca_file: "ca.pem" } },
  });
  gw = await startGateway(
    { config: parseConfig(text, "mtls.yaml"), file: "mtls.yaml", baseDir: dir },
    silentLogger(),
    { allowUnauthenticatedRemote: false },
  );
});
after(() => gw?.close());

function initialize(withClientCert: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "tls", version: "1" } },
    });
    const req = request(
      gw.url,
      {
        method: "POST",
        ca: readFileSync(join(dir, "ca.pem")),
        ...(withClientCert
          ? { cert: readFileSync(join(dir, "client.pem")), key: readFileSync(join(dir, "client.key")) }
          : {}),
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      },
      (res) => {
        let s = "";
        res.on("data", (d) => (s += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: s }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

test(
  "with mTLS a client certificate from the configured CA is the principal, and no certificate gets no connection",
  { skip: hasOpenssl ? false : "openssl is not installed" },
  async () => {
    assert.match(gw.url, /^https:/);
    const ok = await initialize(true);
    assert.equal(ok.status, 200, ok.body);
    assert.match(ok.body, /"serverInfo"/);
    const principal = [...gw.gateway.sessions.values()][0]!.principal;
    assert.equal(principal.method, "mtls");
    assert.match(principal.subject, /alice/);
    assert.ok(principal.groups.includes("staff"), JSON.stringify(principal));
    await assert.rejects(initialize(false));
  },
);
