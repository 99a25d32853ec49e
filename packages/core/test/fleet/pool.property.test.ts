/**
 * The fleet pool's promises, for any list, concurrency and finishing order: each item runs at most
 * once, never more than `concurrency` at a time, items start in list order, and once stopped no
 * further item starts while those already started run to their end.
 */
import { expect, test } from '@jest/globals';
import fc from 'fast-check';
import { runPool } from '../../src/fleet/pool.js';

test('runPool: once each, bounded, in order, and a stop starts nothing new', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 30 }),
      fc.integer({ min: 1, max: 8 }),
      fc.option(fc.nat({ max: 30 }), { nil: undefined }),
      async (delays, concurrency, stopAfter) => {
        const started: number[] = [];
        const finished: number[] = [];
        let running = 0;
        let peak = 0;
        const results = await runPool(
          delays,
          { concurrency, stop: () => stopAfter !== undefined && finished.length >= stopAfter },
          async (delay, index) => {
            started.push(index);
            running++;
            peak = Math.max(peak, running);
            for (let i = 0; i < delay; i++) await Promise.resolve();
            running--;
            finished.push(index);
            return index * 2;
          },
        );
        expect(peak).toBeLessThanOrEqual(concurrency);
        expect(started).toEqual([...started].sort((a, b) => a - b));
        expect(new Set(started).size).toBe(started.length);
        expect([...finished].sort((a, b) => a - b)).toEqual(started);
        for (const [i, result] of results.entries()) expect(result).toBe(started.includes(i) ? i * 2 : undefined);
        if (stopAfter === undefined) expect(started.length).toBe(delays.length);
        // once `stopAfter` finished, only items already running may still have started
        else expect(started.length).toBeLessThanOrEqual(Math.min(delays.length, Math.max(stopAfter, 0) + concurrency));
      },
    ),
  );
});

test('runPool: an aborted signal starts nothing new', async () => {
  const controller = new AbortController();
  const started: number[] = [];
  await runPool([1, 2, 3, 4, 5], { concurrency: 2, signal: controller.signal }, async (item) => {
    started.push(item);
    if (item === 2) controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 5));
  });
  expect(started).toEqual([1, 2]);
});
