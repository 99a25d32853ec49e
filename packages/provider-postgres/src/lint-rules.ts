/**
 * PostgreSQL's own lint rules: how its locks make a statement on a table in use stall the
 * application (every query on the table queues behind a lock that waits or scans), and what it
 * refuses outright. They read the statements' effects and, where the effects say too little
 * (constraint names, explicit transaction blocks), the parse tree (`PgTree`, lint-effects.ts).
 *
 * A table this migration creates is never in use; with `--url`, neither is an empty one
 * (`LOCK_HARMLESS_MAX_ROWS`).
 */
import {
  type AnalyzedStatement,
  type LintContext,
  type LintRule,
  lineStarts,
  position,
  qualifiedName,
  type RuleHit,
  rowsSuffix,
  sameTable,
  WARNINGS,
} from '@strata/core';
import type { AlterTableCmd, Constraint, Node } from 'libpg-query';
import { dottedName, type PgTree, tableName } from './lint-effects.js';

/**
 * Rows up to which a table's lock harms nothing (counted with `--url`): an empty table is
 * scanned or rewritten in no time, and nothing reads it. Any row may be read by a query the
 * lock makes wait, so the bound is 0.
 */
export const LOCK_HARMLESS_MAX_ROWS = 0;

function stmtsOf(statement: AnalyzedStatement): readonly Node[] {
  const tree = statement.tree as PgTree | undefined;
  return tree !== undefined && 'stmts' in tree ? tree.stmts : [];
}

/** The ALTER TABLE commands of a statement, with the table they alter. */
function alterTableCmds(statement: AnalyzedStatement): { table: string; cmd: AlterTableCmd }[] {
  return stmtsOf(statement).flatMap((node) =>
    'AlterTableStmt' in node && node.AlterTableStmt.objtype === 'OBJECT_TABLE'
      ? (node.AlterTableStmt.cmds ?? []).flatMap((cmd) =>
          'AlterTableCmd' in cmd ? [{ table: tableName(node.AlterTableStmt.relation), cmd: cmd.AlterTableCmd }] : [],
        )
      : [],
  );
}

function constraintOf(cmd: AlterTableCmd): Constraint | undefined {
  return cmd.subtype === 'AT_AddConstraint' && cmd.def !== undefined && 'Constraint' in cmd.def
    ? cmd.def.Constraint
    : undefined;
}

/** True when the table existed before the statement and, if counted, holds more than `LOCK_HARMLESS_MAX_ROWS` rows. */
function inUse(statement: AnalyzedStatement, context: LintContext, table: string): boolean {
  if (!context.existedBefore(table, statement)) return false;
  const rows = context.rows?.get(table);
  return rows === undefined || rows > LOCK_HARMLESS_MAX_ROWS;
}

function hitOn(context: LintContext, table: string, message: string, column?: string): RuleHit {
  const rows = context.rows?.get(table);
  return {
    message: `${message}${rowsSuffix({ rows })}.`,
    table,
    ...(column === undefined ? {} : { column }),
    ...(rows === undefined ? {} : { rows }),
  };
}

/** The table an index belongs to, from the schema before the migration (DROP INDEX names only the index). */
function tableOfIndex(context: LintContext, index: string): string | undefined {
  const bare = index.slice(index.lastIndexOf('.') + 1);
  const table = context.before?.tables.find((t) => t.indexes.some((i) => i.name === bare));
  return table === undefined ? undefined : qualifiedName(table);
}

/** True when a statement before `statement` created the index (dropping it again touches nothing in use). */
function createdEarlier(context: LintContext, statement: AnalyzedStatement, index: string): boolean {
  return context.statements
    .slice(0, statement.index)
    .some((s) =>
      s.effects.some((e) => e.kind === 'create-index' && e.index !== undefined && sameTable(e.index, index)),
    );
}

export const pgParseError: LintRule = {
  code: 'pg-parse-error',
  family: 'hand-edit',
  severity: 'review',
  summary:
    "PostgreSQL's parser rejects the statement: it fails when the migration runs, and no other rule can judge it.",
  safer: 'Fix the statement (run it against a development database to see the same error), then lint again.',
  check(statement, context) {
    const tree = statement.tree as PgTree | undefined;
    if (tree === undefined || !('error' in tree)) return [];
    const at = tree.error.offset === undefined ? '' : ` (${where(context.migration.sql, tree.error.offset)})`;
    return [{ message: `PostgreSQL's parser rejects this statement: ${tree.error.message}${at}.` }];
  },
};

function where(sql: string, offset: number): string {
  const { line, column } = position(lineStarts(sql), offset);
  return `line ${line}, column ${column}`;
}

