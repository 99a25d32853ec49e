/**
 * Test support for the database half of the provider: a provider object made with
 * `defineProvider` around this package's `connect`, with a stand-in type system and emitter
 * (the tests here exercise the connection only), and the MySQL server check.
 */
import { describe } from '@jest/globals';
import { defineProvider, type Provider, StrataError } from '@strata/core';
import { testMysqlAvailable } from '@strata/testkit';
import { quoteIdent } from '../src/client.js';
import { connect } from '../src/connection.js';

const notHere = (what: string): never => {
  throw new StrataError('internal', `${what} is not part of the connection tests`);
};

export const provider: Provider = defineProvider({
  id: 'mysql',
  apiVersion: 2,
  packageName: '@strata/provider-mysql',
  version: '0.0.0-test',
  capabilities: { maxIdentifierLength: 64, foreignKeys: true, fulltextIndexes: true },
  types: {
    columnType: () => ({ error: 'no type system in the connection tests' }),
    nativeTypes: {},
    checkNativeType: () => undefined,
    fieldType: () => undefined,
  },
  urlSchemes: ['mysql:'],
  quoteIdentifier: quoteIdent,
  placeholder: () => '?',
  splitStatements: () => notHere('splitStatements'),
  emit: () => notHere('emit'),
  connect,
});

/** `describe` when a MySQL server answers at STRATA_TEST_MYSQL_URL, else `describe.skip` (said once per run). */
export const describeMysql: typeof describe.skip = (await testMysqlAvailable()) ? describe : describe.skip;

/** The statements of a hand-written script without strings holding `;` (the corpus' migrations). */
export function statementsOf(script: string): string[] {
  return script
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s !== '');
}
