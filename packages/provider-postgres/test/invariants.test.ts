/**
 * ARCHITECTURE.md section 4 as property tests on a real PostgreSQL database (fast-check, random valid
 * schemas from `@strata/core/testing`):
 *   1. round trip: emit(diff(empty, S)) applied, then introspected, gives S back;
 *   2. evolution: A applied and filled with rows, emit(diff(A, B)) applied: the database is B and
 *      every value of a column the migration did not change is still there, row for row;
 *   4. a migration that fails halfway leaves neither its schema changes nor a success row;
 *   6. every change that can drop data carries a `data-loss` warning (static and with row counts).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  type Change,
  type Column,
  type Connection,
  type DatabaseSchema,
  diff,
  emptySchema,
  type HistoryRow,
  planMigration,
  type RenameDecision,
} from '@strata/core';
import {
  announcesDataLoss,
  type CellValue,
  expectedDataLoss,
  insertionOrder,
  irDialectOf,
  preservedColumns,
  type Row,
  rowsFor,
  schemaArbitrary,
  schemaPairArbitrary,
} from '@strata/core/testing';
import { startTestPostgres, type TestPostgres } from '@strata/testkit';
import fc from 'fast-check';
import { provider } from '../src/index.js';

// Besides the scalar defaults: native types whose values the generated rows fit.
const dialect = irDialectOf(provider, [
  { scalar: 'String', nativeType: { name: 'VarChar', args: ['191'] } },
  { scalar: 'Int', nativeType: { name: 'SmallInt', args: [] } },
  { scalar: 'Float', nativeType: { name: 'Real', args: [] } },
  { scalar: 'Decimal', nativeType: { name: 'Decimal', args: ['10', '2'] } },
  { scalar: 'DateTime', nativeType: { name: 'Timestamptz', args: ['3'] } },
  { scalar: 'Json', nativeType: { name: 'Json', args: [] } },
]);
// STRATA_PROPERTY_RUNS raises the number of runs when hunting for bugs.
const NUM_RUNS = Number(process.env.STRATA_PROPERTY_RUNS ?? 15);
const TIMEOUT_MS = 180_000;

let pg: TestPostgres;
let connection: Connection;
beforeAll(async () => {
  pg = await startTestPostgres();
  connection = await provider.connect(pg.url);
});
afterAll(async () => {
  await connection?.close();
  await pg?.close();
});

/** One database per file: every run starts from an empty one. */
async function freshDatabase(): Promise<Connection> {
  await connection.reset();
  return connection;
}

function historyRow(name: string): HistoryRow {
  return {
    id: randomUUID(),
    migrationName: name,
    checksum: 'c'.repeat(64),
    provider: 'postgresql',
    startedAt: new Date(),
    appliedStepsCount: 0,
    rebuildRequired: false,
    kind: 'apply',
  };
}

function changesBetween(from: DatabaseSchema, to: DatabaseSchema, renames: readonly RenameDecision[] = []): Change[] {
  return diff(from, to, { hooks: provider.diffHooks, renames });
}

function scriptOf(from: DatabaseSchema, to: DatabaseSchema, changes: readonly Change[]): string {
  return provider
    .emit(changes, { from, to })
    .map((s) => `-- ${s.step}\n${s.sql}`)
    .join('\n\n');
}

async function applyScript(connection: Connection, name: string, sql: string) {
  return connection.apply({ name, sql, transactional: true }, historyRow(name));
}

/** The differences between the live database and `expected`, both ways (empty when equal). */
async function differencesFrom(connection: Connection, expected: DatabaseSchema): Promise<Change[]> {
  const live = await connection.introspect();
  return [...changesBetween(live, expected), ...changesBetween(expected, live)];
}

