/**
 * Data-aware evaluation: counts, in a connected database, the rows each warning touches, through
 * the provider's `DataProbe` (core decides what to ask, the provider knows how). A would-fail
 * or review warning whose count is 0 is dropped: adding a required column to an EMPTY table is
 * fine. A data-loss warning is kept with `rows: 0`: the reviewer still sees in migration.sql and
 * warnings.txt that the change destroys what a table holds, and `migrate deploy` counts again
 * against its target (`blockingWarnings` lets a 0-row data-loss warning through). Counting runs
 * against the database BEFORE the migration, so tables and columns are named as in `from` (a
 * table renamed in the same migration is counted under its old name).
 *
 * `migrate deploy` runs this again against the target database, because production has rows that
 * the development database did not.
 */
import type { Change, TableChange } from '../diff/changes.js';
import type { DataProbe, ExtensionDependent } from '../provider/contract.js';
import type { DatabaseSchema } from '../sql/ir.js';
import { qualifiedName } from '../sql/ir.js';
import { WARNINGS } from './catalogue.js';
import { describeType } from './lint.js';
import type { Warning } from './warning.js';

export interface EvaluateOptions {
  readonly probe: DataProbe;
  /** The schema of the database being inspected (before the migration). */
  readonly from: DatabaseSchema;
  /** The schema after the migration: the values of an enum a column is converted into. */
  readonly to?: DatabaseSchema;
  /**
   * Every change of the plan: what uses a dropped extension but goes in the same migration
   * (a dropped column, table or index) does not make the drop fail.
   */
  readonly changes?: readonly Change[];
  /** Locking warnings are kept only for tables with at least this many rows. Default 10,000. */
  readonly bigTableRows?: number;
}

export async function evaluateWarnings(warnings: readonly Warning[], options: EvaluateOptions): Promise<Warning[]> {
  const out: Warning[] = [];
  const rowCounts = new Map<string, Promise<number>>();
  const countRows = (table: string): Promise<number> => {
    let count = rowCounts.get(table);
    if (count === undefined) {
      count = options.probe.countRows(table);
      rowCounts.set(table, count);
    }
    return count;
  };
  for (const warning of warnings) {
    if (warning.code === WARNINGS.dropExtension.code) {
      out.push(await checkExtensionDrop(warning, options));
      continue;
    }
    const failing = await conversionFailure(warning, options);
    if (failing !== undefined) {
      out.push(failing);
      continue;
    }
    const rows = await affectedRows(warning, options, countRows);
    if (rows === 0 && warning.severity !== 'data-loss') continue;
    out.push(rows === undefined ? warning : { ...warning, rows });
  }
  return out;
}

type AlterTable = Extract<Change, { kind: 'AlterTable' }>;

/**
 * A dropped extension that objects the migration keeps still use cannot be dropped (strata never
 * cascades): the warning becomes `drop-extension-in-use`, naming them. Without the probe's
 * `extensionDependents` the data-loss warning stays as linted.
 */
async function checkExtensionDrop(warning: Warning, options: EvaluateOptions): Promise<Warning> {
  const change = warning.change;
  if (change?.kind !== 'DropExtension' || options.probe.extensionDependents === undefined) return warning;
  const dependents = await options.probe.extensionDependents(change.extension.name);
  const kept = dependents.filter((d) => !removedByPlan(d, options.changes ?? [], options.from));
  if (kept.length === 0) return warning;
  const definition = WARNINGS.dropExtensionInUse;
  return {
    code: definition.code,
    severity: definition.severity,
    message: `The extension \`${change.extension.name}\` is dropped, but ${kept.map((d) => d.description).join(', ')} still use${kept.length === 1 ? 's' : ''} it; the drop would fail. ${definition.action}`,
    change,
  };
}

/**
 * Whether the plan removes the dependent (its table, its column, its index) or changes what tied
 * it to the extension (the column's type or default; an index is rebuilt with a column whose type
 * changes).
 */
