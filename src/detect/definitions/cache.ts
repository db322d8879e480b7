/**
 * A bounded cache of analysis results keyed by definition hash, so scanning an unchanged list
 * again costs one hash per item. Least recently used entries are dropped first.
 */
export interface DefinitionCache<T> {
  get(hash: string): T | undefined;
  set(hash: string, value: T): void;
  readonly size: number;
  clear(): void;
}

/**
 * Creates an empty cache holding at most `maxEntries` results (default 10,000).
 *
 * @example
 * const cache = createDefinitionCache<number>(2);
 * cache.set(definitionHash(tool), 0.1);
 */
export function createDefinitionCache<T>(maxEntries = 10_000): DefinitionCache<T> {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(`cache size must be a positive integer, got ${maxEntries}`);
  }
  const entries = new Map<string, T>();
  return {
    get(hash) {
      const value = entries.get(hash);
      if (value !== undefined) {
        entries.delete(hash);
        entries.set(hash, value);
      }
      return value;
    },
    set(hash, value) {
      entries.delete(hash);
      entries.set(hash, value);
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
    },
    get size() {
      return entries.size;
    },
    clear() {
      entries.clear();
    },
  };
}