export const indexWithoutConcurrently: LintRule = {
  code: WARNINGS.indexWithoutConcurrently.code,
  family: 'locking',
  severity: WARNINGS.indexWithoutConcurrently.severity,
  summary: WARNINGS.indexWithoutConcurrently.summary,
  safer: WARNINGS.indexWithoutConcurrently.action,
  check(statement, context) {
    return statement.effects.flatMap((effect) =>
      effect.kind === 'create-index' && effect.concurrently !== true && inUse(statement, context, effect.table)
        ? [
            hitOn(
              context,
              effect.table,
              `Builds the ${effect.unique ? 'unique ' : ''}index ${effect.index === undefined ? '' : `\`${effect.index}\` `}on the existing table \`${effect.table}\` without CONCURRENTLY: writes to it wait until the index is built`,
            ),
          ]
        : [],
    );
  },
};

/** What in a statement PostgreSQL refuses inside a transaction block. */
function concurrentOperation(statement: AnalyzedStatement): string | undefined {
  for (const effect of statement.effects) {
    if (effect.kind === 'create-index' && effect.concurrently === true) return 'CREATE INDEX CONCURRENTLY';
    if (effect.kind === 'drop-index' && effect.concurrently === true) return 'DROP INDEX CONCURRENTLY';
  }
  for (const node of stmtsOf(statement)) {
    if (
      'ReindexStmt' in node &&
      (node.ReindexStmt.params ?? []).some((p) => 'DefElem' in p && p.DefElem.defname === 'concurrently')
    )
      return 'REINDEX CONCURRENTLY';
  }
  const detach = alterTableCmds(statement).some(
    ({ cmd }) =>
      cmd.subtype === 'AT_DetachPartition' &&
      cmd.def !== undefined &&
      'PartitionCmd' in cmd.def &&
      cmd.def.PartitionCmd.concurrent === true,
  );
  return detach ? 'DETACH PARTITION ... CONCURRENTLY' : undefined;
}

/** The statement that opened the explicit transaction block `statement` is in (BEGIN without COMMIT yet), if any. */
function openingBegin(context: LintContext, statement: AnalyzedStatement): AnalyzedStatement | undefined {
  let open: AnalyzedStatement | undefined;
  for (const earlier of context.statements.slice(0, statement.index)) {
    for (const node of stmtsOf(earlier)) {
      if (!('TransactionStmt' in node)) continue;
      const kind = node.TransactionStmt.kind;
      if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') open ??= earlier;
      else if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_PREPARE')
        open = undefined;
    }
  }
  return open;
}

export const pgConcurrentlyInTransaction: LintRule = {
  code: 'pg-concurrently-in-transaction',
  family: 'locking',
  severity: 'would-fail',
  summary:
    'A CONCURRENTLY operation runs inside a transaction block, which PostgreSQL refuses: the migration fails there.',
  safer:
    'Put it in a migration of its own, without BEGIN/COMMIT around it, and start the file with `-- strata:no-transaction`: strata then runs it outside a transaction.',
  check(statement, context) {
    const operation = concurrentOperation(statement);
    if (operation === undefined) return [];
    const begin = openingBegin(context, statement);
    if (begin !== undefined)
      return [
        {
          message: `${operation} is inside the transaction block opened by \`${context.migration.sql.slice(begin.start, begin.end)}\` (${where(context.migration.sql, begin.start)}): PostgreSQL refuses it there.`,
        },
      ];
    if (context.migration.transactional)
      return [
        {
          message: `${operation} runs inside this migration's transaction (nothing in the file takes it out of one): PostgreSQL refuses it there.`,
        },
      ];
    return [];
  },
};

