/**
 * The CLI keeps the bundled providers' ids and URL schemes in one static list
 * (`BUNDLED_PROVIDER_METADATA`), so that a command needing one provider does not import the other.
 * This is the check that the list says what the packages themselves declare.
 */
import { expect, test } from '@jest/globals';
import mysql from '@strata/provider-mysql';
import postgres from '@strata/provider-postgres';
import sqlite from '@strata/provider-sqlite';
import { BUNDLED_PROVIDER_METADATA, BUNDLED_PROVIDERS } from '../src/providers/from-cli.js';

test('the static list of bundled providers equals their own metadata', () => {
  const declared = Object.fromEntries(
    [postgres, sqlite, mysql].map((p) => [p.packageName, { ids: [p.id, ...p.aliases], urlSchemes: [...p.urlSchemes] }]),
  );
  expect(BUNDLED_PROVIDER_METADATA).toEqual(declared);
  expect([...BUNDLED_PROVIDERS].sort()).toEqual(Object.keys(declared).sort());
});
