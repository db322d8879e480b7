import { createHash } from "node:crypto";

/**
 * A bounded map of recent verification verdicts, keyed by the SHA-256 of the credential so the
 * credential itself is never held. Entries expire at their own deadline; when full, the oldest
 * entry makes room.
 */
export class VerdictCache<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The key under which a credential's verdict is kept. */
  static keyOf(credential: string): string {
    return createHash("sha256").update(credential).digest("base64url");
  }

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Keeps a verdict until `expiresAt` (epoch ms); a deadline already past is not stored. */
  set(key: string, value: T, expiresAt: number): void {
    if (expiresAt <= this.now()) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
