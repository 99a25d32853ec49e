/**
 * MySQL's own review notes on a plan (`Provider.explain`): what this database does that core's
 * neutral lint cannot know. Core turns each into a warning and counts the rows it touches.
 */
import {
  type Change,
  type EmitContext,
  isNarrowingChange,
  type ProviderNote,
  type TableChange,
  WARNINGS,
} from '@strata/core';
import { emit } from './emit.js';
import { canonicalNative, enumValuesOf } from './types.js';

type AlterColumn = Extract<TableChange, { kind: 'AlterColumn' }>;

/** `VARCHAR(255)` -> ['VARCHAR', 255]; undefined for other types. */
function characterLength(native: string): readonly [string, number] | undefined {
  const match = /^(VARCHAR|CHAR)\((\d+)\)$/.exec(canonicalNative(native));
  return match === null ? undefined : [match[1] as string, Number(match[2])];
}

const TEXT_FAMILY = /^(VARCHAR|CHAR|TINYTEXT|TEXT|MEDIUMTEXT|LONGTEXT|ENUM)\b/;
const BINARY_FAMILY = /^(VARBINARY|BINARY|TINYBLOB|BLOB|MEDIUMBLOB|LONGBLOB)\b/;

/** True when the column's bytes are re-encoded: text <-> binary, or a CHARACTER SET / COLLATE that changes. */
function changesCharset(c: AlterColumn): boolean {
  const from = canonicalNative(c.from.type.native);
  const to = canonicalNative(c.to.type.native);
  const charsetOf = (t: string): string => /\b(CHARACTER SET|CHARSET|COLLATE)\b.*$/.exec(t)?.[0] ?? '';
  if (charsetOf(from) !== charsetOf(to)) return true;
  return (TEXT_FAMILY.test(from) && BINARY_FAMILY.test(to)) || (BINARY_FAMILY.test(from) && TEXT_FAMILY.test(to));
}

/** An ENUM that only gains values at its end: MySQL changes its definition in place, without copying rows. */
function appendsEnumValues(c: AlterColumn): boolean {
  const from = enumValuesOf(c.from.type.native);
  const to = enumValuesOf(c.to.type.native);
  return from !== undefined && to !== undefined && to.length >= from.length && from.every((v, i) => v === to[i]);
}

/**
 * Statements that succeed or fail depending on the rows: a unique index or key over duplicates, a
 * MODIFY over values that do not fit (strict mode) or NULLs, a foreign key over orphans.
 */
function canFailOnRows(sql: string): boolean {
  return /^CREATE UNIQUE INDEX|\bMODIFY `|\bADD PRIMARY KEY|FOREIGN KEY \(/.test(sql);
}

function firstLine(sql: string): string {
  const line = sql.split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

export function explain(changes: readonly Change[], context: EmitContext): ProviderNote[] {
  const notes: ProviderNote[] = [];
  const statements = emit(changes, context);
  const risky = statements.findIndex((s, i) => i > 0 && s.source.kind !== 'CreateTable' && canFailOnRows(s.sql));
  const at = statements[risky];
  if (at !== undefined && risky > 0) {
    notes.push({
      code: 'mysql-implicit-commit',
      severity: 'review',
      message: `MySQL commits every DDL statement at once (implicit commit): statement ${risky + 1} of ${statements.length} can fail on the rows it finds (\`${firstLine(at.sql)}\`), and if it does, the ${risky} before it stay applied. strata records how many ran: fix what made it fail and \`strata migrate deploy --resume\` runs it on from there, or finish or undo it by hand and \`strata migrate resolve\`.`,
      change: at.source,
    });
  }
  for (const change of changes) {
    if (change.kind !== 'AlterTable') continue;
    const table = change.name;
    for (const tableChange of change.changes) {
      if (tableChange.kind !== 'AlterColumn') continue;
      const c = tableChange;
      const at = { table, column: c.name, change, tableChange };
      const typeChanged = c.changed.includes('type');
      if (typeChanged && !isNarrowingChange(c.from.type, c.to.type) && !appendsEnumValues(c)) {
        notes.push({
          code: WARNINGS.typeChangeRewritesTable.code,
          severity: WARNINGS.typeChangeRewritesTable.severity,
          message: `Changing the type of \`${c.name}\` on \`${table}\` is a MODIFY that copies the whole table and blocks writes to it until done. ${WARNINGS.typeChangeRewritesTable.action}`,
          ...at,
        });
      } else if (c.changed.includes('nullability')) {
        notes.push({
          code: 'mysql-modify-rewrites-table',
          severity: 'review',
          message: `Making \`${c.name}\` on \`${table}\` ${c.to.nullable ? 'optional' : 'required'} is a MODIFY that rebuilds the table and blocks writes to it until done. For a big table, run it at a quiet time or with an online schema change tool.`,
          ...at,
        });
      }
      const before = characterLength(c.from.type.native);
      const after = characterLength(c.to.type.native);
      if (typeChanged && before !== undefined && after !== undefined && after[1] < before[1]) {
        notes.push({
          code: 'mysql-varchar-narrowing',
          severity: 'review',
          message: `\`${c.name}\` on \`${table}\` shrinks from ${before[0]}(${before[1]}) to ${after[0]}(${after[1]}): in strict SQL mode (MySQL's and MariaDB's default) the MODIFY fails on the first longer value; without it MySQL cuts the values silently. Shorten or move the longer values first.`,
          ...at,
        });
      }
      if (typeChanged && changesCharset(c)) {
        notes.push({
          code: 'mysql-charset-change',
          severity: 'review',
          message: `\`${c.name}\` on \`${table}\` changes character set or collation (${c.from.type.native} -> ${c.to.type.native}): every value is converted, which rewrites the table, may fail on bytes the new character set cannot hold, and changes how values sort and compare (unique indexes over it may find new duplicates).`,
          ...at,
        });
      }
    }
  }
  return notes;
}
