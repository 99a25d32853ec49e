/**
 * Comparing a migration script with Prisma's golden SQL statement by statement: the scripts are
 * normalized (comments dropped, whitespace collapsed) and compared as multisets, so that the
 * order of independent statements does not matter but a repeated statement does.
 */
import { readdirSync } from 'node:fs';

/** The SQL statements of a script, comments dropped and whitespace runs collapsed to one space. */
export function normalizedStatements(script: string): string[] {
  return script
    .split('\n')
    .filter((line) => !line.startsWith('-- '))
    .join('\n')
    .split(/;[ \t]*(?:\n|$)/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s !== '')
    .map((s) => `${s};`);
}

/** Statements of `a` not matched one for one in `b` (a multiset difference). */
export function statementsMissingFrom(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const s of b) left.set(s, (left.get(s) ?? 0) + 1);
  const out: string[] = [];
  for (const s of a) {
    const n = left.get(s) ?? 0;
    if (n > 0) left.set(s, n - 1);
    else out.push(s);
  }
  return out;
}

/** The golden files of a folder: the `.sql` file names without the extension, sorted. */
export function goldenFileNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => f.slice(0, -'.sql'.length))
    .sort();
}
