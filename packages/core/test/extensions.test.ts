/**
 * The datasource `extensions` list in core: lowering, the differ's rules (a schema or version
 * counts only where both sides pin it), which extensions of a database are strata's
 * (`claimExtensions`), the drop warning, and `db pull`'s re-introspection of the list.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { describeChange } from '../src/diff/describe.js';
import {
  analyzeSchema,
  applyChanges,
  canonicalize,
  claimExtensions,
  type DatabaseSchema,
  diff,
  type Extension,
  emptySchema,
  lintChanges,
  lower,
} from '../src/index.js';
import { repulledExtensions } from '../src/workflows/pull.js';
import { pgLike, sqliteLike } from './helpers/test-provider.js';

const withExtensions = (extensions: Extension[], unmanaged: DatabaseSchema['unmanaged'] = []): DatabaseSchema =>
  canonicalize({ ...emptySchema('testpg', ['public']), extensions, unmanaged });

const schemaText = (list: string) => `generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["postgresqlExtensions"]
}
datasource db {
  provider   = "postgresql"
  extensions = [${list}]
}
`;

function lowered(list: string, target = pgLike): DatabaseSchema {
  const analysis = analyzeSchema([{ path: 's.prisma', text: schemaText(list) }], { extensions: true });
  if (analysis.model === undefined) throw new Error(analysis.errors[0]?.message);
  return lower(analysis.model, target);
}

describe('lower: the datasource extensions list', () => {
  test('by database name (map:), with only the arguments written; a name listed twice: the last counts', () => {
    expect(
      lowered('pgcrypto, uuid_ossp(map: "uuid-ossp", schema: "ext"), citext, citext(version: "1.6")').extensions,
    ).toEqual([{ name: 'citext', version: '1.6' }, { name: 'pgcrypto' }, { name: 'uuid-ossp', schema: 'ext' }]);
  });

  test('a provider without extensions lowers none', () => {
    expect(lowered('citext', sqliteLike).extensions).toBeUndefined();
  });
});

describe('diff: extensions', () => {
  test('created and dropped by name, in order: creations first, drops after everything else', () => {
    const changes = diff(
      withExtensions([{ name: 'a' }, { name: 'b' }]),
      withExtensions([{ name: 'b' }, { name: 'c' }]),
    );
    expect(changes).toEqual([
      { kind: 'CreateExtension', extension: { name: 'c' } },
      { kind: 'DropExtension', extension: { name: 'a' } },
    ]);
  });

  test('schema and version count only where both sides pin them (Prisma: removing an argument does nothing)', () => {
    const pinned = withExtensions([{ name: 'citext', schema: 'public', version: '1.5' }]);
    expect(diff(pinned, withExtensions([{ name: 'citext' }]))).toEqual([]);
    expect(diff(withExtensions([{ name: 'citext' }]), pinned)).toEqual([]);
    expect(diff(pinned, withExtensions([{ name: 'citext', schema: 'ext', version: '1.6' }]))).toEqual([
      {
        kind: 'AlterExtension',
        from: { name: 'citext', schema: 'public', version: '1.5' },
        to: { name: 'citext', schema: 'ext', version: '1.6' },
        changed: ['schema', 'version'],
      },
    ]);
  });

  test('property: diff(x, x) is empty; applied to a, diff(a, b) leaves exactly b’s extensions, equal as the differ sees them', () => {
    const extension = fc.record(
      {
        name: fc.constantFrom('citext', 'hstore', 'pg_trgm', 'uuid-ossp'),
        schema: fc.constantFrom('public', 'ext'),
        version: fc.constantFrom('1.0', '1.1'),
      },
      { requiredKeys: ['name'] },
    );
    const list = fc.uniqueArray(extension, { selector: (x) => x.name, maxLength: 4 });
    fc.assert(
      fc.property(list, list, (a, b) => {
        const from = withExtensions(a);
        const to = withExtensions(b);
        expect(diff(from, from)).toEqual([]);
        expect(diff(applyChanges(from, diff(from, to)), to)).toEqual([]);
        const names = (x: DatabaseSchema) => (x.extensions ?? []).map((e) => e.name);
        expect(names(applyChanges(from, diff(from, to)))).toEqual(names(to));
      }),
    );
  });

  test('described in words for status and diff --summary', () => {
    expect(
      diff(
        withExtensions([{ name: 'a', schema: 's', version: '1' }, { name: 'b' }]),
        withExtensions([
          { name: 'a', schema: 't', version: '2' },
          { name: 'c', schema: 'x' },
        ]),
      ).flatMap(describeChange),
    ).toEqual([
      'create extension c (schema x)',
      'move extension a from schema s to t',
      'update extension a from version 1 to 2',
      'drop extension b',
    ]);
  });

  test('a dropped extension raises drop-extension (data-loss); nothing else about extensions warns', () => {
    const from = withExtensions([{ name: 'a' }, { name: 'b', version: '1' }]);
    const to = withExtensions([{ name: 'b', version: '2' }, { name: 'c' }]);
    expect(lintChanges(diff(from, to), from, to).map((w) => [w.code, w.severity])).toEqual([
      ['drop-extension', 'data-loss'],
    ]);
  });
});

describe('claimExtensions: only the extensions a schema declares are strata’s', () => {
  const installed = (name: string, schema = 'public', version = '1.0') => ({
    kind: 'extension' as const,
    name,
    extension: { name, schema, version },
  });
  const live: DatabaseSchema = {
    ...emptySchema('testpg', ['public']),
    unmanaged: [installed('citext'), installed('pg_trgm', 'ext'), { kind: 'view', name: 'v' }],
  };

  test('declared ones move to extensions with what the database holds; the others stay unmanaged', () => {
    const claimed = claimExtensions(live, withExtensions([{ name: 'citext' }, { name: 'hstore' }]));
    expect(claimed.extensions).toEqual([{ name: 'citext', schema: 'public', version: '1.0' }]);
    expect(claimed.unmanaged.map((u) => `${u.kind} ${u.name}`)).toEqual(['extension pg_trgm', 'view v']);
  });

  test('a raw introspection never plans dropping an extension; claimed, an undeclared one is left alone too', () => {
    const declared = withExtensions([{ name: 'citext' }]);
    expect(diff(live, declared).map((c) => c.kind)).toEqual(['CreateExtension']);
    expect(diff(claimExtensions(live, declared), declared)).toEqual([]);
  });

  test("'all' claims every extension (db pull, a diff between two databases)", () => {
    expect(claimExtensions(live, 'all').extensions?.map((x) => x.name)).toEqual(['citext', 'pg_trgm']);
  });
});

describe('db pull: the extensions list after re-introspection', () => {
  const live: Extension[] = [
    { name: 'citext', schema: 'public', version: '1.6' },
    { name: 'pg_trgm', schema: 'ext', version: '1.6' },
    { name: 'uuid-ossp', schema: 'public', version: '1.1' },
  ];

  test('written names and agreeing arguments stay, differing ones follow the database, missing ones go, new ones come with their schema', () => {
    expect(
      repulledExtensions(
        [{ name: 'citext', version: '1.4' }, { name: 'pg_trgm', schema: 'ext' }, { name: 'hstore' }],
        live,
      ),
    ).toEqual([
      { name: 'citext', version: '1.6' },
      { name: 'pg_trgm', schema: 'ext' },
      { name: 'uuid_ossp', map: 'uuid-ossp', schema: 'public' },
    ]);
  });
});

describe('validation', () => {
  test('snapshots (printed without generators) are not held to the preview feature', () => {
    const snapshot = 'datasource db {\n  provider   = "postgresql"\n  extensions = [citext]\n}\n';
    expect(analyzeSchema([{ path: 'after.prisma', text: snapshot }]).errors.map((e) => e.code)).toEqual([
      'preview-feature-required',
    ]);
    expect(analyzeSchema([{ path: 'after.prisma', text: snapshot }], { checkPreviewFeatures: false }).errors).toEqual(
      [],
    );
  });
});
