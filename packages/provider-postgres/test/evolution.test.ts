/**
 * Evolution with data: a table holding rows goes from A to B (and back) through emitted SQL;
 * the database then equals B, and values in columns the change did not touch are still there.
 */

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Change, Column, Database, EnumType, Table, TableChange } from '@strata/core';
import { openDatabase } from '@strata/core';
import { startTestPostgres, type TestPostgres } from '@strata/testkit';
import { emitPostgres } from '../src/emit.js';
import provider from '../src/index.js';
import { expectSameSchema } from './compare.js';
import { col, enumCol, schema } from './fixtures.js';

let pg: TestPostgres;
let db: Database;
beforeAll(async () => {
  pg = await startTestPostgres();
  db = await openDatabase(provider, pg.url);
});
afterAll(async () => {
  await db?.close();
  await pg?.close();
});

const mood: EnumType = { name: 'Mood', values: ['sad', 'ok', 'happy'] };
const base: Table = {
  name: 'item',
  columns: [
    col('id', 'INTEGER', { autoincrement: true }),
    col('keep', 'TEXT'),
    col('code', 'TEXT', { nullable: true }),
    col('label', 'VARCHAR(10)', { nullable: true }),
    enumCol('mood', 'Mood', { default: { kind: 'enum', value: 'ok' } }),
  ],
  primaryKey: { name: 'item_pkey', columns: ['id'] },
  indexes: [],
  foreignKeys: [],
};

const withColumns = (t: Table, columns: Column[]): Table => ({ ...t, columns });
const replaceColumn = (t: Table, name: string, c: Column): Table =>
  withColumns(
    t,
    t.columns.map((x) => (x.name === name ? c : x)),
  );
const alter = (from: Table, to: Table, changes: TableChange[]): Change => ({
  kind: 'AlterTable',
  name: to.name,
  from,
  to,
  changes,
});
const column = (t: Table, name: string): Column => t.columns.find((c) => c.name === name)!;
const alterColumn = (
  from: Table,
  to: Table,
  name: string,
  changed: ('type' | 'nullability' | 'default' | 'autoincrement')[],
): Change => alter(from, to, [{ kind: 'AlterColumn', name, from: column(from, name), to: column(to, name), changed }]);

interface Scenario {
  readonly name: string;
  readonly a: Table;
  readonly b: Table;
  readonly enumsA?: EnumType[];
  readonly enumsB?: EnumType[];
  readonly forward: Change[];
  readonly backward: Change[];
}

const codeInt = replaceColumn(base, 'code', { ...column(base, 'code'), type: { scalar: 'Int', native: 'INTEGER' } });
const labelWide = replaceColumn(base, 'label', {
  ...column(base, 'label'),
  type: { scalar: 'String', native: 'VARCHAR(20)' },
});
const codeRequired = replaceColumn(base, 'code', { ...column(base, 'code'), nullable: false });
const codeDefault = replaceColumn(base, 'code', { ...column(base, 'code'), default: { kind: 'string', value: 'n/a' } });
const bigId = replaceColumn(base, 'id', { ...column(base, 'id'), type: { scalar: 'BigInt', native: 'BIGINT' } });
const plainId = replaceColumn(base, 'id', { ...column(base, 'id'), autoincrement: false });
const added = withColumns(base, [...base.columns, col('extra', 'JSONB', { nullable: true })]);
const renamed = replaceColumn(base, 'code', { ...column(base, 'code'), name: 'ref' });
const indexed: Table = {
  ...base,
  indexes: [
    { name: 'item_code_label_idx', unique: false, columns: [{ name: 'code' }, { name: 'label', sort: 'desc' }] },
  ],
};
const unique: Table = { ...base, indexes: [{ name: 'item_keep_key', unique: true, columns: [{ name: 'keep' }] }] };
const partial: Table = {
  ...base,
  indexes: [{ name: 'item_code_idx', unique: false, columns: [{ name: 'code' }], where: 'code IS NOT NULL' }],
};
const noPk: Table = { ...base, primaryKey: undefined };
const compositePk: Table = { ...base, primaryKey: { name: 'item_pkey', columns: ['id', 'keep'] } };
const moodPlus: EnumType = { name: 'Mood', values: ['sad', 'ok', 'happy', 'ecstatic'] };
const moodRenamed: EnumType = { name: 'Mood', values: ['sad', 'fine', 'happy'] };
const moodLess: EnumType = { name: 'Mood', values: ['ok', 'happy'] };
const baseFineDefault = replaceColumn(base, 'mood', {
  ...column(base, 'mood'),
  default: { kind: 'enum', value: 'fine' },
});
const renamedTable: Table = { ...base, name: 'thing', primaryKey: { name: 'thing_pkey', columns: ['id'] } };
const moodText = replaceColumn(base, 'mood', {
  name: 'mood',
  type: { scalar: 'String', native: 'TEXT' },
  nullable: false,
  default: { kind: 'string', value: 'ok' },
});

