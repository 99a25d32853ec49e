import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import type { Change, DatabaseSchema, Statement } from '../src/index.js';
import {
  diff,
  isNarrowingChange,
  lintChanges,
  planMigration,
  renderMigrationScript,
  renderWarningsFile,
  warningCatalogue,
} from '../src/index.js';
import { corpusDir } from './corpus.js';
import { int, schema, table, text } from './helpers/ir-tables.js';

describe('lintChanges', () => {
  const from = schema(
    [
      table('User', [
        { name: 'old', type: text, nullable: true },
        { name: 'nick', type: { scalar: 'String', native: 'VARCHAR(255)' }, nullable: true },
        { name: 'role', type: { scalar: 'Enum', native: 'Role', enum: { name: 'Role' } }, nullable: false },
      ]),
      table('Gone', []),
    ],
    [{ name: 'Role', values: ['A', 'B'] }],
  );
  const to = schema(
    [
      table(
        'User',
        [
          { name: 'nick', type: { scalar: 'String', native: 'VARCHAR(32)' }, nullable: false },
          { name: 'role', type: { scalar: 'Enum', native: 'Role', enum: { name: 'Role' } }, nullable: false },
          { name: 'required', type: int, nullable: false },
          { name: 'counted', type: int, nullable: false, default: { kind: 'number', value: '0' } },
        ],
        { indexes: [{ name: 'User_nick_key', unique: true, columns: [{ name: 'nick' }] }] },
      ),
    ],
    [{ name: 'Role', values: ['A'] }],
  );

  test('every risky change gets its code, severity, location and a message that says what to do', () => {
    const warnings = lintChanges(diff(from, to), from, to);
    expect(warnings.map((w) => [w.code, w.severity, w.table ?? null, w.column ?? null])).toEqual([
      ['remove-enum-value', 'would-fail', null, null],
      ['drop-table', 'data-loss', 'Gone', null],
      ['drop-column', 'data-loss', 'User', 'old'],
      ['add-required-column-no-default', 'would-fail', 'User', 'required'],
      ['narrow-type', 'data-loss', 'User', 'nick'],
      ['make-required-with-nulls', 'would-fail', 'User', 'nick'],
      ['add-unique-over-duplicates', 'would-fail', 'User', null],
    ]);
    for (const w of warnings) expect(w.change).toBeDefined();
    expect(warnings[3]?.message).toContain('Give the column a @default');
  });

  test('a column with a default that becomes required is backfilled, not blocked', () => {
    const nullableNote = { name: 'note', type: { scalar: 'String', native: 'TEXT' }, nullable: true } as const;
    const before = schema([table('Post', [nullableNote])], []);
    const after = schema(
      [table('Post', [{ ...nullableNote, nullable: false, default: { kind: 'string', value: '' } }])],
      [],
    );
    const warnings = lintChanges(diff(before, after), before, after);
    expect(warnings.map((w) => [w.code, w.severity])).toEqual([['backfill-nulls-with-default', 'review']]);
    // a type change at the same time keeps the blocking rule: the default may not fit the old type
    const retyped = schema(
      [
        table('Post', [
          {
            ...nullableNote,
            type: { scalar: 'String', native: 'VARCHAR(10)' },
            nullable: false,
            default: { kind: 'string', value: '' },
          },
        ]),
      ],
      [],
    );
    expect(lintChanges(diff(before, retyped), before, retyped).map((w) => w.code)).toContain(
      'make-required-with-nulls',
    );
  });

  test('declined renames become possible-rename; no locking warnings without the capability', () => {
    const warnings = lintChanges([], from, to, {
      declinedRenames: [{ kind: 'column', table: 'User', from: 'old', to: 'new' }],
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'possible-rename', severity: 'review', table: 'User', column: 'old' });
    expect(warnings[0]?.message).toContain('column User.old → new');
  });

  test('every catalogue code is documented in docs/lint.md', () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, '../../../docs/lint.md'), 'utf8');
    for (const definition of warningCatalogue()) expect(doc).toContain(`\`${definition.code}\``);
  });
});

