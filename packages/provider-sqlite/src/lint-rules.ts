/**
 * SQLite's own lint rules (docs/lint.md): table rebuilds, ranked by the rows they copy, and
 * `PRAGMA foreign_keys` where the migration's transaction makes it do nothing, judged by what
 * strata's executor really does with the file (connection.ts, `prepareScript`).
 */
import {
  type AnalyzedStatement,
  type DatabaseSchema,
  findTable,
  type LintRule,
  type RuleHit,
  rowsText,
  WARNINGS,
  type WarningSeverity,
} from '@strata/core';
import { turnsForeignKeysOff } from './connection.js';
import { type TableRebuild, treeOf } from './lint.js';
import { mentions } from './rebuild.js';

/**
 * From this many rows a rebuild is ranked `data-loss` (as the plan warning is), below it only
 * `review`: copying a few thousand rows takes milliseconds. Core keeps its locking warnings from
 * the same count (`bigTableRows`).
 */
export const BIG_TABLE_ROWS = 10_000;

export const tableRebuild: LintRule = {
  code: WARNINGS.sqliteTableRebuild.code,
  family: 'locking',
  severity: WARNINGS.sqliteTableRebuild.severity,
  summary: WARNINGS.sqliteTableRebuild.summary,
  safer: WARNINGS.sqliteTableRebuild.action,
  check(statement, context) {
    const rebuild = treeOf(statement)?.rebuild;
    if (rebuild?.role !== 'create' || !context.existedBefore(rebuild.table, statement)) return [];
    const rows = context.rows?.get(rebuild.table);
    // nothing to copy, nothing to lose
    if (rows === 0) return [];
    const lost = lostColumns(rebuild, context.before);
    const severity: WarningSeverity =
      lost.length > 0 || rows === undefined || rows >= BIG_TABLE_ROWS ? 'data-loss' : 'review';
    const leftOut =
      lost.length === 0
        ? ''
        : ` The copy leaves out ${lost.map((c) => `\`${c}\``).join(', ')}: ${lost.length === 1 ? 'its values are' : 'their values are'} lost.`;
    const big =
      rows !== undefined && rows >= BIG_TABLE_ROWS
        ? ' While it runs, the database is locked for writes, and the file needs room for both copies.'
        : '';
    return [
      {
        message: `Rebuilds \`${rebuild.table}\`: its rows are copied into \`${rebuild.copy}\`, then \`${rebuild.table}\` is dropped and the copy renamed${rowsText(rows)}.${leftOut}${big}`,
        table: rebuild.table,
        severity,
        ...(rows === undefined ? {} : { rows }),
      },
    ];
  },
};

/** Columns of the rebuilt table (before.prisma) that the copy's SELECT does not read. */
function lostColumns(rebuild: TableRebuild, before: DatabaseSchema | undefined): string[] {
  const table = findTable(before, rebuild.table);
  if (table === undefined || rebuild.selected.trim() === '*') return [];
  return table.columns
    .filter((c) => c.generated === undefined && !mentions(rebuild.selected, c.name))
    .map((c) => c.name);
}

const OFF = new Set(['off', '0', 'false', 'no']);
const ON = new Set(['on', '1', 'true', 'yes']);

/** The `PRAGMA foreign_keys` value a statement sets: true, false, or undefined for another statement. */
function foreignKeysSetTo(statement: AnalyzedStatement): boolean | undefined {
  const pragma = treeOf(statement)?.pragma;
  if (pragma?.name !== 'foreign_keys' || pragma.value === undefined) return undefined;
  return ON.has(pragma.value) ? true : OFF.has(pragma.value) ? false : undefined;
}

/** The statements after `from` up to the next one that sets `PRAGMA foreign_keys` again. */
function until(statements: readonly AnalyzedStatement[], from: number): AnalyzedStatement[] {
  const out: AnalyzedStatement[] = [];
  for (const statement of statements.slice(from + 1)) {
    if (foreignKeysSetTo(statement) !== undefined) break;
    out.push(statement);
  }
  return out;
}

