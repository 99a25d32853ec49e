/**
 * SQLite has no extensions: a schema with the datasource `extensions` list is refused (Prisma:
 * "Property not known"), with the diagnostic's code, before anything is planned.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { migrateDiff } from '@strata/core';
import { createTempDir } from '@strata/testkit';
import { provider } from '../src/index.js';

const dir = createTempDir();
afterAll(() => dir.close());

test('the extensions list is refused on SQLite, preview feature or not', async () => {
  const schemaPath = path.join(dir.dir, 'schema.prisma');
  writeFileSync(
    schemaPath,
    `generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["postgresqlExtensions"]
}

datasource db {
  provider   = "sqlite"
  extensions = [citext]
}

model A {
  id Int @id
}
`,
  );
  const refused = migrateDiff({ provider, from: { kind: 'empty' }, to: { kind: 'schema', path: schemaPath } });
  await expect(refused).rejects.toMatchObject({
    code: 'schema-invalid',
    details: { errors: [expect.objectContaining({ code: 'extensions-unsupported', line: 8 })] },
  });
});
