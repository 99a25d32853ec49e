/**
 * @strata/provider-sqlite: the SQLite provider for strata.
 *
 * `import provider from '@strata/provider-sqlite'` (or `{ provider }`): a plain object made by
 * `defineProvider`, discovered by the CLI at run time.
 */
import { readFileSync } from 'node:fs';
import { defineProvider } from '@strata/core';
import { connect } from './connection.js';
import { emit } from './emit.js';
import { explain } from './explain.js';
import { analyze } from './lint.js';
import { SQLITE_LINT_RULES } from './lint-rules.js';
import { splitStatements } from './split.js';
import { quoteIdent } from './sql.js';
import { sqliteDiffHooks, sqliteTypes } from './types.js';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};

export const provider = defineProvider({
  id: 'sqlite',
  apiVersion: 2,
  packageName: packageJson.name,
  version: packageJson.version,
  capabilities: {
    transactionalDdl: true,
    nativeEnums: false,
    scalarLists: false,
    namespaces: false,
    foreignKeys: true,
    partialIndexes: true,
    // SQLite cannot name a primary key in a way introspection could read back; Prisma writes none.
    namedPrimaryKeys: false,
    joinTablePrimaryKey: false,
    // Prisma writes every single-field Int id as INTEGER PRIMARY KEY AUTOINCREMENT (spacedrive's Album).
    implicitIntegerKeyAutoincrement: true,
    // SQLite's own limit is far beyond any name; Prisma uses 10000 so that it never truncates.
    maxIdentifierLength: 10_000,
  },
  types: sqliteTypes,
  diffHooks: sqliteDiffHooks,
  urlSchemes: ['file:'],
  // Relative SQLite paths resolve against the schema's folder, as with Prisma.
  init: { exampleUrl: 'file:./dev.db' },
  quoteIdentifier: quoteIdent,
  placeholder: () => '?',
  splitStatements,
  emit,
  explain,
  lint: { analyze, rules: SQLITE_LINT_RULES },
  connect,
});

export default provider;

export { connect } from './connection.js';
export { emit } from './emit.js';
export { explain } from './explain.js';
export { introspect } from './introspect.js';
export { sqliteDiffHooks, sqliteTypes } from './types.js';
