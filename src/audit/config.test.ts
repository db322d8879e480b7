import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStore } from "../store/memory.js";
import { loadCheckpointKeys } from "./checkpoint.js";
import { auditConfigSchema, auditLogOptionsFromConfig } from "./config.js";
import { createAuditLog } from "./log.js";
import { verifyAudit } from "./verify.js";

const dir = mkdtempSync(join(tmpdir(), "bastion-audit-config-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function keyFiles() {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const key_file = join(dir, "audit.pem");
  const public_key_file = join(dir, "audit.pub.pem");
  writeFileSync(key_file, privateKey.export({ type: "pkcs8", format: "pem" }));
  writeFileSync(public_key_file, publicKey.export({ type: "spki", format: "pem" }));
  return { key_file, public_key_file };
}

test("the documented audit config parses with safe defaults", () => {
  const config = auditConfigSchema.parse({ file: ".bastion/audit.jsonl", arguments: "redacted" });
  assert.deepEqual(config, {
    file: ".bastion/audit.jsonl",
    arguments: "redacted",
    stdout: false,
    fail_closed: true,
  });
  assert.equal(auditConfigSchema.parse({}).arguments, "redacted");
});

test("the audit config names unknown keys, bad modes and checkpoints without a key", () => {
  assert.throws(() => auditConfigSchema.parse({ arguments: "everything" }), /arguments/);
  assert.throws(() => auditConfigSchema.parse({ fail_open: true }), /fail_open/);
  assert.throws(() => auditConfigSchema.parse({ checkpoint: { every: 10 } }), /key_file or public_key_file/);
});

test("checkpoints configured with a key file are signed by the log and verified with the public key", async () => {
  const files = keyFiles();
  const config = auditConfigSchema.parse({
    arguments: "none",
    checkpoint: { key_file: files.key_file, every: 2 },
  });
  const store = new MemoryStore();
  const audit = createAuditLog({ ...auditLogOptionsFromConfig(config), store });
  for (let i = 0; i < 5; i++)
    await audit.record({ session: "s", principal: "p", method: "ping", decision: "allow" });
  await audit.close();
  const { publicKey } = loadCheckpointKeys({ public_key_file: files.public_key_file });
  assert.deepEqual(await verifyAudit(store, { publicKey }), { ok: true, count: 5, checkpoints: 3 });
  const stranger = generateKeyPairSync("ed25519").publicKey;
  const forged = await verifyAudit(store, { publicKey: stranger });
  assert.deepEqual(forged.ok ? undefined : forged.problem, "checkpoint");
});

test("a missing or non-Ed25519 checkpoint key is refused naming the file", () => {
  assert.throws(
    () => loadCheckpointKeys({ key_file: join(dir, "absent.pem") }),
    /cannot read key .*absent\.pem/,
  );
  const ec = join(dir, "ec.pem");
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  writeFileSync(ec, privateKey.export({ type: "pkcs8", format: "pem" }));
  assert.throws(() => loadCheckpointKeys({ key_file: ec }), /ec\.pem is not an Ed25519 key/);
});
