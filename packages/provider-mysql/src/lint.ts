/**
 * What each statement of a MySQL migration.sql does, for the migration linter (`Provider.lint`,
 * with the rules of lint-rules.ts): the splitter's statements read through the same tokenizer,
 * so a keyword inside a string or a comment is never taken for code. `explain` reads the
 * statements it plans the same way (the implicit-commit note).
 *
 * A `MODIFY` or `CHANGE` restates the whole column, so the statement alone does not say whether
 * its type or its nullability changes: it is an `alter-column-type`, and the rules compare the
 * restated definition (in `tree`) with before.prisma when they have it.
 */
import {
  type AnalyzedStatement,
  findWords,
  isSymbol,
  isWord,
  type SqlToken,
  type StatementEffect,
  splitTokens,
  statementEnd,
  TokenCursor,
} from '@strata/core';
import { splitStatements, tokenize } from './split.js';

/** A column's definition as a `MODIFY` or `CHANGE` restates it. */
export interface RestatedColumn {
  readonly table: string;
  /** Its name before the statement (a CHANGE may rename it). */
  readonly from: string;
  /** Its name after. */
  readonly column: string;
  readonly clause: 'MODIFY' | 'CHANGE';
  /** The type as written (`VARCHAR(36)`, `ENUM('a','b')`, `TEXT CHARACTER SET latin1`). */
  readonly type: string;
  readonly nullable: boolean;
}

/** What the MySQL rules read of a statement besides its effects (`AnalyzedStatement.tree`). */
export interface MysqlStatementTree {
  /** The first word, in upper case (`ALTER`, `SET`, `UPDATE`, ...). */
  readonly verb: string;
  readonly restated: readonly RestatedColumn[];
  /** `ALTER TABLE t CONVERT TO CHARACTER SET ...`: the table whose text columns are all converted. */
  readonly convertsCharset?: string;
}

export function treeOf(statement: AnalyzedStatement): MysqlStatementTree | undefined {
  return statement.tree as MysqlStatementTree | undefined;
}

export async function analyze(script: string): Promise<readonly AnalyzedStatement[]> {
  return splitStatements(script).map((statement, index) => ({
    ...statement,
    index,
    end: statementEnd(statement),
    ...readStatement(statement.text),
  }));
}

const OTHER: StatementEffect = { kind: 'other' };

/** The effects of one statement's text, and what the rules read of it. */
export function readStatement(text: string): { effects: StatementEffect[]; tree: MysqlStatementTree } {
  const tokens = tokenize(text);
  const cursor = new TokenCursor(tokens);
  const verb = cursor.peek()?.text.toUpperCase() ?? '';
  const read: Reading = { effects: [], restated: [] };
  if (cursor.accept('CREATE')) create(cursor, read);
  else if (cursor.accept('DROP')) drop(cursor, read);
  else if (cursor.accept('RENAME', 'TABLE')) renameTables(cursor, read);
  else if (cursor.accept('TRUNCATE')) {
    cursor.accept('TABLE');
    const table = tableName(cursor);
    if (table !== undefined) read.effects.push({ kind: 'truncate', table });
  } else if (cursor.accept('DELETE')) {
    cursor.acceptOneOf('LOW_PRIORITY');
    cursor.acceptOneOf('QUICK');
    cursor.acceptOneOf('IGNORE');
    const table = cursor.accept('FROM') ? tableName(cursor) : undefined;
    // every row, as TRUNCATE: one table, no WHERE, no LIMIT
    if (table !== undefined && cursor.done) read.effects.push({ kind: 'truncate', table });
  } else if (cursor.accept('SET')) setting(cursor, read);
  else if (cursor.at('ALTER')) {
    cursor.next();
    cursor.acceptOneOf('ONLINE');
    cursor.acceptOneOf('IGNORE');
    if (cursor.accept('TABLE')) alterTable(cursor, text, read);
  }
  return {
    effects: read.effects.length === 0 ? [OTHER] : read.effects,
    tree: {
      verb,
      restated: read.restated,
      ...(read.convertsCharset === undefined ? {} : { convertsCharset: read.convertsCharset }),
    },
  };
}

interface Reading {
  effects: StatementEffect[];
  restated: RestatedColumn[];
  convertsCharset?: string;
}

/** A table name without its database (`shop.orders` is `orders`): strata's MySQL schemas have no namespaces. */
function tableName(cursor: TokenCursor): string | undefined {
  const name = cursor.name();
  return name === undefined ? undefined : name.slice(name.lastIndexOf('.') + 1);
}

