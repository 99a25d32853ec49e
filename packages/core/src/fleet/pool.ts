/**
 * Runs one piece of work per item with at most `concurrency` at a time, in list order. Stops
 * starting new items once `signal` is aborted or `stop()` says so; items already started run
 * to their end. Items never started are `undefined` in the result.
 */
export interface PoolControl {
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  /** Asked before each new item (fail-fast). */
  readonly stop?: () => boolean;
}

export async function runPool<T, R>(
  items: readonly T[],
  control: PoolControl,
  work: (item: T, index: number) => Promise<R>,
): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array(items.length).fill(undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && control.signal?.aborted !== true && control.stop?.() !== true) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(control.concurrency), items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
