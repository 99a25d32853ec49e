/**
 * @strata/provider-postgres: the PostgreSQL provider for strata.
 */
import { readFileSync } from 'node:fs';
import { type Change, defineProvider, type EmitContext } from '@strata/core';
import { convertsColumnType } from './casts.js';
import { connectPostgres, PROVIDER_ID } from './connection.js';
import { defaultsEqual } from './defaults.js';
import { emitPostgres } from './emit.js';
import { explainPostgres } from './explain.js';
import { indexesEqual } from './index-equality.js';
import { postgresLint } from './lint.js';
import { splitStatements } from './split.js';
import { quoteIdent } from './sql.js';
import { columnTypesEqual, typeSystem } from './types.js';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};

export const provider = defineProvider({
  id: PROVIDER_ID,
  aliases: ['postgres'],
  apiVersion: 2,
  packageName: packageJson.name,
  version: packageJson.version,
  capabilities: {
    transactionalDdl: true,
    nativeEnums: true,
    scalarLists: true,
    namespaces: true,
    foreignKeys: true,
    partialIndexes: true,
    maxIdentifierLength: 63,
    joinTablePrimaryKey: true,
    extensions: true,
  },
  types: typeSystem,
  diffHooks: { columnTypesEqual, defaultsEqual, indexesEqual, convertsColumnType },
  defaultNamespaces: ['public'],
  urlSchemes: ['postgresql:', 'postgres:'],
  init: { exampleUrl: 'postgresql://postgres:postgres@localhost:5432/mydb?schema=public' },
  quoteIdentifier: quoteIdent,
  placeholder: (position) => `$${position}`,
  splitStatements,
  emit: (changes: readonly Change[], context: EmitContext) => emitPostgres(changes, context),
  explain: explainPostgres,
  lint: postgresLint,
  connect: connectPostgres,
});

export default provider;

export { emitPostgres } from './emit.js';
export { explainPostgres } from './explain.js';
export { canonicalExpression, indexesEqual } from './index-equality.js';
export { INTROSPECTION_QUERY_COUNT } from './introspect.js';
export { loadPostgresParser, postgresParserLoaded } from './lint.js';
export type { PgTree } from './lint-effects.js';
export { LOCK_HARMLESS_MAX_ROWS } from './lint-rules.js';
export { DEFAULT_LOCK_TIMEOUT_MS, STRATA_LOCK_KEY } from './lock.js';
export { splitStatements } from './split.js';
export { parsePostgresUrl } from './url.js';