describe('isNarrowingChange', () => {
  const t = (scalar: string, native: string) => ({ scalar, native }) as Parameters<typeof isNarrowingChange>[0];
  test.each([
    [t('String', 'VARCHAR(255)'), t('String', 'VARCHAR(32)'), true],
    [t('String', 'VARCHAR(32)'), t('String', 'VARCHAR(255)'), false],
    [t('String', 'VARCHAR(32)'), t('String', 'TEXT'), false],
    [t('String', 'TEXT'), t('String', 'VARCHAR(10)'), true],
    [t('Int', 'INTEGER'), t('BigInt', 'BIGINT'), false],
    [t('BigInt', 'BIGINT'), t('Int', 'INTEGER'), true],
    [t('String', 'TEXT'), t('Int', 'INTEGER'), true],
    [t('Decimal', 'DECIMAL(10,2)'), t('Decimal', 'DECIMAL(12,2)'), false],
    [t('Decimal', 'DECIMAL(10,2)'), t('Decimal', 'DECIMAL(10,4)'), true],
    // widenings into a bounded type, and string types with a format of their own
    [t('Int', 'INTEGER'), t('Decimal', 'DECIMAL(65,30)'), false],
    [t('Int', 'INTEGER'), t('Decimal', 'DECIMAL(5,2)'), true],
    [t('BigInt', 'BIGINT'), t('Decimal', 'DECIMAL(20,0)'), false],
    [t('BigInt', 'BIGINT'), t('Decimal', 'DECIMAL(20,2)'), true],
    [t('String', 'TEXT'), t('String', 'UUID'), true],
    [t('String', 'TEXT'), t('String', 'INET'), true],
    [t('String', 'UUID'), t('String', 'TEXT'), false],
    [t('String', 'TEXT'), t('String', 'CITEXT'), false],
    [t('Int', 'INTEGER'), t('String', 'TEXT'), false],
    [t('Int', 'INTEGER'), t('String', 'UUID'), true],
  ])('%j -> %j narrows: %s', (from, to, expected) => {
    expect(isNarrowingChange(from, to)).toBe(expected);
  });
});

describe('renderMigrationScript', () => {
  const source: Change = { kind: 'CreateNamespace', name: 'x' };
  const statements: Statement[] = [
    { step: 'AlterTable', sql: 'ALTER TABLE "Account" ADD COLUMN     "password" TEXT;', source },
    { step: 'AlterTable', sql: 'ALTER TABLE "Session" DROP COLUMN "expires";', source },
  ];

  test("reproduces Prisma's layout byte for byte (documenso's add_session_fields header and steps)", () => {
    const dir = corpusDir();
    if (dir === undefined) return;
    const file = path.join(dir, 'documenso__documenso/migrations/20250217120859_add_session_fields/migration.sql');
    const prisma = readFileSync(file, 'utf8');
    const header = /^\/\*\n {2}Warnings:\n\n((?: {2}- .*\n)+)\n\*\/\n/.exec(prisma)!;
    const messages = header[1]!
      .trimEnd()
      .split('\n')
      .map((l) => l.slice(4));
    const bodies = prisma
      .slice(header[0].length)
      .trimEnd()
      .split('\n\n')
      .map((block) => {
        const [comment, ...sql] = block.split('\n');
        return { step: comment!.slice(3), sql: sql.join('\n'), source };
      });
    const warnings = messages.map((message) => ({ code: 'x', severity: 'data-loss' as const, message }));
    expect(renderMigrationScript(bodies, warnings)).toBe(prisma);
  });

  test('no warnings: no header; a statement outside transactions adds the marker', () => {
    expect(renderMigrationScript(statements)).toBe(
      '-- AlterTable\nALTER TABLE "Account" ADD COLUMN     "password" TEXT;\n\n-- AlterTable\nALTER TABLE "Session" DROP COLUMN "expires";\n',
    );
    const concurrent = [
      { step: 'CreateIndex', sql: 'CREATE INDEX CONCURRENTLY "i" ON "t"("c");', source, transactional: false },
    ];
    expect(renderMigrationScript(concurrent).split('\n')[0]).toBe('-- strata:no-transaction');
    expect(renderMigrationScript([])).toBe('-- This is an empty migration.\n');
  });

  test('counted rows end the warning in the header, as in warnings.txt; uncounted warnings stay as Prisma writes them', () => {
    const warnings = [
      { code: 'drop-column', severity: 'data-loss' as const, message: 'Drops `expires`.', rows: 3 },
      { code: 'drop-column', severity: 'data-loss' as const, message: 'Drops `token`.', rows: 1 },
      { code: 'drop-table', severity: 'data-loss' as const, message: 'Drops `Old`.' },
    ];
    const header = renderMigrationScript(statements, warnings).split('*/')[0];
    expect(header).toBe(
      '/*\n  Warnings:\n\n  - Drops `expires`. (3 rows)\n  - Drops `token`. (1 row)\n  - Drops `Old`.\n\n',
    );
    for (const line of renderWarningsFile(warnings)!.trimEnd().split('\n'))
      expect(header).toContain(`  - ${line.replace(/^\S+ \[[a-z-]+\] /, '')}\n`);
  });
});

