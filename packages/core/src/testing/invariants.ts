/**
 * `describeInvariants`: the invariants of docs/architecture.md#invariants as property tests on a
 * provider's real database (fast-check, random valid schemas from `./arbitraries.ts`):
 *   1. round trip: emit(diff(empty, S)) applied, then introspected, gives S back;
 *   2. evolution: A applied and filled with rows, emit(diff(A, B)) applied: the database is B and
 *      every value of a column the migration did not change is still there, row for row;
 *   4. a migration that fails halfway leaves neither its schema changes nor a success row;
 *   6. every change that can drop data carries a `data-loss` warning (static and with row counts).
 *
 * The properties are the same for every provider; what differs is how a test gets an empty
 * database, how a neutral cell is written as a SQL literal, and which tables a script rebuilds.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { Database } from '../database/database.js';
import type { Change } from '../diff/changes.js';
import { diff } from '../diff/differ.js';
import type { RenameDecision } from '../diff/renames.js';
import type { HistoryRow } from '../migrations/history-row.js';
import { planMigration } from '../plan/plan.js';
import type { Provider } from '../provider/contract.js';
import { type Column, type DatabaseSchema, emptySchema } from '../sql/ir.js';
import {
  announcesDataLoss,
  type CellValue,
  expectedDataLoss,
  type IrDialect,
  insertionOrder,
  preservedColumns,
  type Row,
  rowsFor,
  schemaArbitrary,
  schemaPairArbitrary,
} from './arbitraries.js';

export interface InvariantsTarget {
  readonly provider: Provider;
  /** The database's name in test titles ("PostgreSQL", "SQLite"). */
  readonly label: string;
  /** The types the generated schemas use (`irDialectOf(provider, ...)`). */
  readonly dialect: IrDialect;
  /** fast-check runs of the properties that touch the database. */
  readonly numRuns: number;
  readonly timeoutMs: number;
  /** Runs `body` on an empty database, and releases it afterwards (close, or leave for the next reset). */
  withEmptyDatabase(body: (connection: Database) => Promise<void>): Promise<void>;
  /** A neutral cell (from `rowsFor`) as a SQL literal of this dialect. */
  literal(value: CellValue, column: Column): string;
  /** Tables a migration script rebuilds (their data is at risk too); none by default. */
  rebuiltTables?(script: string): string[];
  /** The title of the static data-loss test (it names what this provider must announce). */
  readonly staticDataLossTitle: string;
}

function historyRow(provider: string, name: string): HistoryRow {
  return {
    id: randomUUID(),
    migrationName: name,
    checksum: 'c'.repeat(64),
    provider,
    startedAt: new Date(),
    appliedStepsCount: 0,
    rebuildRequired: false,
    kind: 'apply',
  };
}

/** Every table's rows keyed by primary key, as the driver returns them. */
async function snapshot(
  connection: Database,
  schema: DatabaseSchema,
  quoteIdent: (name: string) => string,
): Promise<Map<string, Map<string, Row>>> {
  const result = new Map<string, Map<string, Row>>();
  for (const table of schema.tables) {
    const key = table.primaryKey?.columns ?? [];
    const rows = await connection.query<Row>(`SELECT * FROM ${quoteIdent(table.name)}`);
    result.set(table.name, new Map(rows.map((r) => [JSON.stringify(key.map((k) => r[k])), r])));
  }
  return result;
}

const rowCounts = fc.array(fc.nat(4), { minLength: 1, maxLength: 5 });

