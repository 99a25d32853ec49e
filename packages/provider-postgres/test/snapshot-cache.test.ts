/**
 * The snapshot cache a fleet run shares between its targets: a text is lowered once and handed
 * out again as the same IR; the IR is what lowering the text afresh gives; texts, providers and
 * caches never mix; a text that does not lower is not remembered (each target reports its error).
 */
import { expect, test } from '@jest/globals';
import { createSnapshotCache, type Provider } from '@strata/core';
import fc from 'fast-check';
import provider from '../src/index.js';

const snapshot = (fields: readonly string[], table: string) =>
  `datasource db {\n  provider = "postgresql"\n}\n\nmodel ${table} {\n  id Int @id\n${fields.map((f) => `  ${f}\n`).join('')}}\n`;

const field = fc.constantFrom('name String', 'qty Int', 'note String?', 'at DateTime @default(now())', 'ok Boolean');

test('a text is lowered once per cache, and as lowering it afresh would', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.uniqueArray(field, { maxLength: 4 }), fc.constantFrom('Item', 'Order')), {
        minLength: 1,
        maxLength: 8,
      }),
      (versions) => {
        const texts = versions.map(([fields, table]) => snapshot(fields, table));
        const cache = createSnapshotCache();
        const first = new Map<string, unknown>();
        for (const [i, text] of texts.entries()) {
          const lowered = cache.lower(text, provider, `m${i}/after.prisma`);
          if (first.has(text)) expect(lowered).toBe(first.get(text));
          else first.set(text, lowered);
          // a cache of its own lowers it again: equal, not the same object
          const fresh = createSnapshotCache().lower(text, provider, `m${i}/after.prisma`);
          expect(fresh).not.toBe(lowered);
          expect(fresh).toEqual(lowered);
        }
      },
    ),
    { numRuns: 30 },
  );
});

test('the empty text is the empty schema; providers are kept apart; errors are not cached', () => {
  const cache = createSnapshotCache();
  expect(cache.lower('', provider, 'm/before.prisma').tables).toEqual([]);
  const text = snapshot(['name String'], 'Item');
  // another provider object (a project's own copy) gets its own lowering
  const copy: Provider = { ...provider };
  expect(cache.lower(text, copy, 'a')).not.toBe(cache.lower(text, provider, 'a'));
  const broken = 'model {';
  expect(() => cache.lower(broken, provider, 'm1/after.prisma')).toThrow();
  expect(() => cache.lower(broken, provider, 'm2/after.prisma')).toThrow(/m2\/after\.prisma/);
});
