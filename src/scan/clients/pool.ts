/**
 * Runs `work` on every item with at most `limit` running at once, keeping the input order in the
 * result. A rejected item rejects the whole call, so `work` should catch what it can handle.
 *
 * @example
 * const sizes = await mapWithConcurrency(files, 4, (f) => stat(f).then((s) => s.size));
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`Concurrency limit must be a positive integer, got ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
