/**
 * What each statement of a SQLite migration.sql does, for the migration linter (`Provider.lint`,
 * with the rules of lint-rules.ts): the splitter's statements read through the same tokenizer, so
 * a keyword inside a string or a comment is never taken for code.
 *
 * A table rebuild (`CREATE TABLE "new_X"`, `INSERT INTO "new_X" ... SELECT ... FROM "X"`,
 * `DROP TABLE "X"`, `ALTER TABLE "new_X" RENAME TO "X"`: Prisma's and strata's RedefineTables)
 * keeps its rows: its DROP TABLE is part of the rebuild, not a drop-table, and the rebuild is
 * judged once, at its CREATE (`sqlite-table-rebuild`).
 */
import {
  type AnalyzedStatement,
  findWords,
  isSymbol,
  isWord,
  type SqlToken,
  type StatementEffect,
  statementEnd,
  TokenCursor,
} from '@strata/core';
import { splitStatements, tokenize } from './split.js';

/** What the SQLite rules read of a statement besides its effects (`AnalyzedStatement.tree`). */
export interface SqliteStatementTree {
  /** `PRAGMA [schema.]name [= value | (value)]`: name and value in lower case, the schema left out. */
  readonly pragma?: { readonly name: string; readonly value?: string };
  /** `INSERT INTO into [(...)] SELECT selected FROM from ...`: rows copied from one table into another. */
  readonly copy?: { readonly into: string; readonly from: string; readonly selected: string };
  /**
   * The table whose rows it deletes or updates (DELETE, UPDATE, REPLACE, INSERT OR REPLACE, DROP
   * TABLE): with foreign keys enforced, the ON DELETE / ON UPDATE actions of the rows that
   * reference them run.
   */
  readonly writes?: string;
  /** Set on the CREATE TABLE and the DROP TABLE of a table rebuild. */
  readonly rebuild?: TableRebuild;
}

export interface TableRebuild {
  readonly role: 'create' | 'drop';
  /** The table rebuilt (its name before and after). */
  readonly table: string;
  /** The table its rows are copied into (`new_X`), renamed to `table` at the end. */
  readonly copy: string;
  /** The SELECT list that copies the rows (what of the old table the new one keeps). */
  readonly selected: string;
}

export function treeOf(statement: AnalyzedStatement): SqliteStatementTree | undefined {
  return statement.tree as SqliteStatementTree | undefined;
}

export async function analyze(script: string): Promise<readonly AnalyzedStatement[]> {
  const statements = splitStatements(script).map((statement, index) => {
    const { effects, tree } = read(statement.text);
    return { ...statement, index, end: statementEnd(statement), effects, tree };
  });
  return markRebuilds(statements);
}

/** SQLite compares table names case-insensitively. */
function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** A table name without its schema (`main."User"` is `User`): SQLite migrations have no namespaces. */
function tableName(cursor: TokenCursor): string | undefined {
  const name = cursor.name();
  return name === undefined ? undefined : name.slice(name.lastIndexOf('.') + 1);
}

const OTHER: StatementEffect = { kind: 'other' };

function read(text: string): { effects: StatementEffect[]; tree: SqliteStatementTree } {
  const tokens = tokenize(text);
  const cursor = new TokenCursor(tokens);
  const first = cursor.peek()?.text.toUpperCase() ?? '';
  const writes = writtenTable(tokens);
  const effects = (() => {
    if (cursor.accept('CREATE')) return create(cursor);
    if (cursor.accept('DROP')) return drop(cursor);
    if (cursor.accept('ALTER', 'TABLE')) return alterTable(cursor);
    if (cursor.accept('DELETE', 'FROM')) {
      const table = tableName(cursor);
      // every row, as TRUNCATE (SQLite has none): no WHERE, no LIMIT
      return table !== undefined && !cursor.comesLater('WHERE', 'LIMIT') ? [{ kind: 'truncate', table } as const] : [];
    }
    return [];
  })();
  const pragma = first === 'PRAGMA' ? readPragma(new TokenCursor(tokens.slice(1))) : undefined;
  const copy = first === 'INSERT' ? readCopy(tokens, text) : undefined;
  return {
    effects: effects.length === 0 ? [OTHER] : effects,
    tree: {
      ...(writes === undefined ? {} : { writes }),
      ...(pragma === undefined ? {} : { pragma }),
      ...(copy === undefined ? {} : { copy }),
    },
  };
}

