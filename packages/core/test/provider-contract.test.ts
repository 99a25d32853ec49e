/**
 * What the provider contract lets a third database say, each shown by its effect on core: enum
 * values in type requests, `nativeEnums`, full-text and partial indexes, the differ's `normalize`
 * and `foreignKeyActionsEqual` hooks, provider notes placed next to core's warnings, and a check
 * that every capability flag is read by core.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import {
  type Capabilities,
  type DatabaseSchema,
  type DiffHooks,
  defineProvider,
  diff,
  type FieldTypeRequest,
  type Index,
  isStrataError,
  lintChanges,
  lower,
  PROVIDER_API_VERSION,
  type ProviderDefinition,
  type Table,
  withProviderNotes,
} from '../src/index.js';
import { readSchema } from '../src/workflows/engine.js';
import { testTypes } from './helpers/test-provider.js';

/** A provider without a database: only what lowering, validation, diffing and lint read. */
function thirdDatabase(
  capabilities: Partial<Capabilities>,
  diffHooks: ProviderDefinition['diffHooks'] = {},
  types = testTypes,
) {
  return defineProvider({
    id: 'thirddb',
    apiVersion: PROVIDER_API_VERSION,
    packageName: 'strata-provider-thirddb',
    version: '0.0.0',
    capabilities: { maxIdentifierLength: 64, ...capabilities },
    types,
    diffHooks,
    emit: () => [],
    quoteIdentifier: (name) => `\`${name}\``,
    placeholder: () => '?',
    splitStatements: () => [],
    connect: () => Promise.reject(new Error('no database in this test')),
  });
}

const source = (body: string) => [
  { path: 'schema.prisma', text: `datasource db {\n  provider = "thirddb"\n}\n\n${body}` },
];

describe('enum values in type requests', () => {
  test('lower() hands the type system the enum database values in declaration order (inline ENUM(...))', () => {
    const requests: FieldTypeRequest[] = [];
    const provider = thirdDatabase(
      { nativeEnums: false },
      {},
      {
        ...testTypes,
        columnType(request) {
          requests.push(request);
          return testTypes.columnType(request);
        },
      },
    );
    const model = readSchema(
      source('enum Role {\n  USER\n  ADMIN @map("admin")\n  GUEST\n}\n\nmodel A {\n  id Int @id\n  role Role\n}\n'),
      provider,
    );
    lower(model, provider);
    expect(requests.find((r) => r.scalar === 'Enum')?.enum).toEqual({
      name: 'Role',
      values: ['USER', 'admin', 'GUEST'],
    });
  });
});

describe('nativeEnums: false (enums live in columns)', () => {
  const provider = thirdDatabase({ nativeEnums: false });
  const lowered = (values: string) =>
    lower(
      readSchema(source(`enum Role {\n  ${values}\n}\n\nmodel A {\n  id Int @id\n  role Role\n}\n`), provider),
      provider,
    );

  test('the differ plans no enum objects, and removing a value still raises remove-enum-value', () => {
    expect(provider.diffHooks.enumsInDatabase).toBe(false);
    const before = lowered('A\n  B');
    const after = lowered('A');
    const noEnums: DatabaseSchema = { ...before, enums: [] };
    // no CREATE TYPE for a database without enum types
    expect(diff(noEnums, before, { hooks: provider.diffHooks }).map((c) => c.kind)).toEqual([]);
    const changes = diff(before, after, { hooks: provider.diffHooks });
    expect(changes.map((c) => c.kind)).toEqual(['AlterEnum']);
    const warnings = lintChanges(changes, before, after, { capabilities: provider.capabilities });
    expect(warnings.map((w) => w.code)).toEqual(['remove-enum-value']);
    expect(warnings[0]?.message).toContain('keep a value the schema no longer allows');
  });

  test("where the column's type lists the values (MySQL's ENUM), the removal is worded as the failure it is", () => {
    const typed = (schema: DatabaseSchema, native: string): DatabaseSchema => ({
      ...schema,
      tables: schema.tables.map((t) => ({
        ...t,
        columns: t.columns.map((c) => (c.type.enum === undefined ? c : { ...c, type: { ...c.type, native } })),
      })),
    });
    const before = typed(lowered('A\n  B'), "ENUM('A','B')");
    const after = typed(lowered('A'), "ENUM('A')");
    const changes = diff(before, after, { hooks: provider.diffHooks });
    expect(changes.map((c) => c.kind)).toEqual(['AlterEnum', 'AlterTable']);
    const warnings = lintChanges(changes, before, after, { capabilities: provider.capabilities });
    expect(warnings.map((w) => w.code)).toEqual(['remove-enum-value']);
    expect(warnings[0]?.message).toContain('make the migration fail');
  });

  test('a provider with enum types keeps them as database objects', () => {
    const native = thirdDatabase({ nativeEnums: true });
    expect(native.diffHooks.enumsInDatabase).toBeUndefined();
  });
});

