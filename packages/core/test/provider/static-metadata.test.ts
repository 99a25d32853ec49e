/** `defineProvider` fills a provider's static metadata (URL schemes, `init` template pieces); `urlSchemeOf` reads a URL's scheme. */
import { expect, test } from '@jest/globals';
import {
  DEFAULT_INIT_EXAMPLE_MODEL,
  defineProvider,
  type ProviderDefinition,
  staticMetadata,
  urlSchemeOf,
} from '../../src/provider/contract.js';

const base = {
  id: 'mydb',
  apiVersion: 2,
  packageName: 'strata-provider-mydb',
  version: '0.1.0',
  capabilities: { maxIdentifierLength: 64 },
  types: {
    nativeTypes: {},
    columnType: () => ({ error: 'none' }),
    checkNativeType: () => undefined,
    fieldType: () => undefined,
  },
  quoteIdentifier: (name: string) => `"${name}"`,
  placeholder: () => '?',
  splitStatements: () => [],
  emit: () => [],
  connect: () => Promise.reject(new Error('not here')),
} satisfies ProviderDefinition;

test('defaults: the id as the only scheme, an example URL on it, no datasource lines, the User model', () => {
  const provider = defineProvider(base);
  expect(provider.urlSchemes).toEqual(['mydb:']);
  expect(provider.init).toEqual({
    exampleUrl: 'mydb://localhost/mydb',
    datasourceLines: [],
    exampleModel: DEFAULT_INIT_EXAMPLE_MODEL,
  });
});

test('declared metadata is kept; schemes are compared in lower case', () => {
  const provider = defineProvider({
    ...base,
    urlSchemes: ['MyDB:', 'mydb+tls:'],
    init: { datasourceLines: ['relationMode = "prisma"'] },
  });
  expect(provider.urlSchemes).toEqual(['mydb:', 'mydb+tls:']);
  expect(provider.init.exampleUrl).toBe('mydb://localhost/mydb');
  expect(provider.init.datasourceLines).toEqual(['relationMode = "prisma"']);
  expect(staticMetadata({ id: 'x', init: { exampleUrl: 'x://h/db' } }).init.exampleUrl).toBe('x://h/db');
});

test.each([
  ['postgresql://u@h/db', 'postgresql:'],
  ['POSTGRES://u@h/db', 'postgres:'],
  ['file:./dev.db', 'file:'],
  ['mydb+tls://h', 'mydb+tls:'],
  ['C:\\data\\dev.db', undefined],
  ['./dev.db', undefined],
  ['', undefined],
])('urlSchemeOf(%j) = %j', (url, scheme) => {
  expect(urlSchemeOf(url)).toBe(scheme);
});
