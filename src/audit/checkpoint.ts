import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { canonicalJson, sha256Hex } from "./hash.js";

/** Store log that holds signed checkpoints of the audit chain. */
export const CHECKPOINT_LOG = "audit.checkpoints";

/**
 * A signed statement that the chain had `hash` at `seq`. Someone who rewrites the chain from an
 * earlier record, or cuts records off its end, cannot produce a matching signature without the key.
 */
export interface Checkpoint {
  seq: number;
  hash: string;
  time: string;
  /** First 16 hex digits of SHA-256 over the public key, to tell keys apart after rotation. */
  key_id: string;
  /** Base64 Ed25519 signature over the canonical JSON of `{ seq, hash, time, key_id }`. */
  signature: string;
}

/** Ed25519 keys for signing (the gateway) or only verifying (an auditor). */
export interface CheckpointKeys {
  privateKey?: KeyObject;
  publicKey: KeyObject;
}

/** Signs the chain head. */
export function signCheckpoint(
  head: { seq: number; hash: string },
  privateKey: KeyObject,
  now: number = Date.now(),
): Checkpoint {
  const unsigned = {
    seq: head.seq,
    hash: head.hash,
    time: new Date(now).toISOString(),
    key_id: keyId(createPublicKey(privateKey)),
  };
  const signature = sign(null, Buffer.from(canonicalJson(unsigned)), privateKey).toString("base64");
  return { ...unsigned, signature };
}

/** Whether a checkpoint was signed by the holder of the private half of `publicKey`. */
export function checkpointSignatureValid(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  if (typeof checkpoint?.signature !== "string") return false;
  const { signature, ...unsigned } = checkpoint;
  try {
    return verify(null, Buffer.from(canonicalJson(unsigned)), publicKey, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

/**
 * Reads Ed25519 keys (PEM) from the files the config names: the private key to sign, or only
 * the public key to verify. Throws naming the file when a key is missing or not Ed25519.
 *
 * @example loadCheckpointKeys({ key_file: "/etc/bastion/audit-ed25519.pem" })
 */
export function loadCheckpointKeys(files: { key_file?: string; public_key_file?: string }): CheckpointKeys {
  if (files.key_file) {
    const privateKey = readKey(files.key_file, (pem) => createPrivateKey(pem));
    return { privateKey, publicKey: createPublicKey(privateKey) };
  }
  if (files.public_key_file)
    return { publicKey: readKey(files.public_key_file, (pem) => createPublicKey(pem)) };
  throw new Error("audit checkpoint: set key_file (to sign) or public_key_file (to verify)");
}

function readKey(file: string, parse: (pem: string) => KeyObject): KeyObject {
  let key: KeyObject;
  try {
    key = parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`audit checkpoint: cannot read key ${file}: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== "ed25519")
    throw new Error(`audit checkpoint: key ${file} is not an Ed25519 key`);
  return key;
}

function keyId(publicKey: KeyObject): string {
  return sha256Hex(publicKey.export({ type: "spki", format: "der" }).toString("hex")).slice(0, 16);
}
