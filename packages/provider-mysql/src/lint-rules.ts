/**
 * MySQL's own lint rules (docs/lint.md), judged with the functions `explain` judges a plan with
 * (explain.ts), so that a hand-written migration and a planned one get the same codes and words:
 * a statement that can fail on its rows after others MySQL has already committed, and a `MODIFY`
 * or `CHANGE` that copies the table, changes its type, shortens a VARCHAR or converts a
 * character set. Without before.prisma, a MODIFY only says what the column becomes, not what
 * changes: it is reported as the table copy it is (`mysql-modify-rewrites-table`).
 */
import {
  type AnalyzedStatement,
  type ColumnType,
  type DatabaseSchema,
  findTable,
  type LintContext,
  type LintRule,
  type ProviderNote,
  type RuleHit,
  rowsText,
  WARNINGS,
} from '@strata/core';
import { type ColumnShape, canFailOnRows, columnChangeNotes, implicitCommitMessage } from './explain.js';
import { type RestatedColumn, treeOf } from './lint.js';
import { columnTypesEqual, typeSystem } from './types.js';

/**
 * The first statement that can fail on the rows of a table that existed (and, counted, holds
 * rows) after another statement that changed something (a `SET` changes only the session).
 */
function firstRiskyStatement(context: LintContext): AnalyzedStatement | undefined {
  let applied = 0;
  for (const statement of context.statements) {
    const risky = statement.effects.some((effect) => {
      const table = 'table' in effect ? effect.table : undefined;
      return (
        canFailOnRows(effect) &&
        table !== undefined &&
        context.existedBefore(table, statement) &&
        context.rows?.get(table) !== 0
      );
    });
    if (risky && applied > 0) return statement;
    if (treeOf(statement)?.verb !== 'SET') applied++;
  }
  return undefined;
}

export const implicitCommit: LintRule = {
  code: 'mysql-implicit-commit',
  family: 'data-dependent',
  severity: 'review',
  summary:
    'A statement that can fail on the rows it finds comes after others: MySQL commits each DDL statement at once, so a failure leaves the statements before it applied.',
  safer:
    'Put the statements that can fail on existing rows (a unique index, a MODIFY, a primary or foreign key) first, or in a migration of their own, and check the data before deploying.',
  check(statement, context) {
    if (firstRiskyStatement(context)?.index !== statement.index) return [];
    const sql = context.migration.sql.slice(statement.start, statement.end);
    return [{ message: implicitCommitMessage(statement.index, context.statements.length, sql) }];
  },
};

type ColumnNote = Pick<ProviderNote, 'code' | 'severity' | 'message'>;

/** The column of before.prisma a MODIFY or CHANGE restates (MySQL column names ignore case). */
function columnBefore(before: DatabaseSchema | undefined, restated: RestatedColumn) {
  return findTable(before, restated.table)?.columns.find((c) => c.name.toLowerCase() === restated.from.toLowerCase());
}

/** What MySQL makes of a restated column: `explain`'s notes against before.prisma, else the table copy. */
function restatedNotes(restated: RestatedColumn, before: DatabaseSchema | undefined): ColumnNote[] {
  const column = columnBefore(before, restated);
  if (column === undefined) {
    return [
      {
        code: 'mysql-modify-rewrites-table',
        severity: 'review',
        message: `\`${restated.clause} ${restated.from}\` restates the column of \`${restated.table}\`: unless only its name changes (or an ENUM only gains values at its end), MySQL copies the whole table and blocks writes to it until done. For a big table, run it at a quiet time or with an online schema change tool.`,
      },
    ];
  }
  const from: ColumnShape = { type: column.type, nullable: column.nullable };
  const to: ColumnShape = { type: restatedType(column.type, restated.type), nullable: restated.nullable };
  const changed = { type: !columnTypesEqual(from.type, to.type), nullability: from.nullable !== to.nullable };
  return columnChangeNotes(restated.table, restated.column, from, to, changed);
}

