/**
 * The `_strata_migrations` table, described once as an IR table: each provider renders it with
 * its own type system and emitter, so a new provider gets a history table without writing one.
 * Column names are Prisma's `_prisma_migrations` ones plus strata's own (artifacts, snapshots,
 * warnings, kind), so the table reads familiar in any SQL client.
 */
import type { HistoryRow } from '../migrations/history-row.js';
import type { FieldTypeRequest, Provider } from '../provider/contract.js';
import type { Column, ColumnDefault, ColumnType, Table } from '../sql/ir.js';

export const HISTORY_TABLE = '_strata_migrations';
export const PRISMA_HISTORY_TABLE = '_prisma_migrations';

/** Names of the history tables, which are never part of a compared schema. */
export const HISTORY_TABLES: readonly string[] = [HISTORY_TABLE, PRISMA_HISTORY_TABLE];

type Shape = 'id' | 'name' | 'checksum' | 'text' | 'time' | 'count' | 'flag';

interface HistoryColumn {
  readonly key: keyof HistoryRow;
  readonly column: string;
  readonly shape: Shape;
  readonly nullable: boolean;
  readonly default?: ColumnDefault;
}

/** In table order. Every HistoryRow property has one column. */
export const HISTORY_COLUMNS: readonly HistoryColumn[] = [
  { key: 'id', column: 'id', shape: 'id', nullable: false },
  { key: 'migrationName', column: 'migration_name', shape: 'name', nullable: false },
  { key: 'checksum', column: 'checksum', shape: 'checksum', nullable: false },
  { key: 'artifactsChecksum', column: 'artifacts_checksum', shape: 'checksum', nullable: true },
  { key: 'provider', column: 'provider', shape: 'text', nullable: false },
  { key: 'startedAt', column: 'started_at', shape: 'time', nullable: false },
  { key: 'finishedAt', column: 'finished_at', shape: 'time', nullable: true },
  { key: 'rolledBackAt', column: 'rolled_back_at', shape: 'time', nullable: true },
  { key: 'logs', column: 'logs', shape: 'text', nullable: true },
  {
    key: 'appliedStepsCount',
    column: 'applied_steps_count',
    shape: 'count',
    nullable: false,
    default: { kind: 'number', value: '0' },
  },
  { key: 'warnings', column: 'warnings', shape: 'text', nullable: true },
  {
    key: 'rebuildRequired',
    column: 'rebuild_required',
    shape: 'flag',
    nullable: false,
    default: { kind: 'boolean', value: false },
  },
  { key: 'beforeSchema', column: 'before_schema', shape: 'text', nullable: true },
  { key: 'afterSchema', column: 'after_schema', shape: 'text', nullable: true },
  { key: 'kind', column: 'kind', shape: 'name', nullable: false, default: { kind: 'string', value: 'apply' } },
  { key: 'generatorVersion', column: 'generator_version', shape: 'name', nullable: true },
];

/**
 * What each shape asks the type system for. Bounded text asks for `VarChar(n)` where the dialect
 * knows it (a MySQL key cannot be TEXT), and times for a type that keeps the zone (`Timestamptz`)
 * where there is one: history times are instants, read back the same from any time zone.
 */
function requestFor(shape: Shape, provider: Provider): FieldTypeRequest {
  const native = (name: string, args: readonly string[]) =>
    Object.hasOwn(provider.types.nativeTypes, name) ? { nativeType: { name, args } } : {};
  const base = { list: false, autoincrement: false } as const;
  switch (shape) {
    case 'id':
      return { ...base, scalar: 'String', ...native('VarChar', ['36']) };
    case 'name':
      return { ...base, scalar: 'String', ...native('VarChar', ['255']) };
    case 'checksum':
      return { ...base, scalar: 'String', ...native('VarChar', ['64']) };
    case 'text':
      return { ...base, scalar: 'String', ...native('Text', []) };
    case 'time':
      return { ...base, scalar: 'DateTime', ...native('Timestamptz', []) };
    case 'count':
      return { ...base, scalar: 'Int' };
    case 'flag':
      return { ...base, scalar: 'Boolean' };
    default:
      return shape satisfies never;
  }
}

function columnType(shape: Shape, provider: Provider): ColumnType {
  const type = provider.types.columnType(requestFor(shape, provider));
  if ('error' in type) throw new Error(`${provider.id} cannot store the history column type ${shape}: ${type.error}`);
  return type;
}

/** The history table as this provider stores it, in `namespace` (absent: the default one). */
export function historyTable(provider: Provider, namespace: string | undefined): Table {
  const columns: Column[] = HISTORY_COLUMNS.map((c) => ({
    name: c.column,
    type: columnType(c.shape, provider),
    nullable: c.nullable,
    ...(c.default === undefined ? {} : { default: c.default }),
  }));
  const named = provider.capabilities.namedPrimaryKeys !== false;
  return {
    ...(namespace === undefined ? {} : { namespace }),
    name: HISTORY_TABLE,
    columns,
    primaryKey: { ...(named ? { name: `${HISTORY_TABLE}_pkey` } : {}), columns: ['id'] },
    indexes: [],
    foreignKeys: [],
  };
}