/** The table whose rows a DELETE, UPDATE, REPLACE, INSERT OR REPLACE or DROP TABLE deletes or updates. */
function writtenTable(tokens: readonly SqlToken[]): string | undefined {
  const cursor = new TokenCursor(tokens);
  switch (cursor.acceptOneOf('DELETE', 'UPDATE', 'REPLACE', 'INSERT', 'DROP')) {
    case 'DELETE':
      cursor.accept('FROM');
      return tableName(cursor);
    case 'UPDATE':
      // UPDATE OR IGNORE "t"
      if (cursor.accept('OR')) cursor.next();
      return tableName(cursor);
    case 'INSERT':
      return cursor.accept('OR', 'REPLACE') && cursor.accept('INTO') ? tableName(cursor) : undefined;
    case 'REPLACE':
      cursor.accept('INTO');
      return tableName(cursor);
    case 'DROP':
      if (!cursor.accept('TABLE')) return undefined;
      cursor.accept('IF', 'EXISTS');
      return tableName(cursor);
    default:
      return undefined;
  }
}

function create(cursor: TokenCursor): StatementEffect[] {
  const unique = cursor.accept('UNIQUE');
  cursor.acceptOneOf('TEMP', 'TEMPORARY');
  cursor.accept('VIRTUAL');
  if (cursor.accept('TABLE')) {
    cursor.accept('IF', 'NOT', 'EXISTS');
    const table = tableName(cursor);
    return table === undefined ? [] : [{ kind: 'create-table', table }];
  }
  if (!cursor.accept('INDEX')) return [];
  cursor.accept('IF', 'NOT', 'EXISTS');
  const index = tableName(cursor);
  if (!cursor.accept('ON')) return [];
  const table = tableName(cursor);
  return table === undefined
    ? []
    : [{ kind: 'create-index', table, unique, ...(index === undefined ? {} : { index }) }];
}

function drop(cursor: TokenCursor): StatementEffect[] {
  const what = cursor.acceptOneOf('TABLE', 'INDEX');
  cursor.accept('IF', 'EXISTS');
  const name = tableName(cursor);
  if (name === undefined) return [];
  if (what === 'TABLE') return [{ kind: 'drop-table', table: name }];
  return what === 'INDEX' ? [{ kind: 'drop-index', index: name }] : [];
}

function alterTable(cursor: TokenCursor): StatementEffect[] {
  const table = tableName(cursor);
  if (table === undefined) return [];
  if (cursor.accept('RENAME', 'TO')) {
    const to = tableName(cursor);
    return to === undefined ? [] : [{ kind: 'rename-table', from: table, to }];
  }
  if (cursor.accept('RENAME')) {
    cursor.accept('COLUMN');
    const from = cursor.name();
    const to = cursor.accept('TO') ? cursor.name() : undefined;
    return from === undefined || to === undefined ? [] : [{ kind: 'rename-column', table, from, to }];
  }
  if (cursor.accept('ADD')) {
    cursor.accept('COLUMN');
    const column = cursor.name();
    if (column === undefined) return [];
    const rest = cursor.rest();
    const defaultKind = columnDefault(rest);
    return [
      {
        kind: 'add-column',
        table,
        column,
        notNull: findWords(rest, 'NOT', 'NULL') !== -1,
        ...(defaultKind === undefined ? {} : { default: defaultKind }),
      },
    ];
  }
  if (cursor.accept('DROP')) {
    cursor.accept('COLUMN');
    const column = cursor.name();
    return column === undefined ? [] : [{ kind: 'drop-column', table, column }];
  }
  return [];
}

/**
 * The DEFAULT of a column definition: `constant` for a literal (what SQLite's ADD COLUMN
 * accepts), `volatile` for CURRENT_TIME/DATE/TIMESTAMP or an expression in parentheses (which
 * SQLite calls non-constant); none for no DEFAULT or DEFAULT NULL.
 */
