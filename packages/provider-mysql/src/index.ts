/**
 * @strata/provider-mysql: the MySQL and MariaDB provider for strata, written only against
 * `@strata/core`'s public entry points (a test keeps it that way).
 *
 * `import provider from '@strata/provider-mysql'` (or `{ provider }`): a plain object made by
 * `defineProvider`, discovered by the CLI at run time.
 */
import { readFileSync } from 'node:fs';
import { defineProvider } from '@strata/core';
import { connect } from './connection.js';
import { emit } from './emit.js';
import { explain } from './explain.js';
import { diffHooks } from './hooks.js';
import { analyze } from './lint.js';
import { MYSQL_LINT_RULES } from './lint-rules.js';
import { splitStatements } from './split.js';
import { quoteIdent } from './sql.js';
import { typeSystem } from './types.js';
import { SCHEMES } from './url.js';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};

export const provider = defineProvider({
  id: 'mysql',
  apiVersion: 2,
  packageName: packageJson.name,
  version: packageJson.version,
  capabilities: {
    // every DDL statement commits by itself (implicit commit)
    transactionalDdl: false,
    // an enum is a column type, `ENUM('A', 'B')`, written into every column that uses it
    nativeEnums: false,
    scalarLists: false,
    namespaces: false,
    foreignKeys: true,
    partialIndexes: false,
    fulltextIndexes: true,
    // the primary key is always named PRIMARY
    namedPrimaryKeys: false,
    // Prisma gives MySQL's implicit many-to-many tables a unique index `_AB_unique`, not a primary key
    joinTablePrimaryKey: false,
    maxIdentifierLength: 64,
  },
  types: typeSystem,
  diffHooks,
  urlSchemes: SCHEMES,
  init: { exampleUrl: 'mysql://root:password@localhost:3306/mydb' },
  quoteIdentifier: quoteIdent,
  placeholder: () => '?',
  splitStatements,
  emit,
  explain,
  lint: { analyze, rules: MYSQL_LINT_RULES },
  connect,
});

export default provider;

export { connect } from './connection.js';
export { createTableSql, emit, TABLE_OPTIONS } from './emit.js';
export { explain } from './explain.js';
export { defaultsEqual, foreignKeyActionsEqual, normalize } from './hooks.js';
export { splitStatements } from './split.js';
export { quoteIdent, quoteLiteral } from './sql.js';
export { canonicalNative, columnTypesEqual, DEFAULT_NATIVE, enumValuesOf, typeSystem } from './types.js';
export { displayUrl, type ParsedMysqlUrl, parseMysqlUrl } from './url.js';
