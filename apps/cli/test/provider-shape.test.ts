/**
 * A provider object written by hand (no `defineProvider`) gets the same derived facts: the
 * differ's view of enums follows `capabilities.nativeEnums`.
 */
import { describe, expect, test } from '@jest/globals';
import { PROVIDER_API_VERSION } from '@strata/core';
import { checkProviderShape } from '../src/providers/shape.js';

const handWritten = (nativeEnums: boolean) => ({
  id: 'thirddb',
  apiVersion: PROVIDER_API_VERSION,
  capabilities: { maxIdentifierLength: 64, nativeEnums },
  types: {},
  diffHooks: { columnTypesEqual: () => true },
  emit: () => [],
  quoteIdentifier: (name: string) => `\`${name}\``,
  placeholder: () => '?',
  splitStatements: () => [],
  connect: async () => undefined,
});

describe('checkProviderShape', () => {
  test('enums are not database objects where the provider has no native enums', () => {
    const check = checkProviderShape(handWritten(false), PROVIDER_API_VERSION);
    if (check.kind !== 'compatible') throw new Error(`expected compatible, got ${check.kind}`);
    expect(check.provider.diffHooks.enumsInDatabase).toBe(false);
    expect(typeof check.provider.diffHooks.columnTypesEqual).toBe('function');
  });

  test('and left to the differ default where it has them', () => {
    const check = checkProviderShape(handWritten(true), PROVIDER_API_VERSION);
    if (check.kind !== 'compatible') throw new Error(`expected compatible, got ${check.kind}`);
    expect(check.provider.diffHooks.enumsInDatabase).toBeUndefined();
  });
});