export const pgDropIndexWithoutConcurrently: LintRule = {
  code: 'pg-drop-index-without-concurrently',
  family: 'locking',
  severity: 'review',
  summary:
    "An index is dropped without CONCURRENTLY: the ACCESS EXCLUSIVE lock on its table blocks every read and write while it waits for the table's other users.",
  safer:
    '`DROP INDEX CONCURRENTLY "name";`, one index per statement, in a migration of its own starting with `-- strata:no-transaction`.',
  check(statement, context) {
    return statement.effects.flatMap((effect): RuleHit[] => {
      if (
        effect.kind !== 'drop-index' ||
        effect.concurrently === true ||
        createdEarlier(context, statement, effect.index)
      )
        return [];
      const table = effect.table ?? tableOfIndex(context, effect.index);
      if (table !== undefined && !inUse(statement, context, table)) return [];
      const message = `Drops the index \`${effect.index}\` without CONCURRENTLY: ${table === undefined ? 'its table' : `\`${table}\``} is locked against reads and writes meanwhile`;
      return [table === undefined ? { message: `${message}.` } : hitOn(context, table, message)];
    });
  },
};

/** The name of a constraint validated by `ALTER TABLE table VALIDATE CONSTRAINT name` in a statement after `statement`. */
function validatedLater(context: LintContext, statement: AnalyzedStatement, table: string, name: string): boolean {
  return context.statements
    .slice(statement.index + 1)
    .some((later) =>
      alterTableCmds(later).some(
        (c) => c.cmd.subtype === 'AT_ValidateConstraint' && c.cmd.name === name && sameTable(c.table, table),
      ),
    );
}

export const pgConstraintWithoutNotValid: LintRule = {
  code: 'pg-constraint-without-not-valid',
  family: 'locking',
  severity: 'review',
  summary:
    'A FOREIGN KEY or CHECK is added to an existing table without NOT VALID: PostgreSQL checks every row while holding a lock that blocks writes (a CHECK: reads too).',
  safer:
    'Add it with `NOT VALID` (new rows are checked from then on), then `ALTER TABLE ... VALIDATE CONSTRAINT "name";` in a later migration: validating scans under a lock that lets reads and writes go on.',
  check(statement, context) {
    return alterTableCmds(statement).flatMap(({ table, cmd }): RuleHit[] => {
      const constraint = constraintOf(cmd);
      if (constraint?.contype !== 'CONSTR_FOREIGN' && constraint?.contype !== 'CONSTR_CHECK') return [];
      if (!inUse(statement, context, table)) return [];
      const what = `${constraint.contype === 'CONSTR_FOREIGN' ? 'foreign key' : 'CHECK'}${constraint.conname === undefined ? '' : ` \`${constraint.conname}\``}`;
      if (constraint.skip_validation !== true)
        return [
          hitOn(
            context,
            table,
            `Adds the ${what} to \`${table}\` without NOT VALID: every row is checked under the lock`,
          ),
        ];
      // validating in the same transaction scans while the lock taken by ADD is still held
      if (
        context.migration.transactional &&
        constraint.conname !== undefined &&
        validatedLater(context, statement, table, constraint.conname)
      )
        return [
          hitOn(
            context,
            table,
            `Adds the ${what} to \`${table}\` NOT VALID, but validates it later in the same transaction: the rows are checked while this statement's lock is still held`,
          ),
        ];
      return [];
    });
  },
};

/** `CHECK ("column" IS NOT NULL)`: the column its expression proves not null, if that is all it says. */
function notNullColumnOf(constraint: Constraint): string | undefined {
  const test = constraint.raw_expr;
  if (test === undefined || !('NullTest' in test) || test.NullTest.nulltesttype !== 'IS_NOT_NULL') return undefined;
  const arg = test.NullTest.arg;
  return arg !== undefined && 'ColumnRef' in arg ? dottedName(arg.ColumnRef.fields).split('.').at(-1) : undefined;
}

/** True when, before `statement`, the file adds a CHECK (column IS NOT NULL) on the table and it is valid by then. */
function provenNotNull(context: LintContext, statement: AnalyzedStatement, table: string, column: string): boolean {
  const pending = new Set<string>();
  for (const earlier of context.statements.slice(0, statement.index)) {
    for (const { table: altered, cmd } of alterTableCmds(earlier)) {
      if (!sameTable(altered, table)) continue;
      const constraint = constraintOf(cmd);
      if (constraint?.contype === 'CONSTR_CHECK' && notNullColumnOf(constraint) === column) {
        if (constraint.skip_validation !== true) return true;
        if (constraint.conname !== undefined) pending.add(constraint.conname);
      }
      if (cmd.subtype === 'AT_ValidateConstraint' && cmd.name !== undefined && pending.has(cmd.name)) return true;
    }
  }
  return false;
}

export const pgAddKeyBuildsIndex: LintRule = {
  code: 'pg-add-key-builds-index',
  family: 'locking',
  severity: 'review',
  summary:
    'A PRIMARY KEY or UNIQUE constraint is added to an existing table without USING INDEX: its unique index is built while an ACCESS EXCLUSIVE lock blocks every read and write of the table.',
  safer:
    'Build the index first, `CREATE UNIQUE INDEX CONCURRENTLY "name" ON "table"(...);` in a migration of its own (`-- strata:no-transaction`), then `ALTER TABLE "table" ADD CONSTRAINT "name" PRIMARY KEY USING INDEX "name";` (or `UNIQUE USING INDEX`): only that brief step takes the lock.',
  check(statement, context) {
    return alterTableCmds(statement).flatMap(({ table, cmd }): RuleHit[] => {
      const constraint = constraintOf(cmd);
      // USING INDEX adopts an index built beforehand: nothing is built under the lock
      if (constraint?.contype !== 'CONSTR_PRIMARY' && constraint?.contype !== 'CONSTR_UNIQUE') return [];
      if (constraint.indexname !== undefined || !inUse(statement, context, table)) return [];
      const what = `${constraint.contype === 'CONSTR_PRIMARY' ? 'primary key' : 'unique constraint'}${constraint.conname === undefined ? '' : ` \`${constraint.conname}\``}`;
      return [
        hitOn(
          context,
          table,
          `Adds the ${what} to the existing table \`${table}\`: its index is built under an ACCESS EXCLUSIVE lock, no read or write of the table runs meanwhile`,
        ),
      ];
    });
  },
};

