import { randomBytes, scrypt, type ScryptOptions } from "node:crypto";
import { z } from "zod";
import type { Store } from "../store/store.js";
import { parseDuration } from "./duration.js";

/** Every API key starts with this, so leaked keys are easy to recognise and scan for. */
export const API_KEY_PREFIX = "bst_";
/** `bst_` + 12 hex digits naming the key (not secret) + `_` + 32 random bytes, base64url. */
const API_KEY_PATTERN = /^bst_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SCOPE_PATTERN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const STORE_PREFIX = "keys/";
/** scrypt cost: about 16 MiB and tens of milliseconds per hash, so stolen hashes resist guessing. */
const KDF = { N: 2 ** 14, r: 8, p: 1 } as const;
const HASH_BYTES = 32;
/** Keys expire after this unless `--expires` says otherwise (`never` opts out). */
export const DEFAULT_API_KEY_LIFETIME = "90d";

const recordSchema = z.object({
  name: z.string(),
  id: z.string().regex(/^[0-9a-f]{12}$/),
  salt: z.string().min(1),
  hash: z.string().min(1),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string().optional(),
  kdf: z.object({ N: z.int().positive(), r: z.int().positive(), p: z.int().positive() }),
});

/** What the store holds for one key: never the key itself, only its salted scrypt hash. */
export type ApiKeyRecord = z.output<typeof recordSchema>;

/** What may be shown about a key: everything except its hash. */
export interface ApiKeyInfo {
  name: string;
  /** The recognisable, non-secret start of the key (`bst_<id>`). */
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt?: string;
  expired: boolean;
}

export interface CreateApiKeyOptions {
  name: string;
  scopes?: string[];
  /** A duration such as `30d` or `12h`, or `never`; defaults to 90 days. */
  expiresIn?: string;
  now?: () => number;
}

/**
 * Creates an API key and stores only its hash under `keys/<name>`.
 * @returns the key, which cannot be recovered later, and what may be shown about it.
 * @throws naming the problem for a bad name, scope or duration, or a name already in use.
 */
export async function createApiKey(
  store: Store,
  options: CreateApiKeyOptions,
): Promise<{ key: string; info: ApiKeyInfo }> {
  const now = (options.now ?? Date.now)();
  if (!NAME_PATTERN.test(options.name)) {
    throw new Error(
      `key name "${options.name}" must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
  const scopes = options.scopes ?? [];
  const badScope = scopes.find((scope) => !SCOPE_PATTERN.test(scope));
  if (badScope !== undefined)
    throw new Error(`scope "${badScope}" must be printable ASCII without spaces or quotes`);
  const lifetime = options.expiresIn ?? DEFAULT_API_KEY_LIFETIME;
  const expiresAt =
    lifetime === "never" ? undefined : new Date(now + parseDuration(lifetime) * 1000).toISOString();

  const id = randomBytes(6).toString("hex");
  const key = `${API_KEY_PREFIX}${id}_${randomBytes(32).toString("base64url")}`;
  const salt = randomBytes(16);
  const record: ApiKeyRecord = {
    name: options.name,
    id,
    salt: salt.toString("base64url"),
    hash: (await hashApiKey(key, salt, KDF)).toString("base64url"),
    scopes: [...new Set(scopes)],
    createdAt: new Date(now).toISOString(),
    ...(expiresAt ? { expiresAt } : {}),
    kdf: { ...KDF },
  };
  if (!(await store.setIfAbsent(`${STORE_PREFIX}${options.name}`, record))) {
    throw new Error(
      `an API key named "${options.name}" already exists; revoke it first or pick another name`,
    );
  }
  return { key, info: infoOf(record, now) };
}

/** Every stored key, by name, without hashes. */
export async function listApiKeys(store: Store, now: () => number = Date.now): Promise<ApiKeyInfo[]> {
  const records = await readApiKeyRecords(store);
  return records.map((record) => infoOf(record, now()));
}

/** Deletes a key; true when it existed. Gateways re-read the record on every use, so this takes effect at once. */
export async function revokeApiKey(store: Store, name: string): Promise<boolean> {
  return store.delete(`${STORE_PREFIX}${name}`);
}

/** The record stored for a key name, or undefined when absent or unreadable. */
export async function readApiKeyRecord(store: Store, name: string): Promise<ApiKeyRecord | undefined> {
  const parsed = recordSchema.safeParse(await store.get(`${STORE_PREFIX}${name}`));
  return parsed.success ? parsed.data : undefined;
}

/** All readable key records (a record that does not parse is skipped, so it can never match). */
export async function readApiKeyRecords(store: Store): Promise<ApiKeyRecord[]> {
  const entries = await store.list(STORE_PREFIX);
  return entries.flatMap(({ value }) => {
    const parsed = recordSchema.safeParse(value);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The id and secret of a string shaped like an API key, or undefined. */
export function parseApiKey(token: string): { id: string; prefix: string } | undefined {
  const match = API_KEY_PATTERN.exec(token);
  const id = match?.[1];
  return id === undefined ? undefined : { id, prefix: `${API_KEY_PREFIX}${id}` };
}

/** The salted scrypt hash of a key, with the record's cost parameters. */
export function hashApiKey(
  key: string,
  salt: Buffer,
  kdf: { N: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r };
  return new Promise((resolve, reject) => {
    scrypt(key, salt, HASH_BYTES, options, (error, derived) => (error ? reject(error) : resolve(derived)));
  });
}

function infoOf(record: ApiKeyRecord, now: number): ApiKeyInfo {
  const info: ApiKeyInfo = {
    name: record.name,
    prefix: `${API_KEY_PREFIX}${record.id}`,
    scopes: record.scopes,
    createdAt: record.createdAt,
    expired: isExpired(record, now),
  };
  if (record.expiresAt) info.expiresAt = record.expiresAt;
  return info;
}

/** Whether a key's expiry has passed (a key without `expiresAt` never expires; an unreadable date has). */
export function isExpired(record: ApiKeyRecord, now: number): boolean {
  if (record.expiresAt === undefined) return false;
  return !(Date.parse(record.expiresAt) > now);
}
