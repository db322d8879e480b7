import { readFile } from "node:fs/promises";
import type { ServerOptions } from "node:https";
import type { Socket } from "node:net";
import { TLSSocket } from "node:tls";
import type { MtlsConfig } from "./config.js";
import type { Principal } from "./principal.js";

/** What the listener learned about the client's certificate during the TLS handshake. */
export interface PeerCertificateInfo {
  /** True only when the certificate chains to the configured client CA. */
  authorized: boolean;
  /** Subject fields as Node reports them; a field repeated in the DN is an array. */
  subject: Record<string, string | string[] | undefined>;
  fingerprint256?: string;
}

/**
 * Reads the client certificate from a request's socket, or undefined for plain TCP or a
 * client that sent none.
 * @example peerCertificateOf(req.socket)
 */
export function peerCertificateOf(socket: Socket): PeerCertificateInfo | undefined {
  if (!(socket instanceof TLSSocket)) return undefined;
  const certificate = socket.getPeerCertificate();
  if (!certificate || Object.keys(certificate).length === 0 || !certificate.subject) return undefined;
  return {
    authorized: socket.authorized,
    subject: { ...certificate.subject } as PeerCertificateInfo["subject"],
    fingerprint256: certificate.fingerprint256,
  };
}

/**
 * The principal of a verified client certificate: subject `CN=…,OU=…,O=…`, display name from the
 * CN, and the organisation (O) and organisational units (OU) as groups.
 * @throws when the certificate was not verified or has no CN.
 */
export function principalFromCertificate(certificate: PeerCertificateInfo): Principal {
  if (!certificate.authorized) throw new Error("client certificate was not verified against the client CA");
  const commonName = values(certificate.subject.CN)[0];
  if (commonName === undefined) throw new Error("client certificate has no common name (CN)");
  const organisations = values(certificate.subject.O);
  const units = values(certificate.subject.OU);
  const subject = [
    `CN=${commonName}`,
    ...units.map((v) => `OU=${v}`),
    ...organisations.map((v) => `O=${v}`),
  ].join(",");
  return {
    subject,
    displayName: commonName,
    groups: [...new Set([...organisations, ...units])],
    roles: [],
    scopes: [],
    method: "mtls",
    mfa: false,
  };
}

function values(field: string | string[] | undefined): string[] {
  if (field === undefined) return [];
  return (Array.isArray(field) ? field : [field]).filter((value) => value !== "");
}

/**
 * HTTPS server options for an mTLS listener: the server's key and certificate, the client CA,
 * and client-certificate verification (mandatory unless `require_client_cert` is false).
 * @throws naming the file that cannot be read.
 */
export async function mtlsServerOptions(config: MtlsConfig): Promise<ServerOptions> {
  const [key, cert, ca] = await Promise.all([
    readPem(config.key_file, "auth.mtls.key_file"),
    readPem(config.cert_file, "auth.mtls.cert_file"),
    readPem(config.client_ca_file, "auth.mtls.client_ca_file"),
  ]);
  return {
    key,
    cert,
    ca,
    requestCert: true,
    rejectUnauthorized: config.require_client_cert,
    minVersion: "TLSv1.2",
  };
}

async function readPem(path: string, setting: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${setting}: cannot read ${path} (${reason})`);
  }
}