function columnDefault(tokens: readonly SqlToken[]): 'constant' | 'volatile' | undefined {
  const at = findWords(tokens, 'DEFAULT');
  if (at === -1) return undefined;
  const value = tokens[at + 1];
  if (isWord(value, 'NULL')) return undefined;
  if (isSymbol(value, '(') || isWord(value, 'CURRENT_TIME', 'CURRENT_DATE', 'CURRENT_TIMESTAMP')) return 'volatile';
  return 'constant';
}

function readPragma(cursor: TokenCursor): SqliteStatementTree['pragma'] {
  const name = tableName(cursor);
  if (name === undefined) return undefined;
  const valueToken = cursor.acceptSymbol('=') ? cursor.next() : cursor.group()?.[0];
  return {
    name: name.toLowerCase(),
    ...(valueToken === undefined ? {} : { value: valueToken.value.toLowerCase() }),
  };
}

/** `INSERT [OR ...] INTO into [(columns)] SELECT ... FROM from ...`. */
function readCopy(tokens: readonly SqlToken[], text: string): SqliteStatementTree['copy'] {
  const into = findWords(tokens, 'INTO');
  const select = findWords(tokens, 'SELECT');
  const from = findWords(tokens, 'FROM');
  if (into === -1 || select === -1 || from === -1 || !(into < select && select < from)) return undefined;
  const target = tableName(new TokenCursor(tokens.slice(into + 1)));
  const source = tableName(new TokenCursor(tokens.slice(from + 1)));
  const list = tokens.slice(select + 1, from);
  if (target === undefined || source === undefined || list.length === 0) return undefined;
  const selected = text.slice((list[0] as SqlToken).start, (list[list.length - 1] as SqlToken).end);
  return { into: target, from: source, selected };
}

/**
 * Finds the rebuilds: a table created in the file, filled from X, X dropped, then the new table
 * renamed to X. Their DROP TABLE keeps no drop-table effect (the rows live on in the copy); the
 * CREATE and the DROP carry the rebuild for the rules.
 */
function markRebuilds(statements: AnalyzedStatement[]): AnalyzedStatement[] {
  const out = [...statements];
  const mark = (index: number, rebuild: TableRebuild, effects?: readonly StatementEffect[]): void => {
    const statement = out[index] as AnalyzedStatement;
    out[index] = {
      ...statement,
      ...(effects === undefined ? {} : { effects: effects.length === 0 ? [OTHER] : effects }),
      tree: { ...treeOf(statement), rebuild },
    };
  };
  for (const [renameAt, statement] of statements.entries()) {
    for (const effect of statement.effects) {
      if (effect.kind !== 'rename-table') continue;
      const { from: copy, to: table } = effect;
      const createdAt = lastBefore(statements, renameAt, (s) =>
        s.effects.some((e) => e.kind === 'create-table' && sameName(e.table, copy)),
      );
      if (createdAt === -1) continue;
      const droppedAt = lastBefore(
        statements,
        renameAt,
        (s) => s.effects.some((e) => e.kind === 'drop-table' && sameName(e.table, table)),
        createdAt,
      );
      const copiedAt = lastBefore(
        statements,
        droppedAt,
        (s) => {
          const rows = treeOf(s)?.copy;
          return rows !== undefined && sameName(rows.into, copy) && sameName(rows.from, table);
        },
        createdAt,
      );
      if (droppedAt === -1 || copiedAt === -1) continue;
      const selected = treeOf(statements[copiedAt] as AnalyzedStatement)?.copy?.selected ?? '';
      mark(createdAt, { role: 'create', table, copy, selected });
      const dropped = out[droppedAt] as AnalyzedStatement;
      mark(
        droppedAt,
        { role: 'drop', table, copy, selected },
        dropped.effects.filter((e) => !(e.kind === 'drop-table' && sameName(e.table, table))),
      );
    }
  }
  return out;
}

/** The last statement before `before` (and after `after`) that matches, or -1. */
function lastBefore(
  statements: readonly AnalyzedStatement[],
  before: number,
  matches: (statement: AnalyzedStatement) => boolean,
  after = -1,
): number {
  for (let i = before - 1; i > after; i--) if (matches(statements[i] as AnalyzedStatement)) return i;
  return -1;
}