describe('planMigration', () => {
  test('assembles statements, lint and provider notes', async () => {
    const from = schema([table('T', [])]);
    const to = schema([]);
    const plan = await planMigration({
      from,
      to,
      renames: [],
      provider: {
        capabilities: {
          transactionalDdl: true,
          nativeEnums: false,
          scalarLists: false,
          namespaces: false,
          foreignKeys: true,
          partialIndexes: false,
          maxIdentifierLength: 63,
        },
        emit: (cs) => cs.map((c) => ({ step: 'DropTable', sql: `-- ${c.kind}`, source: c })),
        explain: () => [
          { code: 'sqlite-table-rebuild', severity: 'data-loss', message: 'T is rebuilt.', rebuild: true },
        ],
      },
    });
    expect(plan.warnings.map((w) => w.code)).toEqual(['drop-table', 'sqlite-table-rebuild']);
    expect(plan.rebuildRequired).toBe(true);
    expect(plan.transactional).toBe(true);
    expect(plan.script.startsWith('/*\n  Warnings:\n\n  - You are about to drop the `T` table')).toBe(true);
  });
});

describe('a type the database cannot convert (DiffHooks.convertsColumnType)', () => {
  const ts = { scalar: 'DateTime', native: 'TIMESTAMP(3)' } as const;
  const float = { scalar: 'Float', native: 'DOUBLE PRECISION' } as const;
  const withAt = (type: typeof ts | typeof float): DatabaseSchema =>
    schema([
      table('Event', [{ name: 'at', type, nullable: false }], {
        primaryKey: { name: 'Event_pkey', columns: ['id', 'at'] },
        indexes: [{ name: 'Event_at_idx', unique: false, columns: [{ name: 'at' }] }],
      }),
    ]);
  const hooks = { convertsColumnType: (a: { native: string }, b: { native: string }) => a.native === b.native };

  test('the column is dropped and added, with the keys and indexes over it; lint says so', () => {
    const from = withAt(ts);
    const to = withAt(float);
    const changes = diff(from, to, { hooks });
    const alter = changes[0];
    expect(alter?.kind).toBe('AlterTable');
    if (alter?.kind !== 'AlterTable') return;
    expect(alter.changes.map((c) => c.kind)).toEqual([
      'DropIndex',
      'DropPrimaryKey',
      'DropColumn',
      'AddColumn',
      'AddPrimaryKey',
      'CreateIndex',
    ]);
    const warnings = lintChanges(changes, from, to);
    expect(warnings.map((w) => [w.code, w.severity, w.column])).toEqual([
      ['drop-column', 'data-loss', 'at'],
      ['add-required-column-no-default', 'would-fail', 'at'],
    ]);
    expect(warnings[0]?.message).toContain('would be dropped and recreated');
    expect(warnings[0]?.message).toContain('from TIMESTAMP(3) to DOUBLE PRECISION');
    // without the hook (or when it converts): one AlterColumn
    expect(diff(from, to).flatMap((c) => (c.kind === 'AlterTable' ? c.changes.map((x) => x.kind) : []))).toEqual([
      'AlterColumn',
    ]);
  });
});
