/** Test helpers: schemas from Prisma text through core's real pipeline, migration scripts, a deploy loop. */
import { randomUUID } from 'node:crypto';
import {
  analyzeSchema,
  type Change,
  type Database,
  type DatabaseSchema,
  diff,
  emptySchema,
  type HistoryRow,
  lower,
} from '@strata/core';
import { provider } from '../src/index.js';

export function lowerPrisma(text: string): DatabaseSchema {
  const result = analyzeSchema([{ path: 'schema.prisma', text }], {
    scalarLists: false,
    maxIdentifierLength: provider.capabilities.maxIdentifierLength,
  });
  if (result.model === undefined) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return lower(result.model, provider);
}

export const datasource = 'datasource db {\n  provider = "sqlite"\n}\n';

/** migration.sql as Prisma lays it out: `-- Step` then the SQL, steps separated by a blank line. */
export function script(statements: readonly { step: string; sql: string }[]): string {
  return statements.map((s) => `-- ${s.step}\n${s.sql}`).join('\n\n');
}

export function changesBetween(from: DatabaseSchema, to: DatabaseSchema): Change[] {
  return diff(from, to, { hooks: provider.diffHooks });
}

export function migrationSql(from: DatabaseSchema, to: DatabaseSchema): string {
  return script(provider.emit(changesBetween(from, to), { from, to }));
}

export function historyRow(name: string, extra: Partial<HistoryRow> = {}): HistoryRow {
  return {
    id: randomUUID(),
    migrationName: name,
    checksum: 'c'.repeat(64),
    provider: 'sqlite',
    startedAt: new Date(),
    appliedStepsCount: 0,
    rebuildRequired: false,
    kind: 'apply',
    ...extra,
  };
}

/** Applies `to` over what the database holds now (introspected), as `migrate dev` would. */
export async function migrateTo(connection: Database, to: DatabaseSchema, name = 'step'): Promise<string> {
  const from = await connection.introspect();
  const sql = script(provider.emit(changesBetween(from, to), { from, to }));
  if (sql === '') return sql;
  const result = await connection.apply({ name, sql, transactional: true }, historyRow(name));
  if (!result.ok) throw new Error(`${name} failed: ${result.error}\n${sql}`);
  return sql;
}

export async function createFrom(connection: Database, schema: DatabaseSchema): Promise<void> {
  const sql = script(
    provider.emit(changesBetween(emptySchema('sqlite'), schema), { from: emptySchema('sqlite'), to: schema }),
  );
  await connection.execute(sql);
}
