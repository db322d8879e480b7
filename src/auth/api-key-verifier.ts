import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Store } from "../store/store.js";
import {
  hashApiKey,
  isExpired,
  parseApiKey,
  readApiKeyRecord,
  readApiKeyRecords,
  type ApiKeyRecord,
} from "./api-keys.js";
import { CredentialRejected } from "./failure.js";
import type { Principal } from "./principal.js";
import { VerdictCache } from "./verdict-cache.js";

/** How long a verified key skips the slow hash; the stored record is still re-read on every use. */
const VERDICT_TTL_MS = 5 * 60_000;
const UNKNOWN = "The API key is unknown, revoked or expired.";

/**
 * Checks `bst_…` keys against their stored scrypt hashes in constant time. A key that verified
 * recently is recognised by the SHA-256 of the presented key, so the slow hash is paid once per
 * key and TTL; every use still re-reads the stored record, so revocation and expiry apply at once.
 */
export class ApiKeyVerifier {
  private readonly verdicts: VerdictCache<{ name: string; id: string; hash: string }>;
  private readonly decoySalt = randomBytes(16);

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {
    this.verdicts = new VerdictCache(10_000, now);
  }

  /**
   * The principal an API key stands for.
   * @throws CredentialRejected for a malformed, unknown, revoked or expired key.
   */
  async verify(token: string): Promise<Principal> {
    const parsed = parseApiKey(token);
    if (!parsed) throw new CredentialRejected("The API key is malformed.", "api key: malformed");
    const cacheKey = VerdictCache.keyOf(token);
    const cached = this.verdicts.get(cacheKey);
    if (cached) {
      const record = await readApiKeyRecord(this.store, cached.name);
      if (record && record.id === cached.id && record.hash === cached.hash) return this.accept(record);
      this.verdicts.delete(cacheKey);
      throw new CredentialRejected(UNKNOWN, `api key ${parsed.prefix}: revoked since last use`);
    }
    const record = (await readApiKeyRecords(this.store)).find((candidate) => candidate.id === parsed.id);
    if (!record) {
      // Hash anyway, so an unknown id takes as long as a wrong secret.
      await hashApiKey(token, this.decoySalt, { N: 2 ** 14, r: 8, p: 1 });
      throw new CredentialRejected(UNKNOWN, `api key ${parsed.prefix}: no such key`);
    }
    const expected = Buffer.from(record.hash, "base64url");
    const actual = await hashApiKey(token, Buffer.from(record.salt, "base64url"), record.kdf);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      throw new CredentialRejected(UNKNOWN, `api key ${parsed.prefix} (${record.name}): wrong secret`);
    }
    const principal = this.accept(record);
    const expiresAt = record.expiresAt ? Date.parse(record.expiresAt) : Number.POSITIVE_INFINITY;
    this.verdicts.set(
      cacheKey,
      { name: record.name, id: record.id, hash: record.hash },
      Math.min(expiresAt, this.now() + VERDICT_TTL_MS),
    );
    return principal;
  }

  private accept(record: ApiKeyRecord): Principal {
    if (isExpired(record, this.now())) {
      throw new CredentialRejected(UNKNOWN, `api key ${record.name}: expired ${record.expiresAt}`);
    }
    return {
      subject: `key:${record.name}`,
      displayName: record.name,
      groups: [],
      roles: [],
      scopes: [...record.scopes],
      keyName: record.name,
      method: "api_key",
      mfa: false,
    };
  }
}