const pairs: Scenario[] = [
  {
    name: 'add column',
    a: base,
    b: added,
    forward: [alter(base, added, [{ kind: 'AddColumn', column: column(added, 'extra') }])],
    backward: [alter(added, base, [{ kind: 'DropColumn', column: column(added, 'extra') }])],
  },
  {
    name: 'rename column',
    a: base,
    b: renamed,
    forward: [alter(base, renamed, [{ kind: 'RenameColumn', from: 'code', to: 'ref' }])],
    backward: [alter(renamed, base, [{ kind: 'RenameColumn', from: 'ref', to: 'code' }])],
  },
  {
    name: 'TEXT <-> INTEGER (USING cast)',
    a: base,
    b: codeInt,
    forward: [alterColumn(base, codeInt, 'code', ['type'])],
    backward: [alterColumn(codeInt, base, 'code', ['type'])],
  },
  {
    name: 'VARCHAR(10) <-> VARCHAR(20)',
    a: base,
    b: labelWide,
    forward: [alterColumn(base, labelWide, 'label', ['type'])],
    backward: [alterColumn(labelWide, base, 'label', ['type'])],
  },
  {
    name: 'optional <-> required',
    a: base,
    b: codeRequired,
    forward: [alterColumn(base, codeRequired, 'code', ['nullability'])],
    backward: [alterColumn(codeRequired, base, 'code', ['nullability'])],
  },
  {
    name: 'set <-> drop default',
    a: base,
    b: codeDefault,
    forward: [alterColumn(base, codeDefault, 'code', ['default'])],
    backward: [alterColumn(codeDefault, base, 'code', ['default'])],
  },
  {
    name: 'autoincrement Int <-> BigInt',
    a: base,
    b: bigId,
    forward: [alterColumn(base, bigId, 'id', ['type'])],
    backward: [alterColumn(bigId, base, 'id', ['type'])],
  },
  {
    name: 'drop <-> add autoincrement',
    a: base,
    b: plainId,
    forward: [alterColumn(base, plainId, 'id', ['autoincrement'])],
    backward: [alterColumn(plainId, base, 'id', ['autoincrement'])],
  },
  {
    name: 'create <-> drop index (sort)',
    a: base,
    b: indexed,
    forward: [alter(base, indexed, [{ kind: 'CreateIndex', index: indexed.indexes[0]! }])],
    backward: [alter(indexed, base, [{ kind: 'DropIndex', index: indexed.indexes[0]! }])],
  },
  {
    name: 'create <-> drop unique index',
    a: base,
    b: unique,
    forward: [alter(base, unique, [{ kind: 'CreateIndex', index: unique.indexes[0]! }])],
    backward: [alter(unique, base, [{ kind: 'DropIndex', index: unique.indexes[0]! }])],
  },
  {
    name: 'create <-> drop partial index',
    a: base,
    b: partial,
    forward: [alter(base, partial, [{ kind: 'CreateIndex', index: partial.indexes[0]! }])],
    backward: [alter(partial, base, [{ kind: 'DropIndex', index: partial.indexes[0]! }])],
  },
  {
    name: 'drop <-> add primary key',
    a: base,
    b: noPk,
    forward: [alter(base, noPk, [{ kind: 'DropPrimaryKey', primaryKey: base.primaryKey! }])],
    backward: [alter(noPk, base, [{ kind: 'AddPrimaryKey', primaryKey: base.primaryKey! }])],
  },
  {
    name: 'primary key one <-> two columns',
    a: base,
    b: compositePk,
    forward: [
      alter(base, compositePk, [
        { kind: 'DropPrimaryKey', primaryKey: base.primaryKey! },
        { kind: 'AddPrimaryKey', primaryKey: compositePk.primaryKey! },
      ]),
    ],
    backward: [
      alter(compositePk, base, [
        { kind: 'DropPrimaryKey', primaryKey: compositePk.primaryKey! },
        { kind: 'AddPrimaryKey', primaryKey: base.primaryKey! },
      ]),
    ],
  },
  {
    name: 'rename table (and its primary key)',
    a: base,
    b: renamedTable,
    forward: [{ kind: 'RenameTable', from: 'item', to: 'thing' }],
    backward: [{ kind: 'RenameTable', from: 'thing', to: 'item' }],
  },
  {
    name: 'enum add <-> remove value',
    a: base,
    b: base,
    enumsB: [moodPlus],
    forward: [
      { kind: 'AlterEnum', from: mood, to: moodPlus, addValues: ['ecstatic'], removeValues: [], renameValues: [] },
    ],
    backward: [
      { kind: 'AlterEnum', from: moodPlus, to: mood, addValues: [], removeValues: ['ecstatic'], renameValues: [] },
    ],
  },
  {
    name: 'enum rename value',
    a: base,
    b: baseFineDefault,
    enumsB: [moodRenamed],
    forward: [
      {
        kind: 'AlterEnum',
        from: mood,
        to: moodRenamed,
        addValues: [],
        removeValues: [],
        renameValues: [{ from: 'ok', to: 'fine' }],
      },
      alterColumn(base, baseFineDefault, 'mood', ['default']),
    ],
    backward: [
      {
        kind: 'AlterEnum',
        from: moodRenamed,
        to: mood,
        addValues: [],
        removeValues: [],
        renameValues: [{ from: 'fine', to: 'ok' }],
      },
      alterColumn(baseFineDefault, base, 'mood', ['default']),
    ],
  },
  {
    name: 'enum column <-> text column',
    a: base,
    b: moodText,
    enumsB: [mood],
    forward: [alterColumn(base, moodText, 'mood', ['type', 'default'])],
    backward: [alterColumn(moodText, base, 'mood', ['type', 'default'])],
  },
];
// removing a value while rows use only other values
const scenarios: Scenario[] = [
  ...pairs,
  {
    name: 'enum remove unused value (type swap)',
    a: base,
    b: base,
    enumsB: [moodLess],
    forward: [{ kind: 'AlterEnum', from: mood, to: moodLess, addValues: [], removeValues: ['sad'], renameValues: [] }],
    backward: [{ kind: 'AlterEnum', from: moodLess, to: mood, addValues: ['sad'], removeValues: [], renameValues: [] }],
  },
];

