/**
 * A copy without spare capacity. Arrays grown with `push` keep room for 16 elements; a large
 * schema's syntax tree and model hold hundreds of thousands of small arrays, so trimming the
 * ones that are kept matters for memory and garbage collection time.
 */
export function exactSize<T>(items: T[]): T[] {
  return items.length === 0 ? [] : items.slice();
}