async function create(connection: Connection, schema: DatabaseSchema): Promise<void> {
  const empty = emptySchema('postgresql', provider.defaultNamespaces);
  const result = await applyScript(connection, 'create', scriptOf(empty, schema, changesBetween(empty, schema)));
  if (!result.ok) throw new Error(`creating the schema failed: ${result.error}`);
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A neutral cell as a PostgreSQL literal. */
function literal(value: CellValue, column: Column): string {
  if (value === null) return 'NULL';
  switch (column.type.scalar) {
    case 'Boolean':
      return value === true ? 'true' : 'false';
    case 'Int':
    case 'Float':
    case 'BigInt':
      return String(value);
    case 'Bytes':
      return `'\\x${String(value)}'`;
    default:
      return `'${String(value).replace(/'/g, "''")}'`;
  }
}

async function insertRows(connection: Connection, schema: DatabaseSchema, rows: Map<string, Row[]>): Promise<void> {
  const statements: string[] = [];
  for (const table of insertionOrder(schema)) {
    for (const row of rows.get(table.name) ?? []) {
      const columns = table.columns.filter((c) => c.name in row);
      statements.push(
        `INSERT INTO ${quoteIdent(table.name)} (${columns.map((c) => quoteIdent(c.name)).join(', ')}) VALUES (${columns
          .map((c) => literal(row[c.name] ?? null, c))
          .join(', ')});`,
      );
    }
  }
  if (statements.length > 0) await connection.execute(statements.join('\n'));
}

/** Every table's rows keyed by primary key, as the driver returns them. */
async function snapshot(connection: Connection, schema: DatabaseSchema): Promise<Map<string, Map<string, Row>>> {
  const result = new Map<string, Map<string, Row>>();
  for (const table of schema.tables) {
    const key = table.primaryKey?.columns ?? [];
    const rows = await connection.query<Row>(`SELECT * FROM ${quoteIdent(table.name)}`);
    result.set(table.name, new Map(rows.map((r) => [JSON.stringify(key.map((k) => r[k])), r])));
  }
  return result;
}

describe('invariant 1: round trip on PostgreSQL', () => {
  test(
    'applying diff(empty, S) and introspecting gives S back',
    async () => {
      await fc.assert(
        fc.asyncProperty(schemaArbitrary(dialect), async (schema) => {
          const connection = await freshDatabase();
          await create(connection, schema);
          expect(await differencesFrom(connection, schema)).toEqual([]);
        }),
        { numRuns: NUM_RUNS },
      );
    },
    TIMEOUT_MS,
  );
});

const rowCounts = fc.array(fc.nat(4), { minLength: 1, maxLength: 5 });

describe('invariant 2 and 6: evolution with rows on PostgreSQL', () => {
  test(
    'after diff(A, B) the database is B, kept columns keep every value, and data loss was announced',
    async () => {
      await fc.assert(
        fc.asyncProperty(schemaPairArbitrary(dialect), rowCounts, fc.nat(), async (pair, counts, seed) => {
          const connection = await freshDatabase();
          await create(connection, pair.from);
          await insertRows(connection, pair.from, rowsFor(pair.from, counts, seed));
          const before = await snapshot(connection, pair.from);

          const changes = changesBetween(pair.from, pair.to, pair.renames);
          const plan = await planMigration({
            from: pair.from,
            to: pair.to,
            changes,
            provider,
            inspector: connection.inspect,
          });
          const result = await applyScript(connection, 'evolve', plan.script);
          if (!result.ok) {
            // Only a migration announced as failing against this data may fail, and then atomically.
            // (would-fail, or a narrowing type change: "values that do not fit ... make the migration fail").
            expect(plan.warnings.filter((w) => w.severity === 'would-fail' || w.code === 'narrow-type')).not.toEqual(
              [],
            );
            expect(await differencesFrom(connection, pair.from)).toEqual([]);
            expect(await snapshot(connection, pair.from)).toEqual(before);
            return;
          }
          expect(await differencesFrom(connection, pair.to)).toEqual([]);

          const after = await snapshot(connection, pair.to);
          for (const [table, columns] of preservedColumns(pair.from, pair.to, changes)) {
            const old = before.get(table) ?? new Map<string, Row>();
            const now = after.get(table) ?? new Map<string, Row>();
            expect([...now.keys()].sort()).toEqual([...old.keys()].sort());
            for (const [key, row] of old) {
              const kept = Object.fromEntries(columns.map(([a, b]) => [b, row[a]]));
              const found = Object.fromEntries(columns.map(([, b]) => [b, now.get(key)?.[b]]));
              expect({ table, key, ...found }).toEqual({ table, key, ...kept });
            }
          }

          // Invariant 6 with row counts: whatever held data and was destroyed was announced.
          for (const loss of expectedDataLoss(pair.from, changes, [])) {
            const rows = [...(before.get(loss.table)?.values() ?? [])];
            const held = rows.some((r) => loss.column === undefined || (r[loss.column] ?? null) !== null);
            if (held && !announcesDataLoss(plan.warnings, loss))
              throw new Error(`no data-loss warning for ${JSON.stringify(loss)}: ${JSON.stringify(plan.warnings)}`);
          }
        }),
        { numRuns: NUM_RUNS },
      );
    },
    TIMEOUT_MS,
  );
});

describe('invariant 4: a migration and its history row commit together on PostgreSQL', () => {
  test(
    'a statement failing after others succeeded leaves the schema, the rows and no success row',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          schemaPairArbitrary(dialect),
          rowCounts,
          fc.nat(),
          fc.nat(),
          async (pair, counts, seed, at) => {
            const changes = changesBetween(pair.from, pair.to, pair.renames);
            const statements = provider.emit(changes, { from: pair.from, to: pair.to });
            fc.pre(statements.length > 0);
            const connection = await freshDatabase();
            await create(connection, pair.from);
            await insertRows(connection, pair.from, rowsFor(pair.from, counts, seed));
            const before = await snapshot(connection, pair.from);
            const failing = { step: 'Fails', sql: 'INSERT INTO "no_such_table" ("x") VALUES (1);' };
            const position = 1 + (at % statements.length);
            const parts = [...statements.slice(0, position), failing, ...statements.slice(position)];
            const sql = parts.map((s) => `-- ${s.step}\n${s.sql}`).join('\n\n');

            const row = historyRow('halfway');
            const result = await connection.apply({ name: row.migrationName, sql, transactional: true }, row);
            expect(result.ok).toBe(false);
            expect(await differencesFrom(connection, pair.from)).toEqual([]);
            expect(await snapshot(connection, pair.from)).toEqual(before);
            const recorded = (await connection.history.list()).filter((r) => r.migrationName === 'halfway');
            expect(recorded.filter((r) => r.finishedAt !== undefined)).toEqual([]);
            expect(recorded).toHaveLength(1);
            // The error is the failing statement's, or an earlier one's when the data made that fail first.
            expect(recorded[0]?.logs ?? '').not.toBe('');
          },
        ),
        { numRuns: NUM_RUNS },
      );
    },
    TIMEOUT_MS,
  );
});

describe('invariant 6: nothing is lost silently (static plan) on PostgreSQL', () => {
  test('every drop, lossy type change and enum value removal carries a data-loss warning', async () => {
    await fc.assert(
      fc.asyncProperty(
        schemaPairArbitrary(dialect, { lossyTypeChanges: true, removeEnumValues: true, maxMutations: 6 }),
        async (pair) => {
          const changes = changesBetween(pair.from, pair.to, pair.renames);
          const plan = await planMigration({ from: pair.from, to: pair.to, changes, provider });
          for (const loss of expectedDataLoss(pair.from, changes, [])) {
            if (!announcesDataLoss(plan.warnings, loss))
              throw new Error(`no data-loss warning for ${JSON.stringify(loss)}: ${JSON.stringify(plan.warnings)}`);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