export const pgSetNotNullScans: LintRule = {
  code: 'pg-set-not-null-scans',
  family: 'locking',
  severity: 'review',
  summary:
    'SET NOT NULL on an existing table scans every row under an ACCESS EXCLUSIVE lock: no read or write of the table runs meanwhile.',
  safer:
    'Add `CHECK ("column" IS NOT NULL) NOT VALID`, `VALIDATE CONSTRAINT` it in a later migration, then SET NOT NULL (PostgreSQL 12+ skips the scan when a valid CHECK proves it) and drop the CHECK.',
  check(statement, context) {
    return statement.effects.flatMap((effect) =>
      effect.kind === 'set-not-null' &&
      inUse(statement, context, effect.table) &&
      !provenNotNull(context, statement, effect.table, effect.column)
        ? [
            hitOn(
              context,
              effect.table,
              `Makes \`${effect.table}\`.\`${effect.column}\` NOT NULL: every row is scanned under an ACCESS EXCLUSIVE lock`,
              effect.column,
            ),
          ]
        : [],
    );
  },
};

export const typeChangeRewritesTable: LintRule = {
  code: WARNINGS.typeChangeRewritesTable.code,
  family: 'locking',
  severity: WARNINGS.typeChangeRewritesTable.severity,
  summary: WARNINGS.typeChangeRewritesTable.summary,
  safer: WARNINGS.typeChangeRewritesTable.action,
  check(statement, context) {
    return statement.effects.flatMap((effect) => {
      if (effect.kind !== 'alter-column-type' || !inUse(statement, context, effect.table)) return [];
      // a narrowing is `narrow-type` alone, as in the plan's warnings
      const narrowed = context.plan?.warnings.some(
        (w) =>
          w.code === WARNINGS.narrowType.code &&
          w.table !== undefined &&
          sameTable(w.table, effect.table) &&
          w.column === effect.column,
      );
      if (narrowed === true) return [];
      return [
        hitOn(
          context,
          effect.table,
          `Changes the type of \`${effect.table}\`.\`${effect.column}\`: unless the old values are binary-compatible, the table is rewritten under an ACCESS EXCLUSIVE lock`,
          effect.column,
        ),
      ];
    });
  },
};

export const pgVolatileDefault: LintRule = {
  code: 'pg-volatile-default',
  family: 'locking',
  severity: 'review',
  summary:
    'A column is added with a value computed row by row (a volatile default such as gen_random_uuid() or random(), serial, identity, a stored generated column): the whole table is rewritten under an ACCESS EXCLUSIVE lock. A constant default (or now()) is not: since PostgreSQL 11 it is kept in the catalog.',
  safer:
    'Add the column without that default (NULL, or a constant), `ALTER COLUMN ... SET DEFAULT` it for new rows, then fill the existing rows in batches of `UPDATE`s in later migrations.',
  check(statement, context) {
    return statement.effects.flatMap((effect) =>
      effect.kind === 'add-column' && effect.default === 'volatile' && inUse(statement, context, effect.table)
        ? [
            hitOn(
              context,
              effect.table,
              `Adds \`${effect.column}\` to \`${effect.table}\` with a value computed for every row: the table is rewritten under an ACCESS EXCLUSIVE lock`,
              effect.column,
            ),
          ]
        : [],
    );
  },
};

/**
 * The lock on a table in use that a statement waits for (ACCESS EXCLUSIVE, SHARE for CREATE
 * INDEX, SHARE ROW EXCLUSIVE for the table a foreign key references), or undefined. DROP INDEX names only its index: `table` is absent when no snapshot says
 * whose it is.
 */