function removedByPlan(dependent: ExtensionDependent, changes: readonly Change[], from: DatabaseSchema): boolean {
  if (dependent.table === undefined) return false;
  const indexColumns =
    dependent.index === undefined
      ? []
      : (from.tables
          .find((t) => qualifiedName(t) === dependent.table)
          ?.indexes.find((i) => i.name === dependent.index)
          ?.columns.flatMap((c) => (c.name === undefined ? [] : [c.name])) ?? []);
  const columns = dependent.column === undefined ? indexColumns : [dependent.column];
  for (const change of changes) {
    if (change.kind === 'DropTable' && qualifiedName(change.table) === dependent.table) return true;
    if (
      change.kind !== 'AlterTable' ||
      qualifiedName({ namespace: change.namespace, name: change.from.name }) !== dependent.table
    )
      continue;
    for (const tableChange of change.changes) {
      if (
        dependent.index !== undefined &&
        tableChange.kind === 'DropIndex' &&
        tableChange.index.name === dependent.index
      )
        return true;
      if (tableChange.kind === 'DropColumn' && columns.includes(tableChange.column.name)) return true;
      if (
        tableChange.kind === 'AlterColumn' &&
        columns.includes(tableChange.from.name) &&
        (tableChange.changed.includes('type') ||
          (dependent.column !== undefined && tableChange.changed.includes('default')))
      )
        return true;
    }
  }
  return false;
}

async function affectedRows(
  warning: Warning,
  options: EvaluateOptions,
  countRows: (table: string) => Promise<number>,
): Promise<number | undefined> {
  const { probe } = options;
  const change = warning.change;
  if (change === undefined) return undefined;
  const alter = change.kind === 'AlterTable' ? change : undefined;
  const oldTable =
    alter === undefined ? undefined : qualifiedName({ namespace: alter.namespace, name: alter.from.name });
  const tableChange = warning.tableChange;
  switch (warning.code) {
    case WARNINGS.dropTable.code:
      return change.kind === 'DropTable' ? countRows(qualifiedName(change.table)) : undefined;
    case WARNINGS.dropColumn.code:
      return oldTable !== undefined && tableChange?.kind === 'DropColumn'
        ? probe.countNonNull(oldTable, tableChange.column.name)
        : undefined;
    case WARNINGS.removeEnumValue.code:
      return change.kind === 'AlterEnum' ? countEnumUses(change, options) : undefined;
    case WARNINGS.narrowType.code:
      return oldTable !== undefined && tableChange?.kind === 'AlterColumn'
        ? probe.countNotFitting(oldTable, tableChange.from.name, tableChange.to.type)
        : undefined;
    case WARNINGS.addRequiredColumnNoDefault.code:
      return oldTable === undefined ? undefined : countRows(oldTable);
    case WARNINGS.makeRequiredWithNulls.code:
    case WARNINGS.backfillNullsWithDefault.code:
      return oldTable !== undefined && tableChange?.kind === 'AlterColumn'
        ? probe.countNull(oldTable, tableChange.from.name)
        : undefined;
    case WARNINGS.addUniqueOverDuplicates.code:
      return alter !== undefined && oldTable !== undefined && tableChange?.kind === 'CreateIndex'
        ? countDuplicates(alter, oldTable, tableChange, probe, countRows)
        : undefined;
    case WARNINGS.typeChangeRewritesTable.code:
      return oldTable === undefined ? undefined : countRows(oldTable);
    case WARNINGS.indexWithoutConcurrently.code: {
      if (oldTable === undefined) return undefined;
      const rows = await countRows(oldTable);
      return rows < (options.bigTableRows ?? 10_000) ? 0 : rows;
    }
    default:
      // a provider's own data-loss note about a table (a SQLite rebuild) touches every row it holds
      return warning.severity === 'data-loss' && oldTable !== undefined ? countRows(oldTable) : undefined;
  }
}

/**
 * A type change whose values the database cannot convert fails as a whole, whatever the user
 * allows: the candidate (`narrow-type`, `type-change-rewrites-table`) becomes the would-fail
 * `type-conversion-fails`, counted, where the provider can tell (`countNotConvertible`).
 */