describe('full-text indexes (capabilities.fulltextIndexes)', () => {
  const body = 'model Post {\n  id Int @id\n  title String\n\n  @@fulltext([title])\n}\n';

  test('refused by the validator where the capability is false (both bundled providers)', () => {
    const provider = thirdDatabase({});
    expect(() => readSchema(source(body), provider)).toThrow(/fulltext/);
    try {
      readSchema(source(body), provider);
    } catch (error) {
      expect(isStrataError(error) && JSON.stringify(error.details)).toContain('fulltext-unsupported');
    }
  });

  test('lowered into an index of kind fulltext where it is true, named as Prisma names an index', () => {
    const provider = thirdDatabase({ fulltextIndexes: true });
    const schema = lower(readSchema(source(body), provider), provider);
    expect(schema.tables[0]?.indexes).toEqual([
      { name: 'Post_title_idx', unique: false, columns: [{ name: 'title' }], kind: 'fulltext' },
    ]);
  });

  test('the differ tells a full-text index from an ordinary one over the same columns', () => {
    const provider = thirdDatabase({ fulltextIndexes: true });
    const fulltext = lower(readSchema(source(body), provider), provider);
    const ordinary = lower(readSchema(source(body.replace('@@fulltext', '@@index')), provider), provider);
    const changes = diff(ordinary, fulltext, { hooks: provider.diffHooks });
    expect(changes.flatMap((c) => (c.kind === 'AlterTable' ? c.changes.map((tc) => tc.kind) : []))).toEqual([
      'DropIndex',
      'CreateIndex',
    ]);
    expect(diff(fulltext, fulltext, { hooks: provider.diffHooks })).toEqual([]);
  });
});

describe('partial indexes (capabilities.partialIndexes)', () => {
  const body = 'model A {\n  id Int @id\n  x Int\n\n  @@index([x], where: raw("x > 0"))\n}\n';

  test('where: is refused where the capability is false (MySQL), accepted where true', () => {
    expect(() => readSchema(source(body), thirdDatabase({ partialIndexes: false }))).toThrow(/Partial indexes/);
    const provider = thirdDatabase({ partialIndexes: true });
    expect(lower(readSchema(source(body), provider), provider).tables[0]?.indexes[0]?.where).toBe('x > 0');
  });
});

const ir = (tables: Table[]): DatabaseSchema => ({
  provider: 'thirddb',
  namespaces: [],
  tables,
  enums: [],
  unmanaged: [],
});
const int = { scalar: 'Int', native: 'INT' } as const;
const author: Table = {
  name: 'Author',
  columns: [{ name: 'id', type: int, nullable: false }],
  primaryKey: { columns: ['id'] },
  indexes: [],
  foreignKeys: [],
};
const post = (indexes: Index[], onDelete: 'Restrict' | 'NoAction' = 'Restrict'): Table => ({
  name: 'Post',
  columns: [
    { name: 'id', type: int, nullable: false },
    { name: 'authorId', type: int, nullable: false },
  ],
  primaryKey: { columns: ['id'] },
  indexes,
  foreignKeys: [
    {
      name: 'Post_authorId_fkey',
      columns: ['authorId'],
      referencedTable: 'Author',
      referencedColumns: ['id'],
      onDelete,
      onUpdate: 'Cascade',
    },
  ],
});

