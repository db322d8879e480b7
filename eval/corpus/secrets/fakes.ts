// Correctly shaped, never-valid credentials for tests and the secrets evaluation. Every value is
// drawn from a seeded SHA-256 counter stream, so runs are reproducible and nothing is a real key.
import { createHash } from "node:crypto";

export const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const BASE64 = BASE62 + "+/";
const BASE64URL = BASE62 + "-_";
const HEX = "0123456789abcdef";
const LETTERS = BASE62.slice(0, 52);
const DIGITS = "0123456789";

/** A reproducible stream of random bytes and choices. */
export class FakeRandom {
  private counter = 0;
  private pool = Buffer.alloc(0);

  constructor(private readonly seed: string) {}

  bytes(count: number): Buffer {
    while (this.pool.length < count) {
      const block = createHash("sha256").update(`${this.seed}:${this.counter++}`).digest();
      this.pool = Buffer.concat([this.pool, block]);
    }
    const out = this.pool.subarray(0, count);
    this.pool = this.pool.subarray(count);
    return Buffer.from(out);
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + (this.bytes(4).readUInt32BE(0) % (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  chars(alphabet: string, count: number): string {
    let out = "";
    for (const byte of this.bytes(count)) out += alphabet[byte % alphabet.length];
    return out;
  }
}

/** DER-like key bodies: the real ASN.1 or OpenSSH headers, random bytes where the key material goes. */
const KEY_HEADERS: Record<string, (random: FakeRandom, size: number) => Buffer> = {
  // PKCS#1 RSAPrivateKey: SEQUENCE, version 0, then the modulus.
  "RSA PRIVATE KEY": (random, size) =>
    Buffer.concat([Buffer.from([0x30, 0x82, (size - 4) >> 8, (size - 4) & 0xff, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00]), random.bytes(size - 12)]),
  // PKCS#8 PrivateKeyInfo with the rsaEncryption algorithm identifier.
  "PRIVATE KEY": (random, size) =>
    Buffer.concat([
      Buffer.from([0x30, 0x82, (size - 4) >> 8, (size - 4) & 0xff, 0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09]),
      Buffer.from("2a864886f70d0101010500", "hex"),
      Buffer.from([0x04, 0x82, (size - 26) >> 8, (size - 26) & 0xff]),
      random.bytes(size - 26),
    ]),
  // SEC 1 ECPrivateKey on P-256.
  "EC PRIVATE KEY": (random) =>
    Buffer.concat([
      Buffer.from("307702010104", "hex"),
      Buffer.from([0x20]),
      random.bytes(32),
      Buffer.from("a00a06082a8648ce3d030107a14403420004", "hex"),
      random.bytes(64),
    ]),
  "OPENSSH PRIVATE KEY": (random, size) =>
    Buffer.concat([Buffer.from("openssh-key-v1\0", "latin1"), Buffer.from("0000000a6165733235362d637472", "hex"), random.bytes(size)]),
};

function pem(random: FakeRandom, label: string, bytes: number, lineBreak: string, width = 64): string {
  const header = KEY_HEADERS[label];
  const body = (header ? header(random, bytes) : random.bytes(bytes)).toString("base64");
  const lines = body.match(new RegExp(`.{1,${width}}`, "g")) ?? [];
  return `-----BEGIN ${label}-----${lineBreak}${lines.join(lineBreak)}${lineBreak}-----END ${label}-----`;
}

function jwt(random: FakeRandom): string {
  const alg = random.pick(["HS256", "RS256", "ES256"]);
  const header = { alg, typ: "JWT", ...(alg === "HS256" ? {} : { kid: random.chars(HEX, 16) }) };
  const now = 1_700_000_000 + random.int(0, 50_000_000);
  const payload = {
    sub: random.pick(["user_", "svc-", "auth0|"]) + random.chars(BASE62, 12),
    iss: random.pick(["https://auth.example.org/", "https://login.acme.test", "api"]),
    iat: now,
    exp: now + 3600,
    ...(random.int(0, 1) ? { scope: "read:repo write:issues" } : {}),
  };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const signatureBytes = alg === "HS256" ? 32 : alg === "ES256" ? 64 : 256;
  return `${encode(header)}.${encode(payload)}.${random.bytes(signatureBytes).toString("base64url")}`;
}

const USERS = ["app", "admin", "deploy", "svc_orders", "analytics", "root", "etl"];
const HOSTS = ["db.internal.acme.io", "10.2.0.15", "prod-cluster.x8k2.mongodb.net", "localhost", "pg-01.eu-west-1.rds.amazonaws.com"];
const PASSWORD_CHARS = BASE62 + "-_.~!*";

function password(random: FakeRandom, min = 12, max = 28): string {
  let value = random.chars(PASSWORD_CHARS, random.int(min, max));
  // Real generated passwords have at least a digit; keep the shape honest.
  if (!/\d/.test(value)) value = value.slice(0, -1) + random.chars(DIGITS, 1);
  return value;
}

/** Generators for every kind in SECRET_KINDS; each returns one fresh fake credential. */
export const FAKE_CREDENTIALS: Record<string, (random: FakeRandom) => string> = {
  "aws-access-key-id": (r) => r.pick(["AKIA", "AKIA", "ASIA"]) + r.chars(BASE32, 16),
  "aws-secret-access-key": (r) => r.chars(BASE64, 40),
  "gcp-api-key": (r) => "AIza" + r.chars(BASE64URL, 35),
  "gcp-service-account-key": (r) => pem(r, "PRIVATE KEY", r.int(1180, 1220), "\\n") + "\\n",
  "azure-connection-string": (r) => r.bytes(r.pick([32, 64])).toString("base64"),
  "github-token": (r) => r.pick(["ghp_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_"]) + r.chars(BASE62, 36),
  "github-fine-grained-token": (r) => `github_pat_${r.chars(BASE62, 22)}_${r.chars(BASE62, 59)}`,
  "gitlab-token": (r) => r.pick(["glpat-", "glpat-", "gldt-", "glrt-", "glptt-"]) + r.chars(BASE64URL, 20),
  "slack-token": (r) =>
    r.pick([
      () => `xoxb-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 13)}-${r.chars(BASE62, 24)}`,
      () => `xoxp-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 13)}-${r.chars(HEX, 32)}`,
      () => `xapp-1-A${r.chars(BASE32.slice(0, 26) + DIGITS, 10)}-${r.chars(DIGITS, 13)}-${r.chars(HEX, 64)}`,
    ])(),
  "slack-webhook-url": (r) =>
    `https://hooks.slack.com/services/T${r.chars(BASE32, 8)}/B${r.chars(BASE32, 10)}/${r.chars(BASE62, 24)}`,
  "stripe-live-key": (r) => r.pick(["sk_live_", "sk_live_", "rk_live_"]) + r.chars(BASE62, r.pick([24, 34, 99])),
  "openai-api-key": (r) =>
    r.pick([
      () => `sk-proj-${r.chars(BASE64URL, 74)}T3BlbkFJ${r.chars(BASE64URL, 74)}`,
      () => `sk-${r.chars(BASE62, 20)}T3BlbkFJ${r.chars(BASE62, 20)}`,
      () => `sk-svcacct-${r.chars(BASE64URL, 74)}T3BlbkFJ${r.chars(BASE64URL, 74)}`,
    ])(),
  "anthropic-api-key": (r) => `sk-ant-api03-${r.chars(BASE64URL, 93)}AA`,
  "groq-api-key": (r) => "gsk_" + r.chars(BASE62, 52),
  "huggingface-token": (r) => "hf_" + r.chars(LETTERS, 34),
  "xai-api-key": (r) => "xai-" + r.chars(BASE62, 80),
  "perplexity-api-key": (r) => "pplx-" + r.chars(BASE62, 48),
  "openrouter-api-key": (r) => "sk-or-v1-" + r.chars(HEX, 64),
  "replicate-api-token": (r) => "r8_" + r.chars(BASE62, 37),
  "npm-token": (r) => "npm_" + r.chars(BASE62, 36),
  jwt,
  "private-key": (r) =>
    r.pick([
      () => pem(r, "RSA PRIVATE KEY", r.pick([1190, 1766, 2350]), "\n"),
      () => pem(r, "PRIVATE KEY", r.pick([1216, 138]), "\n"),
      () => pem(r, "EC PRIVATE KEY", 121, "\n"),
      () => pem(r, "OPENSSH PRIVATE KEY", r.pick([399, 1800]), "\n", 70),
    ])(),
  "database-url": (r) => password(r),
  "url-credentials": (r) => password(r),
  "authorization-header": (r) => r.bytes(r.int(24, 48)).toString("base64url"),
  "secret-assignment": (r) => password(r, 12, 36),
};

/** Fresh values that look like credentials but are not: the look-alikes a detector must ignore. */
export const LOOKALIKES: Record<string, (random: FakeRandom) => string> = {
  uuid: (r) => {
    const h = r.chars(HEX, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  },
  "git-sha": (r) => r.chars(HEX, 40),
  "short-sha": (r) => r.chars(HEX, 7),
  md5: (r) => r.chars(HEX, 32),
  sha256: (r) => r.chars(HEX, 64),
  "sha512-integrity": (r) => "sha512-" + r.bytes(64).toString("base64"),
  "png-base64": (r) =>
    Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), r.bytes(r.int(300, 1500))]).toString(
      "base64",
    ),
  "jpeg-base64": (r) => Buffer.concat([Buffer.from("ffd8ffe000104a464946", "hex"), r.bytes(600)]).toString("base64"),
  "ssh-public-key": (r) =>
    `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ${r.bytes(380).toString("base64")} ${r.pick(USERS)}@laptop`,
  "ed25519-public-key": (r) => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.bytes(32).toString("base64")}`,
  "pem-public-key": (r) => pem(r, "PUBLIC KEY", 294, "\n"),
  "pem-certificate": (r) => pem(r, "CERTIFICATE", 900, "\n"),
  "base64-blob": (r) => r.bytes(r.int(30, 90)).toString("base64"),
  "request-id": (r) => `req_${r.chars(BASE62, 24)}`,
  "stripe-test-key": (r) => "sk_test_" + r.chars(BASE62, 24),
  "stripe-publishable-key": (r) => "pk_live_" + r.chars(BASE62, 24),
  "page-token": (r) => r.bytes(48).toString("base64url"),
  "docker-digest": (r) => "sha256:" + r.chars(HEX, 64),
  "ethereum-address": (r) => "0x" + r.chars(HEX, 40),
  "hostname-word": (r) => r.pick(USERS) + "-" + r.chars(HEX, 6),
  host: (r) => r.pick(HOSTS),
  user: (r) => r.pick(USERS),
};
