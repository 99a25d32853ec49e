/**
 * CHECK constraints. Prisma cannot express them, so strata never creates or diffs them; but users
 * add them by hand, and a table rebuild (which re-creates the table from the IR) would silently
 * drop them. Introspection therefore keeps each table's CHECK clauses, verbatim, in `Table.checks`
 * (unmanaged information the differ ignores), and the rebuild writes them into the new table.
 *
 * Column-level checks (`"price" INTEGER CHECK ("price" >= 0)`) are kept as table-level clauses:
 * SQLite treats both alike, and a table-level clause survives the column list being rewritten.
 */
import { StrataError } from '@strata/core';
import { type AlterTableChange, mentions } from './rebuild.js';
import { parenthesizedAfter, splitTopLevel, stripComments } from './sql.js';

const IDENT = String.raw`(?:"(?:[^"]|"")*"|\`[^\`]*\`|\[[^\]]*\]|[A-Za-z_][\w$]*)`;
const CHECK_START = new RegExp(String.raw`(?:\bCONSTRAINT\s+${IDENT}\s+)?\bCHECK\s*\(`, 'gi');

/**
 * Blanks out the inside of quoted strings and identifiers (same length, quotes kept), so that
 * keywords inside them are not found while `CONSTRAINT "name"` still reads as one.
 */
function maskQuoted(text: string): string {
  return text.replace(
    /'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]/g,
    (quoted) => `${quoted[0]}${'_'.repeat(quoted.length - 2)}${quoted.at(-1)}`,
  );
}

/** Every CHECK clause of a CREATE TABLE statement, in definition order, as `[CONSTRAINT "n"] CHECK (...)`. */
export function checkClauses(createSql: string): string[] {
  const body = parenthesizedAfter(stripComments(createSql), 0);
  if (body === undefined) return [];
  const clauses: string[] = [];
  for (const part of splitTopLevel(body.inner)) {
    const masked = maskQuoted(part);
    for (const match of masked.matchAll(CHECK_START)) {
      const start = match.index;
      const expression = parenthesizedAfter(part, start + match[0].length - 1);
      if (expression === undefined) continue;
      clauses.push(part.slice(start, expression.end).replace(/\s+/g, ' ').trim());
    }
  }
  return clauses;
}

/**
 * The CHECK clauses the rebuilt table keeps (under the table's old column names, as the rebuild
 * runs before renames). A clause over dropped columns only goes with them, as in PostgreSQL; one
 * over dropped AND surviving columns cannot be kept nor silently dropped: refused.
 */
export function carriedChecks(change: AlterTableChange): readonly string[] | undefined {
  const checks = change.from.checks;
  if (checks === undefined || checks.length === 0) return undefined;
  const dropped = change.changes.flatMap((c) => (c.kind === 'DropColumn' ? [c.column.name] : []));
  const surviving = change.from.columns.map((c) => c.name).filter((name) => !dropped.includes(name));
  const kept: string[] = [];
  for (const check of checks) {
    const onDropped = dropped.filter((name) => mentions(check, name));
    if (onDropped.length === 0) {
      kept.push(check);
    } else if (surviving.some((name) => mentions(check, name))) {
      throw new StrataError(
        'unsupported-change',
        `Table "${change.from.name}": column ${onDropped.map((n) => `"${n}"`).join(', ')} cannot be dropped because the CHECK constraint \`${check}\` also uses other columns; strata does not manage CHECK constraints and will not drop it silently.`,
        {
          hint: 'Drop or rewrite the CHECK constraint in a hand-written migration first (rebuild the table without it), then drop the column.',
        },
      );
    }
  }
  return kept;
}
