import assert from "node:assert/strict";
import { test } from "node:test";
import { FAKE_CREDENTIALS, FakeRandom, LOOKALIKES } from "../../../eval/corpus/secrets/fakes.js";
import { literalPattern, scanLiterals } from "../content/literals.js";
import { findSecrets, redactSecrets, SECRET_ANCHORS, SECRET_KINDS } from "./index.js";

const random = new FakeRandom("secrets-unit-tests");
const fake = (kind: string): string => {
  const generate = FAKE_CREDENTIALS[kind];
  if (!generate) throw new Error(`no fake for ${kind}`);
  return generate(random);
};

// How each kind is written in a config or a shell session; the credential sits where {} is.
const CONTEXT: Record<string, string> = {
  "aws-secret-access-key": "aws_secret_access_key = {}",
  "gcp-service-account-key":
    '{"type": "service_account", "private_key": "{}", "client_email": "a@b.iam.gserviceaccount.com"}',
  "azure-connection-string":
    "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={};EndpointSuffix=core.windows.net",
  "database-url": "DATABASE_URL=postgres://app:{}@db.internal:5432/orders",
  "url-credentials": "proxy = http://deploy:{}@proxy.corp.example:3128",
  "authorization-header": "Authorization: Bearer {}",
  "secret-assignment": "DB_PASSWORD={}",
};

test("every supported kind of credential is found in the text it usually sits in", () => {
  for (const kind of SECRET_KINDS) {
    const secret = fake(kind);
    const text = `# settings\n${(CONTEXT[kind] ?? "VALUE={}").replace("{}", secret)}\nLOG_LEVEL=info\n`;
    const findings = findSecrets(text);
    const start = text.indexOf(secret);
    assert.ok(
      findings.some(
        (finding) => finding.kind === kind && finding.start <= start && finding.end >= start + secret.length,
      ),
      `${kind} was not found in ${JSON.stringify(text.slice(0, 120))}`,
    );
  }
});

test("redaction replaces the credential with its kind and keeps every other character", () => {
  const token = fake("github-token");
  const text = `git clone https://${token}@github.com/acme/private.git && cd private`;
  assert.equal(
    redactSecrets(text),
    "git clone https://[REDACTED:github-token]@github.com/acme/private.git && cd private",
  );
});

test("a database URL keeps its user and host when its password is redacted", () => {
  const password = fake("database-url");
  const redacted = redactSecrets(`postgres://app:${password}@db.internal:5432/orders`);
  assert.equal(redacted, "postgres://app:[REDACTED:database-url]@db.internal:5432/orders");
});

test("the evidence of a finding never contains the whole secret", () => {
  for (const kind of ["stripe-live-key", "openai-api-key", "npm-token", "jwt"]) {
    const secret = fake(kind);
    const [finding] = findSecrets(`value: ${secret}`);
    assert.ok(finding, `${kind} not found`);
    assert.ok(!finding.evidence.includes(secret), `${kind} evidence leaks the secret: ${finding.evidence}`);
    assert.match(finding.evidence, /chars\)$/);
  }
});

test("documentation example keys and placeholders are not reported", () => {
  const text = [
    "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
    "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "OPENAI_API_KEY=<YOUR_API_KEY>",
    "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
    "DATABASE_URL=postgres://user:password@localhost:5432/mydb",
    "password: ${DB_PASSWORD}",
    'api_key = os.environ["OPENAI_API_KEY"]',
    "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
  ].join("\n");
  assert.deepEqual(findSecrets(text), []);
});

test("identifiers, digests, images and public keys are not reported", () => {
  for (const name of [
    "uuid",
    "git-sha",
    "sha256",
    "sha512-integrity",
    "png-base64",
    "ssh-public-key",
    "pem-public-key",
    "pem-certificate",
  ]) {
    const value = LOOKALIKES[name]?.(random) ?? "";
    assert.deepEqual(findSecrets(`id: ${value}\n"sha": "${value}"\n${value}`), [], `${name} was reported`);
  }
});

test("a password assigned a high-entropy value is reported, a reference to a variable is not", () => {
  const password = fake("secret-assignment");
  assert.equal(findSecrets(`"password": "${password}"`)[0]?.kind, "secret-assignment");
  assert.deepEqual(findSecrets('"password": process.env.DB_PASSWORD, "max_tokens": 4096'), []);
});

test("findings never overlap: the most specific rule names the credential", () => {
  const key = fake("anthropic-api-key");
  const findings = findSecrets(`x-api-key: ${key}`);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.kind, "anthropic-api-key");
});

test("anchors found by a pass shared with other detectors give the same findings", () => {
  const text = `token=${fake("github-token")}\nurl=mysql://root:${fake("database-url")}@db/x\nnote: nothing else`;
  const shared = scanLiterals(text.toLowerCase(), literalPattern([...SECRET_ANCHORS, "ignor", "system"]));
  assert.deepEqual(findSecrets(text, { anchorHits: shared }), findSecrets(text));
});

test("source code that names tokens, keys and passwords is not reported", () => {
  const code = [
    "type ArrowToken = ArrowToken$1;",
    "const hasClientSecret = clientInformation.client_secret !== undefined;",
    "progressToken: ProgressTokenSchema.optional(),",
    "const token = await getAccessToken(clientId, scopes);",
    "this._tokenizeIcu=r.tokenizeExpansionForms||!1,this._lastTokEnd=null",
    "const hasExclamationToken = !!node.exclamationToken;",
    "setPrivateKey(privateKey: NodeJS.ArrayBufferView): void;",
    'const TOKEN_STRINGS = "[A-Za-z0-9._~+/-]+=*";',
    "env: { PWD: '/Users/maciej' },",
    "![coverage](https://codecov.io/gh/acme/x/branch/main/graph/badge.svg?token=rn91iI4bSe)",
  ].join("\n");
  assert.deepEqual(findSecrets(code), []);
});