/**
 * Whether foreign key actions may run for the rows a statement deletes or updates: some table
 * references its table (before.prisma tells; without it, any may).
 */
function mayCascade(statement: AnalyzedStatement, before: DatabaseSchema | undefined): boolean {
  const table = treeOf(statement)?.writes;
  if (table === undefined) return false;
  return (
    before === undefined ||
    before.tables.some((t) => t.foreignKeys.some((fk) => fk.referencedTable.toLowerCase() === table.toLowerCase()))
  );
}

/** `statement 7 (`DROP TABLE "User"`)`: where a message sends the reader. */
function describe(statement: AnalyzedStatement, sql: string): string {
  const code = (sql.slice(statement.start, statement.end).split('\n')[0] ?? '').trim();
  return `statement ${statement.index + 1} (\`${code.length > 80 ? `${code.slice(0, 77)}...` : code}\`)`;
}

/**
 * Inside a transaction SQLite ignores `PRAGMA foreign_keys`. strata runs a migration in one, and
 * makes up for the pragma Prisma writes: a script with a plain `PRAGMA foreign_keys=OFF` gets
 * enforcement turned off before BEGIN, and `PRAGMA foreign_key_check` before COMMIT, for the
 * whole script. What it cannot make up for is reported: an OFF it does not recognize (another
 * spelling), which leaves enforcement on, and an ON the script relies on to turn it back on
 * before statements whose ON DELETE / ON UPDATE actions should run.
 */
export const foreignKeysPragmaInTransaction: LintRule = {
  code: 'sqlite-foreign-keys-pragma-in-transaction',
  family: 'destructive',
  severity: 'data-loss',
  summary:
    '`PRAGMA foreign_keys` does nothing inside a transaction: the foreign keys stay enforced (or not) for the whole migration, whatever the script says.',
  safer:
    'Turn enforcement off with exactly `PRAGMA foreign_keys=OFF;` (strata then turns it off before the transaction and checks every key before COMMIT) and do not rely on turning it back on mid-script; or run the file without a transaction (`-- strata:no-transaction`) so that each pragma takes effect where it stands.',
  check(statement, context): RuleHit[] {
    if (!context.migration.transactional) return [];
    const setTo = foreignKeysSetTo(statement);
    if (setTo === undefined) return [];
    const after = until(context.statements, statement.index).filter((s) => mayCascade(s, context.before));
    if (setTo === false) {
      if (turnsForeignKeysOff(statement.text)) return [];
      const drop = after.find(
        (s) => s.effects.some((e) => e.kind === 'drop-table') || treeOf(s)?.rebuild !== undefined,
      );
      const then =
        drop === undefined
          ? 'Foreign keys stay enforced for the whole migration.'
          : `Foreign keys stay enforced, so ${describe(drop, context.migration.sql)} deletes the table's rows first and the ON DELETE actions of the rows that reference them run: CASCADE deletes those rows, RESTRICT makes it fail.`;
      return [
        {
          message: `This \`PRAGMA foreign_keys\` does nothing inside the migration's transaction, and strata turns enforcement off before the transaction only for \`PRAGMA foreign_keys=OFF\` written that way. ${then}`,
          severity: drop === undefined ? 'review' : 'data-loss',
        },
      ];
    }
    const turnedOff = context.statements.slice(0, statement.index).some((s) => turnsForeignKeysOff(s.text));
    const relying = after[0];
    if (!turnedOff || relying === undefined) return [];
    return [
      {
        message: `\`PRAGMA foreign_keys=ON\` does nothing inside the migration's transaction: strata keeps enforcement off until the script ends, so ${describe(relying, context.migration.sql)} runs no ON DELETE / ON UPDATE action. If it leaves rows pointing at missing ones, the foreign key check before COMMIT fails and the whole migration rolls back.`,
        severity: 'would-fail',
      },
    ];
  },
};

export const SQLITE_LINT_RULES: readonly LintRule[] = [tableRebuild, foreignKeysPragmaInTransaction];
