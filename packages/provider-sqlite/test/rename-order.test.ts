/** `orderRenames`: renames given all at once, run one at a time without ever hitting a name in use. */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { orderRenames, type RenameStep } from '../src/rename-order.js';

/** Runs the steps over a set of names, failing on a missing source or a target in use (as SQLite does). */
function run(names: readonly string[], steps: readonly RenameStep[]): Map<string, string> {
  // current name (lower-case) -> original name
  const live = new Map(names.map((n) => [n.toLowerCase(), n]));
  for (const step of steps) {
    const original = live.get(step.from.toLowerCase());
    if (original === undefined) throw new Error(`no such name: ${step.from}`);
    if (live.has(step.to.toLowerCase()) && step.to.toLowerCase() !== step.from.toLowerCase())
      throw new Error(`name in use: ${step.to}`);
    live.delete(step.from.toLowerCase());
    live.set(step.to.toLowerCase(), original);
  }
  return live;
}

describe('orderRenames', () => {
  test('a swap goes through a temporary name', () => {
    expect(
      orderRenames([
        { from: 'a', to: 'b' },
        { from: 'b', to: 'a' },
      ]),
    ).toEqual([
      { from: 'a', to: '_strata_rename_a' },
      { from: 'b', to: 'a' },
      { from: '_strata_rename_a', to: 'b' },
    ]);
  });

  test('a chain runs from its end; independent renames keep their order', () => {
    expect(
      orderRenames([
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'x', to: 'y' },
      ]),
    ).toEqual([
      { from: 'b', to: 'c' },
      { from: 'a', to: 'b' },
      { from: 'x', to: 'y' },
    ]);
  });

  test('any permutation of names (plus fresh targets) is reached without a clash', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-e]{1,2}$/), {
          minLength: 1,
          maxLength: 8,
          comparator: (x, y) => x === y,
        }),
        fc.infiniteStream(fc.boolean()),
        fc.func(fc.nat()),
        (names, keep, pick) => {
          // Targets: a permutation of a subset of the names, some sent to fresh names instead.
          const sources = names.filter(() => keep.next().value);
          const pool = [...sources];
          const renames = sources.map((from, i) => {
            const to = pool.splice(pick(i) % pool.length, 1)[0] as string;
            return { from, to: keep.next().value ? to : `fresh_${i}` };
          });
          const wanted = new Map(names.map((n) => [n.toLowerCase(), n]));
          for (const r of renames) wanted.delete(r.from.toLowerCase());
          for (const r of renames) wanted.set(r.to.toLowerCase(), r.from);
          const real = renames.filter((r) => r.from !== r.to);
          expect(run(names, orderRenames(real))).toEqual(wanted);
        },
      ),
    );
  });
});