function create(cursor: TokenCursor, read: Reading): void {
  cursor.accept('OR', 'REPLACE');
  const kind = cursor.acceptOneOf('UNIQUE', 'FULLTEXT', 'SPATIAL');
  if (cursor.accept('TEMPORARY', 'TABLE')) return;
  if (cursor.accept('TABLE')) {
    cursor.accept('IF', 'NOT', 'EXISTS');
    const table = tableName(cursor);
    if (table !== undefined) read.effects.push({ kind: 'create-table', table });
    return;
  }
  if (!cursor.accept('INDEX')) return;
  cursor.accept('IF', 'NOT', 'EXISTS');
  const index = cursor.name();
  if (cursor.accept('USING')) cursor.next();
  if (!cursor.accept('ON')) return;
  const table = tableName(cursor);
  if (table !== undefined)
    read.effects.push({
      kind: 'create-index',
      table,
      unique: kind === 'UNIQUE',
      ...(index === undefined ? {} : { index }),
    });
}

function drop(cursor: TokenCursor, read: Reading): void {
  if (cursor.accept('INDEX')) {
    const index = cursor.name();
    const table = cursor.accept('ON') ? tableName(cursor) : undefined;
    if (index !== undefined)
      read.effects.push({ kind: 'drop-index', index, ...(table === undefined ? {} : { table }) });
    return;
  }
  if (!cursor.accept('TABLE')) return;
  cursor.accept('IF', 'EXISTS');
  do {
    const table = tableName(cursor);
    if (table === undefined) return;
    read.effects.push({ kind: 'drop-table', table });
  } while (cursor.acceptSymbol(','));
}

function renameTables(cursor: TokenCursor, read: Reading): void {
  do {
    const from = tableName(cursor);
    const to = cursor.accept('TO') ? tableName(cursor) : undefined;
    if (from === undefined || to === undefined) return;
    read.effects.push({ kind: 'rename-table', from, to });
  } while (cursor.acceptSymbol(','));
}

/** `SET [SESSION] lock_wait_timeout = ...` and the statement timeouts of MySQL and MariaDB. */
function setting(cursor: TokenCursor, read: Reading): void {
  cursor.acceptOneOf('SESSION', 'LOCAL');
  // @@session.name
  while (isSymbol(cursor.peek(), '@')) cursor.next();
  const name = cursor
    .name()
    ?.toLowerCase()
    .replace(/^(session|local)\./, '');
  if (name === 'lock_wait_timeout' || name === 'innodb_lock_wait_timeout')
    read.effects.push({ kind: 'set-timeout', setting: 'lock' });
  else if (name === 'max_statement_time' || name === 'max_execution_time')
    read.effects.push({ kind: 'set-timeout', setting: 'statement' });
}

function alterTable(cursor: TokenCursor, text: string, read: Reading): void {
  const table = tableName(cursor);
  if (table === undefined) return;
  for (const clause of splitTokens(cursor.rest())) alterClause(new TokenCursor(clause), table, text, read);
}

const INDEX_WORDS = ['INDEX', 'KEY', 'FULLTEXT', 'SPATIAL'];

function alterClause(cursor: TokenCursor, table: string, text: string, read: Reading): void {
  const effects = read.effects;
  if (cursor.accept('ADD')) {
    const named = cursor.accept('CONSTRAINT');
    if (named && !cursor.at('PRIMARY') && !cursor.at('UNIQUE') && !cursor.at('FOREIGN') && !cursor.at('CHECK'))
      cursor.name();
    if (cursor.accept('PRIMARY', 'KEY')) effects.push({ kind: 'add-constraint', table, constraint: 'primary-key' });
    else if (cursor.accept('FOREIGN', 'KEY'))
      effects.push({ kind: 'add-constraint', table, constraint: 'foreign-key' });
    else if (cursor.accept('CHECK')) effects.push({ kind: 'add-constraint', table, constraint: 'check' });
    else if (cursor.accept('UNIQUE')) {
      cursor.acceptOneOf('INDEX', 'KEY');
      const index = isSymbol(cursor.peek(), '(') ? undefined : cursor.name();
      effects.push(
        named
          ? { kind: 'add-constraint', table, constraint: 'unique' }
          : { kind: 'create-index', table, unique: true, ...(index === undefined ? {} : { index }) },
      );
    } else if (cursor.acceptOneOf(...INDEX_WORDS) !== undefined) {
      cursor.acceptOneOf('INDEX', 'KEY');
      const index = isSymbol(cursor.peek(), '(') ? undefined : cursor.name();
      effects.push({ kind: 'create-index', table, unique: false, ...(index === undefined ? {} : { index }) });
    } else if (!cursor.at('PARTITION')) {
      cursor.accept('COLUMN');
      const group = cursor.group();
      const definitions = group === undefined ? [cursor.rest()] : splitTokens(group);
      for (const definition of definitions) addColumn(definition, table, effects);
    }
    return;
  }
  if (cursor.accept('DROP')) {
    if (cursor.accept('PRIMARY', 'KEY')) effects.push({ kind: 'drop-constraint', table, constraint: 'PRIMARY' });
    else if (cursor.accept('FOREIGN', 'KEY') || cursor.acceptOneOf('CHECK', 'CONSTRAINT') !== undefined) {
      const constraint = cursor.name();
      if (constraint !== undefined) effects.push({ kind: 'drop-constraint', table, constraint });
    } else if (cursor.acceptOneOf('INDEX', 'KEY') !== undefined) {
      const index = cursor.name();
      if (index !== undefined) effects.push({ kind: 'drop-index', index, table });
    } else {
      cursor.accept('COLUMN');
      const column = cursor.name();
      if (column !== undefined) effects.push({ kind: 'drop-column', table, column });
    }
    return;
  }
  const restates = cursor.acceptOneOf('MODIFY', 'CHANGE');
  if (restates !== undefined) {
    cursor.accept('COLUMN');
    const from = cursor.name();
    const column = restates === 'CHANGE' ? cursor.name() : from;
    if (from === undefined || column === undefined) return;
    if (column !== from) effects.push({ kind: 'rename-column', table, from, to: column });
    effects.push({ kind: 'alter-column-type', table, column });
    const definition = columnDefinition(cursor.rest(), text);
    if (definition !== undefined)
      read.restated.push({ table, from, column, clause: restates as 'MODIFY' | 'CHANGE', ...definition });
    return;
  }
  if (cursor.accept('RENAME', 'COLUMN')) {
    const from = cursor.name();
    const to = cursor.accept('TO') ? cursor.name() : undefined;
    if (from !== undefined && to !== undefined) effects.push({ kind: 'rename-column', table, from, to });
    return;
  }
  if (cursor.accept('RENAME')) {
    if (cursor.acceptOneOf('INDEX', 'KEY') !== undefined) return;
    cursor.acceptOneOf('TO', 'AS');
    const to = tableName(cursor);
    if (to !== undefined) effects.push({ kind: 'rename-table', from: table, to });
    return;
  }
  if (cursor.accept('CONVERT', 'TO')) read.convertsCharset = table;
}