/** The restated type as the IR has it: its scalar read back from the type, an enum keeping its name. */
function restatedType(before: ColumnType, native: string): ColumnType {
  const scalar = typeSystem.fieldType({ scalar: before.scalar, native })?.scalar ?? before.scalar;
  return { scalar, native, ...(scalar === 'Enum' && before.enum !== undefined ? { enum: before.enum } : {}) };
}

/** A rule that reports the notes of one code for each column a statement restates on an existing table with rows. */
function restatedColumnRule(definition: Omit<LintRule, 'check'>): LintRule {
  return {
    ...definition,
    check(statement, context) {
      return (treeOf(statement)?.restated ?? []).flatMap((restated): RuleHit[] => {
        if (!context.existedBefore(restated.table, statement)) return [];
        const rows = context.rows?.get(restated.table);
        // an empty table is copied at once, and has no value to refuse
        if (rows === 0) return [];
        return restatedNotes(restated, context.before)
          .filter((note) => note.code === definition.code)
          .map((note) => ({
            message: `${note.message}${rowsText(rows)}`,
            severity: note.severity,
            table: restated.table,
            column: restated.column,
            ...(rows === undefined ? {} : { rows }),
          }));
      });
    },
  };
}

export const modifyRewritesTable = restatedColumnRule({
  code: 'mysql-modify-rewrites-table',
  family: 'locking',
  severity: 'review',
  summary:
    'A MODIFY or CHANGE of an existing table’s column copies the whole table (a required or optional column, or a column restated without before.prisma to compare with) and blocks writes to it until done.',
  safer:
    'For a big table, run it at a quiet time or with an online schema change tool (gh-ost, pt-online-schema-change).',
});

export const typeChangeRewritesTable = restatedColumnRule({
  code: WARNINGS.typeChangeRewritesTable.code,
  family: 'locking',
  severity: WARNINGS.typeChangeRewritesTable.severity,
  summary: WARNINGS.typeChangeRewritesTable.summary,
  safer: WARNINGS.typeChangeRewritesTable.action,
});

export const varcharNarrowing = restatedColumnRule({
  code: 'mysql-varchar-narrowing',
  family: 'data-dependent',
  severity: 'review',
  summary:
    'A VARCHAR or CHAR gets shorter than before.prisma has it: strict mode (the default) fails on the first longer value, non-strict mode cuts the values silently.',
  safer: 'Shorten or move the longer values first (`SELECT ... WHERE CHAR_LENGTH(col) > n`).',
});

const restatedCharset = restatedColumnRule({
  code: 'mysql-charset-change',
  family: 'data-dependent',
  severity: 'review',
  summary:
    'Text changes character set or collation: every value is converted, which rewrites the table, may fail on bytes the new character set cannot hold, and changes how values sort and compare.',
  safer:
    'Check that every value fits the new character set and that unique indexes over the columns find no new duplicates; for a big table, use an online schema change tool.',
});

/** Also `ALTER TABLE t CONVERT TO CHARACTER SET ...`, which converts every text column of the table. */
export const charsetChange: LintRule = {
  ...restatedCharset,
  check(statement, context) {
    const hits = [...restatedCharset.check(statement, context)];
    const table = treeOf(statement)?.convertsCharset;
    if (table === undefined || !context.existedBefore(table, statement)) return hits;
    const rows = context.rows?.get(table);
    if (rows === 0) return hits;
    hits.push({
      message: `Converts every text column of \`${table}\` to another character set${rowsText(rows)}: the table is rewritten, a value the new character set cannot hold fails the statement, and sorting and comparing change (unique indexes may find new duplicates).`,
      table,
      ...(rows === undefined ? {} : { rows }),
    });
    return hits;
  },
};

export const MYSQL_LINT_RULES: readonly LintRule[] = [
  implicitCommit,
  modifyRewritesTable,
  typeChangeRewritesTable,
  varcharNarrowing,
  charsetChange,
];
