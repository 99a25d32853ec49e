import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { Change, DatabaseSchema } from '../src/index.js';
import {
  acceptAllRenames,
  applyChanges,
  diff,
  diffWithRenames,
  emptySchema,
  foreignKeyPhases,
  qualifiedName,
} from '../src/index.js';
import { generateLargeIr, mutate } from '../src/testing/generate.js';
import { comparable } from './helpers/schema-compare.js';

const schemaArb = fc.record({
  tables: fc.integer({ min: 1, max: 25 }),
  seed: fc.integer(),
  namespaces: fc.boolean(),
  enums: fc.boolean(),
});
const pairArb = fc.record({
  base: schemaArb,
  fraction: fc.double({ min: 0.05, max: 0.8, noNaN: true }),
  mutationSeed: fc.integer(),
});

const build = (p: { tables: number; seed: number; namespaces: boolean; enums: boolean }) =>
  generateLargeIr(p.tables, p.seed, { namespaces: p.namespaces, enums: p.enums });

/**
 * Applies the changes one by one and checks after each step what a database would enforce at that
 * moment: every enum a column uses exists. Foreign keys are checked once at the end, because
 * providers schedule them in phases (drop first, add last) with `foreignKeyPhases`.
 */
function checkOrder(from: DatabaseSchema, changes: readonly Change[]): void {
  let state = from;
  for (const change of changes) {
    state = applyChanges(state, [change]);
    const enums = new Set(state.enums.map(qualifiedName));
    for (const table of state.tables) {
      for (const column of table.columns) {
        if (column.type.enum !== undefined && !enums.has(qualifiedName(column.type.enum))) {
          throw new Error(`${change.kind}: ${table.name}.${column.name} uses missing enum ${column.type.enum.name}`);
        }
      }
    }
  }
  const tables = new Map(state.tables.map((t) => [qualifiedName(t), t]));
  const phases = foreignKeyPhases(changes);
  for (const { foreignKey } of phases.add) {
    const target = tables.get(
      qualifiedName({ namespace: foreignKey.referencedNamespace, name: foreignKey.referencedTable }),
    );
    expect(target).toBeDefined();
    for (const column of foreignKey.referencedColumns)
      expect(target!.columns.some((c) => c.name === column)).toBe(true);
  }
}

describe('diff properties over generated schemas', () => {
  test('diff(a, a) is empty', () => {
    fc.assert(fc.property(schemaArb, (p) => expect(diff(build(p), build(p))).toEqual([])));
  });

  test('applyChanges(a, diff(a, b)) equals b, both directions', () => {
    fc.assert(
      fc.property(pairArb, ({ base, fraction, mutationSeed }) => {
        const a = build(base);
        const b = mutate(a, fraction, mutationSeed);
        expect(comparable(applyChanges(a, diff(a, b)))).toEqual(comparable(b));
        expect(comparable(applyChanges(b, diff(b, a)))).toEqual(comparable(a));
      }),
    );
  });

  test('from empty and back to empty', () => {
    fc.assert(
      fc.property(schemaArb, (p) => {
        const a = build(p);
        const empty = emptySchema(a.provider);
        expect(comparable(applyChanges(empty, diff(empty, a)))).toEqual(comparable(a));
        expect(comparable(applyChanges(a, diff(a, empty)))).toEqual(comparable(empty));
      }),
    );
  });

  test('with every rename candidate accepted, the result is still b', async () => {
    await fc.assert(
      fc.asyncProperty(pairArb, async ({ base, fraction, mutationSeed }) => {
        const a = build(base);
        const b = mutate(a, fraction, mutationSeed);
        const { changes } = await diffWithRenames(a, b, { resolver: acceptAllRenames });
        expect(comparable(applyChanges(a, changes))).toEqual(comparable(b));
        checkOrder(a, changes);
      }),
      { numRuns: 60 },
    );
  });

  test('the order respects dependencies (enums before use, dropped enums unused, FK targets exist)', () => {
    fc.assert(
      fc.property(pairArb, ({ base, fraction, mutationSeed }) => {
        const a = build(base);
        const b = mutate(a, fraction, mutationSeed);
        checkOrder(a, diff(a, b));
        checkOrder(b, diff(b, a));
        checkOrder(emptySchema(a.provider), diff(emptySchema(a.provider), b));
      }),
      { numRuns: 60 },
    );
  });

  test('deterministic: same input, same JSON; the second diff after applying is empty', () => {
    fc.assert(
      fc.property(pairArb, ({ base, fraction, mutationSeed }) => {
        const a = build(base);
        const b = mutate(a, fraction, mutationSeed);
        const changes = diff(a, b);
        expect(JSON.stringify(diff(a, b))).toBe(JSON.stringify(changes));
        expect(diff(applyChanges(a, changes), b)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