export function describeInvariants(target: InvariantsTarget): void {
  const { provider, label, dialect, numRuns, timeoutMs } = target;
  const quoteIdent = (name: string): string => provider.quoteIdentifier(name);
  const rebuiltTables = (script: string): string[] => target.rebuiltTables?.(script) ?? [];

  const changesBetween = (
    from: DatabaseSchema,
    to: DatabaseSchema,
    renames: readonly RenameDecision[] = [],
  ): Change[] => diff(from, to, { hooks: provider.diffHooks, renames });

  const scriptOf = (from: DatabaseSchema, to: DatabaseSchema, changes: readonly Change[]): string =>
    provider
      .emit(changes, { from, to })
      .map((s) => `-- ${s.step}\n${s.sql}`)
      .join('\n\n');

  const applyScript = (connection: Database, name: string, sql: string) =>
    connection.apply({ name, sql, transactional: true }, historyRow(provider.id, name));

  /** The differences between the live database and `expected`, both ways (empty when equal). */
  const differencesFrom = async (connection: Database, expected: DatabaseSchema): Promise<Change[]> => {
    const live = await connection.introspect();
    return [...changesBetween(live, expected), ...changesBetween(expected, live)];
  };

  const create = async (connection: Database, schema: DatabaseSchema): Promise<void> => {
    const empty = emptySchema(provider.id);
    const result = await applyScript(connection, 'create', scriptOf(empty, schema, changesBetween(empty, schema)));
    if (!result.ok) throw new Error(`creating the schema failed: ${result.error}`);
  };

  const insertRows = async (connection: Database, schema: DatabaseSchema, rows: Map<string, Row[]>) => {
    const statements: string[] = [];
    for (const table of insertionOrder(schema)) {
      for (const row of rows.get(table.name) ?? []) {
        const columns = table.columns.filter((c) => c.name in row);
        statements.push(
          `INSERT INTO ${quoteIdent(table.name)} (${columns.map((c) => quoteIdent(c.name)).join(', ')}) VALUES (${columns
            .map((c) => target.literal(row[c.name] ?? null, c))
            .join(', ')});`,
        );
      }
    }
    if (statements.length > 0) await connection.execute(statements.join('\n'));
  };

  describe(`invariant 1: round trip on ${label}`, () => {
    test(
      'applying diff(empty, S) and introspecting gives S back',
      async () => {
        await fc.assert(
          fc.asyncProperty(schemaArbitrary(dialect), (schema) =>
            target.withEmptyDatabase(async (connection) => {
              await create(connection, schema);
              expect(await differencesFrom(connection, schema)).toEqual([]);
            }),
          ),
          { numRuns },
        );
      },
      timeoutMs,
    );
  });

  describe(`invariant 2 and 6: evolution with rows on ${label}`, () => {
    test(
      'after diff(A, B) the database is B, kept columns keep every value, and data loss was announced',
      async () => {
        await fc.assert(
          fc.asyncProperty(schemaPairArbitrary(dialect), rowCounts, fc.nat(), (pair, counts, seed) =>
            target.withEmptyDatabase(async (connection) => {
              await create(connection, pair.from);
              await insertRows(connection, pair.from, rowsFor(pair.from, counts, seed));
              const before = await snapshot(connection, pair.from, quoteIdent);

              const plan = await planMigration({
                from: pair.from,
                to: pair.to,
                renames: pair.renames,
                provider,
                probe: connection.probe,
              });
              const { changes } = plan;
              const result = await applyScript(connection, 'evolve', plan.script);
              if (!result.ok) {
                // Only a migration announced as failing against this data may fail, and then atomically.
                // (would-fail, or a narrowing type change: "values that do not fit ... make the migration fail").
                expect(
                  plan.warnings.filter((w) => w.severity === 'would-fail' || w.code === 'narrow-type'),
                ).not.toEqual([]);
                expect(await differencesFrom(connection, pair.from)).toEqual([]);
                expect(await snapshot(connection, pair.from, quoteIdent)).toEqual(before);
                return;
              }
              expect(await differencesFrom(connection, pair.to)).toEqual([]);

              const after = await snapshot(connection, pair.to, quoteIdent);
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
              for (const loss of expectedDataLoss(pair.from, changes, rebuiltTables(plan.script))) {
                const rows = [...(before.get(loss.table)?.values() ?? [])];
                const held = rows.some((r) => loss.column === undefined || (r[loss.column] ?? null) !== null);
                if (held && !announcesDataLoss(plan.warnings, loss))
                  throw new Error(`no data-loss warning for ${JSON.stringify(loss)}: ${JSON.stringify(plan.warnings)}`);
              }
            }),
          ),
          { numRuns },
        );
      },
      timeoutMs,
    );
  });

  describe(`invariant 4: a migration and its history row commit together on ${label}`, () => {
    test(
      'a statement failing after others succeeded leaves the schema, the rows and no success row',
      async () => {
        if (!provider.capabilities.transactionalDdl) {
          console.log(`${label}: no transactional DDL: invariant 5 (resume) is the one that holds`);
          return;
        }
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
              await target.withEmptyDatabase(async (connection) => {
                await create(connection, pair.from);
                await insertRows(connection, pair.from, rowsFor(pair.from, counts, seed));
                const before = await snapshot(connection, pair.from, quoteIdent);
                const failing = {
                  step: 'Fails',
                  sql: `INSERT INTO ${quoteIdent('no_such_table')} (${quoteIdent('x')}) VALUES (1);`,
                };
                const position = 1 + (at % statements.length);
                const parts = [...statements.slice(0, position), failing, ...statements.slice(position)];
                const sql = parts.map((s) => `-- ${s.step}\n${s.sql}`).join('\n\n');

                const row = historyRow(provider.id, 'halfway');
                const result = await connection.apply({ name: row.migrationName, sql, transactional: true }, row);
                expect(result.ok).toBe(false);
                expect(await differencesFrom(connection, pair.from)).toEqual([]);
                expect(await snapshot(connection, pair.from, quoteIdent)).toEqual(before);
                const recorded = (await connection.history.list()).filter((r) => r.migrationName === 'halfway');
                expect(recorded.filter((r) => r.finishedAt !== undefined)).toEqual([]);
                expect(recorded).toHaveLength(1);
                // The error is the failing statement's, or an earlier one's when the data made that fail first.
                expect(recorded[0]?.logs ?? '').not.toBe('');
              });
            },
          ),
          { numRuns },
        );
      },
      timeoutMs,
    );
  });

  describe(`invariant 5: outside a transaction, a failure keeps its step count and resuming reaches the target on ${label}`, () => {
    test(
      'a script run statement by statement fails at the injected statement; once its cause is fixed, resuming from the recorded count gives the target schema',
      async () => {
        await fc.assert(
          fc.asyncProperty(schemaPairArbitrary(dialect), fc.nat(), async (pair, at) => {
            const changes = changesBetween(pair.from, pair.to, pair.renames);
            const statements = provider.emit(changes, { from: pair.from, to: pair.to });
            fc.pre(statements.length > 0);
            await target.withEmptyDatabase(async (connection) => {
              await create(connection, pair.from);
              const blocker = quoteIdent('resume_blocker');
              const failing = { step: 'Fails', sql: `INSERT INTO ${blocker} (${quoteIdent('x')}) VALUES (1);` };
              const position = 1 + (at % statements.length);
              const parts = [...statements.slice(0, position), failing, ...statements.slice(position)];
              const sql = parts.map((s) => `-- ${s.step}\n${s.sql}`).join('\n\n');
              const total = provider.splitStatements(sql).length;
              const injectedAt = provider.splitStatements(
                parts
                  .slice(0, position)
                  .map((s) => `-- ${s.step}\n${s.sql}`)
                  .join('\n\n'),
              ).length;

              const row = historyRow(provider.id, 'stepwise');
              const script = { name: row.migrationName, sql, transactional: false };
              const result = await connection.apply(script, row);
              expect(result).toMatchObject({ ok: false, transactional: false, appliedSteps: injectedAt });
              const [recorded] = (await connection.history.list()).filter((r) => r.migrationName === 'stepwise');
              expect(recorded?.appliedStepsCount).toBe(injectedAt);
              expect(recorded?.finishedAt).toBeUndefined();

              await connection.execute(`CREATE TABLE ${blocker} (${quoteIdent('x')} INTEGER)`);
              const resumed = await connection.apply(script, recorded as HistoryRow, { resumeFrom: injectedAt });
              expect(resumed).toMatchObject({ ok: true, appliedSteps: total });
              await connection.execute(`DROP TABLE ${blocker}`);
              expect(await differencesFrom(connection, pair.to)).toEqual([]);
              const [finished] = (await connection.history.list()).filter((r) => r.migrationName === 'stepwise');
              expect(finished?.appliedStepsCount).toBe(total);
              expect(finished?.finishedAt).toBeInstanceOf(Date);
            });
          }),
          { numRuns },
        );
      },
      timeoutMs,
    );
  });

  describe(`invariant 6: nothing is lost silently (static plan) on ${label}`, () => {
    test(target.staticDataLossTitle, async () => {
      await fc.assert(
        fc.asyncProperty(
          schemaPairArbitrary(dialect, { lossyTypeChanges: true, removeEnumValues: true, maxMutations: 6 }),
          async (pair) => {
            const plan = await planMigration({ from: pair.from, to: pair.to, renames: pair.renames, provider });
            for (const loss of expectedDataLoss(pair.from, plan.changes, rebuiltTables(plan.script))) {
              if (!announcesDataLoss(plan.warnings, loss))
                throw new Error(`no data-loss warning for ${JSON.stringify(loss)}: ${JSON.stringify(plan.warnings)}`);
            }
          },
        ),
        { numRuns: 200 },
      );
    });
  });
}