describe('DiffHooks.normalize: objects the database creates itself', () => {
  // MySQL: a foreign key whose columns no index starts with gets an index named after the key
  const impliedForeignKeyIndexes: DiffHooks['normalize'] = (schema) => ({
    ...schema,
    tables: schema.tables.map((table) => {
      const missing = table.foreignKeys.filter(
        (fk) => !table.indexes.some((ix) => fk.columns.every((c, i) => ix.columns[i]?.name === c)),
      );
      return missing.length === 0
        ? table
        : {
            ...table,
            indexes: [
              ...table.indexes,
              ...missing.map((fk) => ({
                name: fk.name!,
                unique: false,
                columns: fk.columns.map((name) => ({ name })),
              })),
            ],
          };
    }),
  });
  const live = ir([author, post([{ name: 'Post_authorId_fkey', unique: false, columns: [{ name: 'authorId' }] }])]);
  const declared = ir([author, post([])]);

  test('an index the database made for a foreign key is no drift', () => {
    expect(
      diff(live, declared)
        .flatMap((c) => (c.kind === 'AlterTable' ? c.changes : []))
        .map((c) => c.kind),
    ).toEqual(['DropIndex']);
    expect(diff(live, declared, { hooks: { normalize: impliedForeignKeyIndexes } })).toEqual([]);
  });
});

describe('DiffHooks.foreignKeyActionsEqual: equivalent actions', () => {
  const innodb: DiffHooks['foreignKeyActionsEqual'] = (a, b) =>
    a === b || (['Restrict', 'NoAction'].includes(a) && ['Restrict', 'NoAction'].includes(b));

  test('RESTRICT and NO ACTION are one action in InnoDB: no foreign key is re-created', () => {
    const restrict = ir([author, post([], 'Restrict')]);
    const noAction = ir([author, post([], 'NoAction')]);
    expect(
      diff(restrict, noAction)
        .flatMap((c) => (c.kind === 'AlterTable' ? c.changes : []))
        .map((c) => c.kind),
    ).toEqual(['DropForeignKey', 'AddForeignKey']);
    expect(diff(restrict, noAction, { hooks: { foreignKeyActionsEqual: innodb } })).toEqual([]);
  });
});

describe('provider notes about a table change', () => {
  test('are listed right after core warnings of that table change, before those of later changes', () => {
    const from = ir([
      author,
      { ...post([]), columns: [...post([]).columns, { name: 'old', type: int, nullable: true }] },
    ]);
    const to = ir([
      { ...author, indexes: [{ name: 'Author_id_key', unique: true, columns: [{ name: 'id' }] }] },
      post([]),
    ]);
    const changes = diff(from, to);
    const alterAuthor = changes.find((c) => c.kind === 'AlterTable' && c.name === 'Author');
    if (alterAuthor?.kind !== 'AlterTable') throw new Error('expected an AlterTable of Author');
    const warnings = withProviderNotes(
      lintChanges(changes, from, to),
      [
        { code: 'own-note', severity: 'review', message: 'A note about no table change.' },
        {
          code: 'index-lock',
          severity: 'review',
          message: 'Builds under a lock.',
          change: alterAuthor,
          tableChange: alterAuthor.changes[0]!,
        },
      ],
      changes,
    );
    // Author's unique index comes before Post's dropped column; the locking note goes with the index
    expect(warnings.map((w) => w.code)).toEqual([
      'add-unique-over-duplicates',
      'index-lock',
      'drop-column',
      'own-note',
    ]);
    expect(warnings[1]?.tableChange).toBe(alterAuthor.changes[0]);
  });
});

describe('capability flags', () => {
  const srcDir = new URL('../src/', import.meta.url).pathname;
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
    });
  const contract = readFileSync(join(srcDir, 'provider/contract.ts'), 'utf8');
  const body = /export interface Capabilities \{([\s\S]*?)\n\}/.exec(contract)?.[1] ?? '';
  const keys = [...body.matchAll(/^ {2}readonly (\w+)\??:/gm)].map((m) => m[1]!);
  // code outside the contract, and outside test kits, that reads `capabilities.<flag>`
  const code = files(srcDir)
    .filter((f) => !f.endsWith('provider/contract.ts') && !f.includes('/testing/'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const read = (key: string): boolean => new RegExp(`capabilities\\??\\.${key}\\b`).test(code);

  test('the contract lists the flags', () => {
    expect(keys).toEqual(expect.arrayContaining(['nativeEnums', 'partialIndexes', 'fulltextIndexes']));
    expect(keys).not.toContain('concurrentIndexes');
    expect(keys).not.toContain('rewritingTypeChanges');
  });

  test('every flag is read by core', () => {
    expect(keys.filter((key) => !read(key))).toEqual([]);
  });
});
