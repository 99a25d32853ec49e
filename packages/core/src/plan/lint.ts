/**
 * Static analysis of a change list: every change that can lose data, fail against existing data,
 * or lock a busy table gets a warning from the catalogue. `would-fail` and `data-loss` warnings
 * here are CANDIDATES: without a database we cannot know whether a table is empty, so
 * `evaluateWarnings` later counts the rows and drops those that touch none.
 */
import type { Change, TableChange } from '../diff/changes.js';
import type { RenameCandidate } from '../diff/renames.js';
import { describeCandidate } from '../diff/renames.js';
import type { Capabilities } from '../provider/contract.js';
import type { DatabaseSchema } from '../sql/ir.js';
import { qualifiedName } from '../sql/ir.js';
import { WARNINGS, type WarningDefinition } from './catalogue.js';
import { isNarrowingChange } from './type-narrowing.js';
import type { Warning } from './warning.js';

export interface LintOptions {
  /** Rename candidates the resolver declined: each becomes a `possible-rename`. */
  readonly declinedRenames?: readonly RenameCandidate[];
  /** The provider's capabilities: `nativeEnums` words the enum-value removal for enums kept as text. */
  readonly capabilities?: Partial<Capabilities>;
}

export function lintChanges(
  changes: readonly Change[],
  from: DatabaseSchema,
  _to: DatabaseSchema,
  options: LintOptions = {},
): Warning[] {
  const warnings: Warning[] = [];
  const warn = (
    definition: WarningDefinition,
    message: string,
    where: Omit<Warning, 'code' | 'severity' | 'message'>,
  ): void => {
    warnings.push({
      code: definition.code,
      severity: definition.severity,
      message: `${message} ${definition.action}`,
      ...where,
    });
  };
  for (const change of changes) {
    switch (change.kind) {
      case 'DropTable': {
        const table = qualifiedName(change.table);
        warn(WARNINGS.dropTable, `You are about to drop the \`${table}\` table; all the data it holds will be lost.`, {
          table,
          change,
        });
        break;
      }
      case 'DropNamespace':
        warn(WARNINGS.dropNamespace, `You are about to drop the schema \`${change.name}\`.`, { change });
        break;
      case 'DropExtension':
        warn(
          WARNINGS.dropExtension,
          `You are about to drop the extension \`${change.extension.name}\` (it left the datasource \`extensions\` list).`,
          { change },
        );
        break;
      case 'AlterEnum': {
        if (change.removeValues.length === 0) break;
        const enumKey = qualifiedName(change.from);
        const users = from.tables
          .filter((t) => t.columns.some((c) => c.type.enum !== undefined && qualifiedName(c.type.enum) === enumKey))
          .map((t) => `\`${qualifiedName(t)}\``);
        // The database refuses such rows where it checks the values: PostgreSQL's enum type, and
        // MySQL's ENUM column type, which the plan changes (a MODIFY). Where enums are TEXT
        // (SQLite) the rows keep the text, which Prisma Client then fails to read. Either way the
        // rows must change first.
        const typeChecked = changes.some(
          (c) =>
            c.kind === 'AlterTable' &&
            c.changes.some(
              (t) =>
                t.kind === 'AlterColumn' &&
                t.changed.includes('type') &&
                t.from.type.enum !== undefined &&
                qualifiedName(t.from.type.enum) === enumKey,
            ),
        );
        const consequence =
          options.capabilities?.nativeEnums === false && !typeChecked
            ? 'keep a value the schema no longer allows, and reading them fails'
            : 'make the migration fail';
        warn(
          WARNINGS.removeEnumValue,
          `The values [${change.removeValues.join(', ')}] of the enum \`${enumKey}\` will be removed; rows${
            users.length > 0 ? ` of ${users.join(', ')}` : ''
          } that use them ${consequence}.`,
          { change },
        );
        break;
      }
      case 'AlterTable':
        for (const tableChange of change.changes) lintTableChange(change, tableChange, warn);
        break;
      case 'CreateNamespace':
      case 'CreateExtension':
      case 'AlterExtension':
      case 'CreateEnum':
      case 'DropEnum':
      case 'RenameEnum':
      case 'MoveEnum':
      case 'MoveTable':
      case 'CreateTable':
      case 'RenameTable':
        break;
      default:
        change satisfies never;
    }
  }
  for (const candidate of options.declinedRenames ?? []) {
    warn(
      WARNINGS.possibleRename,
      `Possible rename: ${describeCandidate(candidate)} is planned as a drop and a create.`,
      candidate.kind === 'column' || candidate.kind === 'index'
        ? {
            table: qualifiedName({ namespace: candidate.namespace, name: candidate.table }),
            ...(candidate.kind === 'column' ? { column: candidate.from } : {}),
          }
        : candidate.kind === 'table'
          ? { table: qualifiedName({ namespace: candidate.namespace, name: candidate.from }) }
          : {},
    );
  }
  return warnings;
}