async function applyChanges(
  name: string,
  changes: Change[],
  from: Table,
  to: Table,
  enumsFrom: EnumType[],
  enumsTo: EnumType[],
) {
  const statements = emitPostgres(changes, { from: schema([from], enumsFrom), to: schema([to], enumsTo) });
  const sql = statements.map((s) => s.sql).join('\n\n');
  const transactional = statements.every((s) => s.transactional !== false);
  const result = await db.apply(
    { name, sql: transactional ? sql : `-- strata:no-transaction\n${sql}`, transactional },
    {
      id: randomUUID(),
      migrationName: name,
      checksum: '0'.repeat(64),
      provider: 'postgresql',
      startedAt: new Date(),
      appliedStepsCount: 0,
      rebuildRequired: false,
      kind: 'apply',
    },
  );
  if (!result.ok) throw new Error(`${name}: ${result.error}\n${sql}`);
}

const ROWS = [
  { keep: 'alpha', code: '1', label: 'a', mood: 'ok' },
  { keep: 'beta', code: '22', label: 'bb', mood: 'happy' },
  { keep: 'gamma', code: '333', label: null, mood: 'ok' },
];

describe('evolution with data', () => {
  for (const s of scenarios) {
    for (const direction of ['forward', 'backward'] as const) {
      test(`${s.name} (${direction})`, async () => {
        const [from, to] = direction === 'forward' ? [s.a, s.b] : [s.b, s.a];
        const [enumsFrom, enumsTo] =
          direction === 'forward' ? [s.enumsA ?? [mood], s.enumsB ?? [mood]] : [s.enumsB ?? [mood], s.enumsA ?? [mood]];
        await db.reset();
        const create: Change[] = [
          ...enumsFrom.map((e): Change => ({ kind: 'CreateEnum', enum: e })),
          { kind: 'CreateTable', table: from },
        ];
        await applyChanges('init', create, from, from, [], enumsFrom);
        const moodCol = from.columns.find((c) => c.name === 'mood')!;
        const codeCol = from.columns.find((c) => c.name === 'code' || c.name === 'ref')!;
        for (const [i, r] of ROWS.entries()) {
          const moodValue = moodCol.type.scalar === 'Enum' && !enumsFrom[0]!.values.includes(r.mood) ? 'fine' : r.mood;
          await db.query(
            `INSERT INTO "${from.name}" ("id", "keep", "${codeCol.name}", "label", "mood") VALUES ($1, $2, $3, $4, $5)`,
            [i + 1, r.keep, r.code === null ? (codeCol.nullable ? null : '0') : r.code, r.label, moodValue],
          );
        }
        await applyChanges(
          `${s.name} ${direction}`,
          direction === 'forward' ? s.forward : s.backward,
          from,
          to,
          enumsFrom,
          enumsTo,
        );
        expectSameSchema(await db.introspect(), schema([to], enumsTo));
        const kept = await db.query<{ keep: string }>(`SELECT "keep" FROM "${to.name}" ORDER BY "keep"`);
        expect(kept.map((k) => k.keep)).toEqual(['alpha', 'beta', 'gamma']);
      });
    }
  }
});
