/**
 * MySQL's own review notes on a plan (`Provider.explain`): what this database does that core's
 * neutral lint cannot know. Core turns each into a warning and counts the rows it touches. The
 * migration linter's MySQL rules (lint-rules.ts) judge hand-written SQL with the same functions.
 */
import {
  type Change,
  type ColumnType,
  type EmitContext,
  isNarrowingChange,
  type ProviderNote,
  type StatementEffect,
  WARNINGS,
} from '@strata/core';
import { emit } from './emit.js';
import { readStatement } from './lint.js';
import { splitStatements } from './split.js';
import { canonicalNative, enumValuesOf } from './types.js';

/** `VARCHAR(255)` -> ['VARCHAR', 255]; undefined for other types. */
function characterLength(native: string): readonly [string, number] | undefined {
  const match = /^(VARCHAR|CHAR)\((\d+)\)$/.exec(canonicalNative(native));
  return match === null ? undefined : [match[1] as string, Number(match[2])];
}

const TEXT_FAMILY = /^(VARCHAR|CHAR|TINYTEXT|TEXT|MEDIUMTEXT|LONGTEXT|ENUM)\b/;
const BINARY_FAMILY = /^(VARBINARY|BINARY|TINYBLOB|BLOB|MEDIUMBLOB|LONGBLOB)\b/;

/** True when the column's bytes are re-encoded: text <-> binary, or a CHARACTER SET / COLLATE that changes. */
function changesCharset(fromNative: string, toNative: string): boolean {
  const from = canonicalNative(fromNative);
  const to = canonicalNative(toNative);
  const charsetOf = (t: string): string => /\b(CHARACTER SET|CHARSET|COLLATE)\b.*$/.exec(t)?.[0] ?? '';
  if (charsetOf(from) !== charsetOf(to)) return true;
  return (TEXT_FAMILY.test(from) && BINARY_FAMILY.test(to)) || (BINARY_FAMILY.test(from) && TEXT_FAMILY.test(to));
}

/** An ENUM that only gains values at its end: MySQL changes its definition in place, without copying rows. */
function appendsEnumValues(fromType: ColumnType, toType: ColumnType): boolean {
  const from = enumValuesOf(fromType.native);
  const to = enumValuesOf(toType.native);
  return from !== undefined && to !== undefined && to.length >= from.length && from.every((v, i) => v === to[i]);
}

/**
 * Effects that succeed or fail depending on the rows: a unique index or key over duplicates, a
 * MODIFY over values that do not fit (strict mode) or NULLs, a primary, foreign or check key over
 * rows that break it.
 */
export function canFailOnRows(effect: StatementEffect): boolean {
  return (
    (effect.kind === 'create-index' && effect.unique) ||
    effect.kind === 'add-constraint' ||
    effect.kind === 'alter-column-type' ||
    effect.kind === 'set-not-null'
  );
}

/** The statement's first line, without its `;`, cut at 120 characters. */
function firstLine(sql: string): string {
  const line = (sql.split('\n')[0] ?? '').replace(/\s*;\s*$/, '');
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

/** The `mysql-implicit-commit` message for the statement at `index` (0-based) of `total`. */
export function implicitCommitMessage(index: number, total: number, sql: string): string {
  return `MySQL commits every DDL statement at once (implicit commit): statement ${index + 1} of ${total} can fail on the rows it finds (\`${firstLine(sql)}\`), and if it does, the ${index} before it stay applied. strata records how many ran: fix what made it fail and \`strata migrate deploy --resume\` runs it on from there, or finish or undo it by hand and \`strata migrate resolve\`.`;
}

/** A column's type and nullability, before or after a change. */
export interface ColumnShape {
  readonly type: ColumnType;
  readonly nullable: boolean;
}

/** What MySQL makes of one column's change of type or nullability (the notes, without their change). */
export function columnChangeNotes(
  table: string,
  column: string,
  from: ColumnShape,
  to: ColumnShape,
  changed: { readonly type: boolean; readonly nullability: boolean },
): Pick<ProviderNote, 'code' | 'severity' | 'message'>[] {
  const notes: Pick<ProviderNote, 'code' | 'severity' | 'message'>[] = [];
  const typeChanged = changed.type;
  if (typeChanged && !isNarrowingChange(from.type, to.type) && !appendsEnumValues(from.type, to.type)) {
    notes.push({
      code: WARNINGS.typeChangeRewritesTable.code,
      severity: WARNINGS.typeChangeRewritesTable.severity,
      message: `Changing the type of \`${column}\` on \`${table}\` is a MODIFY that copies the whole table and blocks writes to it until done. ${WARNINGS.typeChangeRewritesTable.action}`,
    });
  } else if (changed.nullability) {
    notes.push({
      code: 'mysql-modify-rewrites-table',
      severity: 'review',
      message: `Making \`${column}\` on \`${table}\` ${to.nullable ? 'optional' : 'required'} is a MODIFY that rebuilds the table and blocks writes to it until done. For a big table, run it at a quiet time or with an online schema change tool.`,
    });
  }
  const before = characterLength(from.type.native);
  const after = characterLength(to.type.native);
  if (typeChanged && before !== undefined && after !== undefined && after[1] < before[1]) {
    notes.push({
      code: 'mysql-varchar-narrowing',
      severity: 'review',
      message: `\`${column}\` on \`${table}\` shrinks from ${before[0]}(${before[1]}) to ${after[0]}(${after[1]}): in strict SQL mode (MySQL's and MariaDB's default) the MODIFY fails on the first longer value; without it MySQL cuts the values silently. Shorten or move the longer values first.`,
    });
  }
  if (typeChanged && changesCharset(from.type.native, to.type.native)) {
    notes.push({
      code: 'mysql-charset-change',
      severity: 'review',
      message: `\`${column}\` on \`${table}\` changes character set or collation (${from.type.native} -> ${to.type.native}): every value is converted, which rewrites the table, may fail on bytes the new character set cannot hold, and changes how values sort and compare (unique indexes over it may find new duplicates).`,
    });
  }
  return notes;
}

export function explain(changes: readonly Change[], context: EmitContext): ProviderNote[] {
  const notes: ProviderNote[] = [];
  const statements = emit(changes, context);
  const risky = statements.findIndex(
    (s, i) =>
      i > 0 &&
      s.source.kind !== 'CreateTable' &&
      splitStatements(s.sql).some((part) => readStatement(part.text).effects.some(canFailOnRows)),
  );
  const at = statements[risky];
  if (at !== undefined && risky > 0) {
    notes.push({
      code: 'mysql-implicit-commit',
      severity: 'review',
      message: implicitCommitMessage(risky, statements.length, at.sql),
      change: at.source,
    });
  }
  for (const change of changes) {
    if (change.kind !== 'AlterTable') continue;
    for (const tableChange of change.changes) {
      if (tableChange.kind !== 'AlterColumn') continue;
      const c = tableChange;
      const changed = { type: c.changed.includes('type'), nullability: c.changed.includes('nullability') };
      for (const note of columnChangeNotes(change.name, c.name, c.from, c.to, changed))
        notes.push({ ...note, table: change.name, column: c.name, change, tableChange });
    }
  }
  return notes;
}