function addColumn(definition: readonly SqlToken[], table: string, effects: StatementEffect[]): void {
  const cursor = new TokenCursor(definition);
  const column = cursor.name();
  if (column === undefined) return;
  const rest = cursor.rest();
  const defaultKind = columnDefault(rest);
  effects.push({
    kind: 'add-column',
    table,
    column,
    notNull: findWords(rest, 'NOT', 'NULL') !== -1 || findWords(rest, 'PRIMARY', 'KEY') !== -1,
    ...(defaultKind === undefined ? {} : { default: defaultKind }),
  });
}

/**
 * The DEFAULT of a column definition: `volatile` for an expression in parentheses (`(uuid())`,
 * computed for each row), `constant` for a literal or CURRENT_TIMESTAMP (one value for every
 * existing row); none for no DEFAULT or DEFAULT NULL.
 */
function columnDefault(tokens: readonly SqlToken[]): 'constant' | 'volatile' | undefined {
  const at = findWords(tokens, 'DEFAULT');
  if (at === -1) return undefined;
  const value = tokens[at + 1];
  if (isWord(value, 'NULL')) return undefined;
  return isSymbol(value, '(') ? 'volatile' : 'constant';
}

/** Words that end a column's type and start its attributes. */
const ATTRIBUTES = new Set([
  'NOT',
  'NULL',
  'DEFAULT',
  'AUTO_INCREMENT',
  'PRIMARY',
  'UNIQUE',
  'KEY',
  'COMMENT',
  'REFERENCES',
  'CHECK',
  'CONSTRAINT',
  'GENERATED',
  'AS',
  'VISIBLE',
  'INVISIBLE',
  'FIRST',
  'AFTER',
  'ON',
  'STORAGE',
  'COLUMN_FORMAT',
  'SRID',
  'ENGINE_ATTRIBUTE',
  'SECONDARY_ENGINE_ATTRIBUTE',
]);

/** The type text (from `text`) and the nullability of a column definition after its name. */
function columnDefinition(
  tokens: readonly SqlToken[],
  text: string,
): { readonly type: string; readonly nullable: boolean } | undefined {
  let depth = 0;
  let end = 0;
  for (; end < tokens.length; end++) {
    const token = tokens[end] as SqlToken;
    if (isSymbol(token, '(')) depth++;
    else if (isSymbol(token, ')')) depth--;
    else if (depth === 0 && token.kind === 'word' && ATTRIBUTES.has(token.text.toUpperCase())) break;
  }
  const first = tokens[0];
  const last = tokens[end - 1];
  if (first === undefined || last === undefined) return undefined;
  const attributes = tokens.slice(end);
  return {
    type: text.slice(first.start, last.end),
    nullable: findWords(attributes, 'NOT', 'NULL') === -1 && findWords(attributes, 'PRIMARY', 'KEY') === -1,
  };
}
