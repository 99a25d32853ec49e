/**
 * The shelf of server sessions a fleet run lends its providers: a session is handed out at most
 * once, only for the key it was put under; ending the shelf ends exactly the sessions nobody took,
 * and a session put after that is ended at once (a target that finished after the run ended).
 */
import { expect, test } from '@jest/globals';
import fc from 'fast-check';
import { createSessionShelf } from '../../src/provider/session-shelf.js';

const step = fc.oneof(
  fc.record({ op: fc.constant('put' as const), key: fc.constantFrom('a', 'b', 'c') }),
  fc.record({ op: fc.constant('take' as const), key: fc.constantFrom('a', 'b', 'c') }),
);

test('a session is taken at most once, under its key; ending the shelf ends the rest', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
      const shelf = createSessionShelf();
      const ended: number[] = [];
      const keyOf = new Map<number, string>();
      const taken = new Set<number>();
      let next = 0;
      for (const s of steps) {
        if (s.op === 'put') {
          const id = next++;
          keyOf.set(id, s.key);
          shelf.put(s.key, id, async () => void ended.push(id));
        } else {
          const id = shelf.take(s.key) as number | undefined;
          if (id === undefined) {
            // nothing under this key is left
            expect([...keyOf].some(([i, k]) => k === s.key && !taken.has(i))).toBe(false);
            continue;
          }
          expect(keyOf.get(id)).toBe(s.key);
          expect(taken.has(id)).toBe(false);
          taken.add(id);
        }
      }
      expect(ended).toEqual([]);
      await shelf.endAll();
      expect(ended.sort((x, y) => x - y)).toEqual([...keyOf.keys()].filter((id) => !taken.has(id)));
      // a session put after the end is ended at once, never handed out
      let lateEnded = false;
      shelf.put('a', 'late', async () => {
        lateEnded = true;
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(lateEnded).toBe(true);
      expect(shelf.take('a')).toBeUndefined();
    }),
    { numRuns: 200 },
  );
});

test('a session that fails to end does not stop the others from ending', async () => {
  const shelf = createSessionShelf();
  const ended: string[] = [];
  shelf.put('a', 1, async () => {
    throw new Error('socket already closed');
  });
  shelf.put('a', 2, async () => void ended.push('second'));
  await expect(shelf.endAll()).resolves.toBeUndefined();
  expect(ended).toEqual(['second']);
});