type Warn = (
  definition: WarningDefinition,
  message: string,
  where: Omit<Warning, 'code' | 'severity' | 'message'>,
) => void;

function lintTableChange(change: Extract<Change, { kind: 'AlterTable' }>, tableChange: TableChange, warn: Warn): void {
  const table = qualifiedName({ namespace: change.namespace, name: change.name });
  const at = (column?: string) => ({ table, ...(column === undefined ? {} : { column }), change, tableChange });
  switch (tableChange.kind) {
    case 'DropColumn': {
      // the differ drops and adds a column whose type the database cannot convert
      const readded = change.changes.find(
        (c): c is Extract<TableChange, { kind: 'AddColumn' }> =>
          c.kind === 'AddColumn' && c.column.name === tableChange.column.name,
      );
      if (readded !== undefined) {
        warn(
          WARNINGS.dropColumn,
          `The \`${tableChange.column.name}\` column on the \`${table}\` table would be dropped and recreated: its type cannot be converted from ${describeType(tableChange.column.type)} to ${describeType(readded.column.type)}, so all the data in the column will be lost.`,
          at(tableChange.column.name),
        );
        break;
      }
      warn(
        WARNINGS.dropColumn,
        `You are about to drop the column \`${tableChange.column.name}\` on the \`${table}\` table; all the data in the column will be lost.`,
        at(tableChange.column.name),
      );
      break;
    }
    case 'AddColumn': {
      const c = tableChange.column;
      if (!c.nullable && c.default === undefined && c.autoincrement !== true && c.generated === undefined) {
        warn(
          WARNINGS.addRequiredColumnNoDefault,
          `Added the required column \`${c.name}\` to the \`${table}\` table without a default value; this fails if the table is not empty.`,
          at(c.name),
        );
      }
      break;
    }
    case 'AlterColumn': {
      const { from, to, changed } = tableChange;
      if (changed.includes('type')) {
        if (isNarrowingChange(from.type, to.type)) {
          warn(
            WARNINGS.narrowType,
            `The column \`${tableChange.name}\` on the \`${table}\` table changes from ${describeType(from.type)} to ${describeType(to.type)}; values that do not fit are lost or make the migration fail.`,
            at(tableChange.name),
          );
        }
      }
      if (changed.includes('nullability') && from.nullable && !to.nullable) {
        if (backfillsFromDefault(tableChange)) {
          warn(
            WARNINGS.backfillNullsWithDefault,
            `Made the column \`${tableChange.name}\` on the \`${table}\` table required; rows where it is NULL get its default value.`,
            at(tableChange.name),
          );
        } else {
          warn(
            WARNINGS.makeRequiredWithNulls,
            `Made the column \`${tableChange.name}\` on the \`${table}\` table required; this fails while it holds NULL values.`,
            at(tableChange.name),
          );
        }
      }
      break;
    }
    case 'CreateIndex': {
      const columns = tableChange.index.columns.map((c) => c.name ?? c.expression ?? '?');
      if (tableChange.index.unique) {
        warn(
          WARNINGS.addUniqueOverDuplicates,
          `A unique constraint covering the columns \`[${columns.join(',')}]\` on the \`${table}\` table will be added; this fails if there are duplicate values.`,
          at(),
        );
      }
      break;
    }
    // nothing here can lose data or fail on rows (a provider's locking rules are its notes)
    case 'RenameColumn':
    case 'AddPrimaryKey':
    case 'DropPrimaryKey':
    case 'RenamePrimaryKey':
    case 'DropIndex':
    case 'RenameIndex':
    case 'AddForeignKey':
    case 'DropForeignKey':
    case 'RenameForeignKey':
      break;
    default:
      tableChange satisfies never;
  }
}

export function describeType(type: { native: string; list?: boolean; enum?: { name: string } }): string {
  return `${type.enum?.name ?? type.native}${type.list === true ? '[]' : ''}`;
}

/**
 * The provider contract's backfill rule: a column that becomes required while keeping its type
 * and having a default gets that default on its NULL rows before the constraint is set
 * (PostgreSQL: an UPDATE before SET NOT NULL; SQLite: coalesce() in the rebuild's copy).
 */
export function backfillsFromDefault(change: Extract<TableChange, { kind: 'AlterColumn' }>): boolean {
  return (
    change.from.nullable &&
    !change.to.nullable &&
    change.to.default !== undefined &&
    !change.to.autoincrement &&
    !change.changed.includes('type')
  );
}