async function conversionFailure(warning: Warning, options: EvaluateOptions): Promise<Warning | undefined> {
  if (warning.code !== WARNINGS.narrowType.code && warning.code !== WARNINGS.typeChangeRewritesTable.code)
    return undefined;
  const change = warning.change;
  const tableChange = warning.tableChange;
  if (change?.kind !== 'AlterTable' || tableChange?.kind !== 'AlterColumn') return undefined;
  // a column that keeps its enum while values are removed or renamed (MySQL's ENUM column types):
  // `remove-enum-value` counts the rows of removed values, and renamed ones are updated first
  if (keepsItsEnum(tableChange, options.changes ?? [])) return undefined;
  const oldTable = qualifiedName({ namespace: change.namespace, name: change.from.name });
  const rows = await countNotConvertible(oldTable, tableChange, options);
  if (rows === undefined || rows === 0) return undefined;
  const definition = WARNINGS.typeConversionFails;
  const table = qualifiedName({ namespace: change.namespace, name: change.name });
  return {
    code: definition.code,
    severity: definition.severity,
    message: `The column \`${tableChange.name}\` on the \`${table}\` table changes from ${describeType(tableChange.from.type)} to ${describeType(tableChange.to.type)}; ${rows} value(s) cannot be converted, so the migration would fail. ${definition.action}`,
    table,
    column: tableChange.name,
    rows,
    change,
    tableChange,
  };
}

function keepsItsEnum(change: Extract<TableChange, { kind: 'AlterColumn' }>, changes: readonly Change[]): boolean {
  const from = change.from.type.enum;
  const to = change.to.type.enum;
  if (from === undefined || to === undefined) return false;
  return changes.some(
    (c) =>
      c.kind === 'AlterEnum' &&
      qualifiedName(c.from) === qualifiedName(from) &&
      qualifiedName(c.to) === qualifiedName(to),
  );
}

/**
 * Into an enum, a value converts when it names one of the enum's values AFTER the migration (the
 * type may be created or get its values in this very migration, so the database cannot be asked).
 */
async function countNotConvertible(
  oldTable: string,
  change: Extract<TableChange, { kind: 'AlterColumn' }>,
  options: EvaluateOptions,
): Promise<number | undefined> {
  const { probe } = options;
  const to = change.to.type;
  if (to.scalar === 'Enum') {
    const target = to.enum === undefined ? undefined : qualifiedName(to.enum);
    const values = options.to?.enums.find((e) => qualifiedName(e) === target)?.values;
    const before = options.from.enums.find((e) => qualifiedName(e) === target)?.values;
    // an enum the database already has as it will be: the database can try the conversion itself
    if (before !== undefined && values !== undefined && before.join('\u0000') === values.join('\u0000'))
      return probe.countNotConvertible?.(oldTable, change.from.name, change.from.type, to);
    if (values === undefined || to.list === true) return undefined;
    return (
      (await probe.countNonNull(oldTable, change.from.name)) -
      (await probe.countValues(oldTable, change.from.name, values))
    );
  }
  return probe.countNotConvertible?.(oldTable, change.from.name, change.from.type, to);
}

async function countEnumUses(
  change: Extract<Change, { kind: 'AlterEnum' }>,
  options: EvaluateOptions,
): Promise<number> {
  const enumKey = qualifiedName(change.from);
  let total = 0;
  for (const table of options.from.tables) {
    for (const column of table.columns) {
      if (column.type.enum === undefined || qualifiedName(column.type.enum) !== enumKey) continue;
      // List columns hold arrays; the provider's countValues handles both shapes.
      total += await options.probe.countValues(qualifiedName(table), column.name, change.removeValues);
    }
  }
  return total;
}

/**
 * Duplicates over the index's columns, named as they are before the migration. A column added by
 * the same migration holds NULLs (never duplicates) or one default value for every row: then only
 * a table with at most one row is known to be safe.
 */
async function countDuplicates(
  alter: AlterTable,
  oldTable: string,
  tableChange: Extract<TableChange, { kind: 'CreateIndex' }>,
  probe: DataProbe,
  countRows: (table: string) => Promise<number>,
): Promise<number | undefined> {
  const renamedFrom = new Map<string, string>();
  for (const c of alter.changes) if (c.kind === 'RenameColumn') renamedFrom.set(c.to, c.from);
  const existing = new Set(alter.from.columns.map((c) => c.name));
  const columns: string[] = [];
  for (const part of tableChange.index.columns) {
    if (part.name === undefined) return undefined;
    const old = renamedFrom.get(part.name) ?? part.name;
    if (!existing.has(old) || alter.changes.some((c) => c.kind === 'AddColumn' && c.column.name === part.name)) {
      const rows = await countRows(oldTable);
      return rows <= 1 ? 0 : undefined;
    }
    columns.push(old);
  }
  return probe.countDuplicates(oldTable, columns);
}