function lockWaited(
  statement: AnalyzedStatement,
  context: LintContext,
): { readonly table?: string; readonly droppedIndex?: string } | undefined {
  for (const effect of statement.effects) {
    switch (effect.kind) {
      case 'create-table':
      case 'set-timeout':
      case 'other':
        break;
      case 'create-index':
        if (effect.concurrently !== true && inUse(statement, context, effect.table)) return { table: effect.table };
        break;
      case 'drop-index': {
        if (effect.concurrently === true || createdEarlier(context, statement, effect.index)) break;
        const table = effect.table ?? tableOfIndex(context, effect.index);
        if (table === undefined) return { droppedIndex: effect.index };
        if (inUse(statement, context, table)) return { table };
        break;
      }
      case 'rename-table':
        if (inUse(statement, context, effect.from)) return { table: effect.from };
        break;
      default:
        if (inUse(statement, context, effect.table)) return { table: effect.table };
    }
  }
  // any other ALTER TABLE (SET DEFAULT, ...), but those that let reads and writes go on
  const altered = alterTableCmds(statement).find(
    ({ cmd }) => cmd.subtype !== 'AT_ValidateConstraint' && cmd.subtype !== 'AT_DetachPartition',
  );
  if (altered !== undefined && inUse(statement, context, altered.table)) return { table: altered.table };
  // a foreign key locks the table it references too (SHARE ROW EXCLUSIVE: writes wait), even from a new table
  const referenced = referencedTables(statement).find((table) => inUse(statement, context, table));
  return referenced === undefined ? undefined : { table: referenced };
}

/** The tables the foreign keys a statement adds (CREATE TABLE, ALTER TABLE ADD CONSTRAINT or ADD COLUMN) reference. */
export function referencedTables(statement: AnalyzedStatement): string[] {
  const tables: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) visit(item);
    else if (value !== null && typeof value === 'object') {
      const constraint = (value as { Constraint?: Constraint }).Constraint;
      if (constraint?.contype === 'CONSTR_FOREIGN' && constraint.pktable !== undefined)
        tables.push(tableName(constraint.pktable));
      for (const item of Object.values(value)) visit(item);
    }
  };
  for (const node of stmtsOf(statement)) if ('CreateStmt' in node || 'AlterTableStmt' in node) visit(node);
  return tables;
}

/** True when a `SET lock_timeout` before `statement` bounds its wait (`SET LOCAL` only inside the migration's transaction). */
function lockTimeoutSet(context: LintContext, statement: AnalyzedStatement): boolean {
  return context.statements
    .slice(0, statement.index)
    .some(
      (earlier) =>
        earlier.effects.some((e) => e.kind === 'set-timeout' && e.setting === 'lock') &&
        (context.migration.transactional ||
          !stmtsOf(earlier).some((node) => 'VariableSetStmt' in node && node.VariableSetStmt.is_local === true)),
    );
}

type UnboundedLock = { readonly index: number; readonly table?: string; readonly droppedIndex?: string };
const firstUnboundedLock = new WeakMap<LintContext, UnboundedLock | null>();

function findFirstUnboundedLock(context: LintContext): UnboundedLock | null {
  for (const statement of context.statements) {
    const lock = lockWaited(statement, context);
    if (lock === undefined) continue;
    if (lockTimeoutSet(context, statement)) return null;
    return { index: statement.index, ...lock };
  }
  return null;
}

export const pgMissingLockTimeout: LintRule = {
  code: 'pg-missing-lock-timeout',
  family: 'locking',
  severity: 'review',
  summary:
    'A statement waits for a lock on a table in use with no lock_timeout: while a long transaction holds the table, it waits, and every query on the table queues behind it.',
  safer:
    "Start the migration with `SET lock_timeout = '5s';`: a statement that cannot get its lock in time fails (the migration can be retried) instead of stalling the application.",
  check(statement, context) {
    // one finding per migration, at its first such statement: computed once per lint
    let first = firstUnboundedLock.get(context);
    if (first === undefined) {
      first = findFirstUnboundedLock(context);
      firstUnboundedLock.set(context, first);
    }
    if (first === null || first.index !== statement.index) return [];
    return [
      first.table === undefined
        ? { message: `Waits for a lock on the table of \`${first.droppedIndex}\` with no lock_timeout set before it.` }
        : hitOn(context, first.table, `Waits for a lock on \`${first.table}\` with no lock_timeout set before it`),
    ];
  },
};

export const PG_LINT_RULES: readonly LintRule[] = [
  pgParseError,
  pgConcurrentlyInTransaction,
  indexWithoutConcurrently,
  pgDropIndexWithoutConcurrently,
  pgConstraintWithoutNotValid,
  pgAddKeyBuildsIndex,
  pgSetNotNullScans,
  typeChangeRewritesTable,
  pgVolatileDefault,
  pgMissingLockTimeout,
];
