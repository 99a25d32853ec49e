/**
 * Decimal defaults written as strings (Prisma's exact form, `@default("1.5")`) on a real SQLite
 * file: accepted, emitted with every digit (Prisma's SQL: `DEFAULT 121.10299000124800000001`),
 * applied by `migrate dev` without drift afterwards, and read back by `db pull` unchanged.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { dbPull, migrateDev } from '@strata/core';
import { createTempDir } from '@strata/testkit';
import { provider } from '../src/index.js';

const temp = createTempDir('strata-sqlite-decimal-');
afterAll(() => temp.close());

const SCHEMA = `datasource db {
  provider = "sqlite"
}

model Price {
  id     Int     @id
  exact  Decimal @default("121.10299000124800000001")
  scalar Decimal @default("-1.5")
  number Decimal @default(2.25)
}
`;

test('string Decimal defaults keep their digits through migrate dev, a second dev and db pull', async () => {
  await mkdir(path.join(temp.dir, 'prisma'));
  const schemaPath = path.join(temp.dir, 'prisma', 'schema.prisma');
  const migrationsDir = path.join(temp.dir, 'prisma', 'migrations');
  const url = `file:${path.join(temp.dir, 'dev.db')}`;
  await writeFile(schemaPath, SCHEMA);
  const first = await migrateDev({ provider, url, schemaPath, migrationsDir, name: 'init' });
  expect(first.outcome).toBe('applied');
  if (first.outcome === 'no-changes') return;
  expect(first.migration.sql).toContain('"exact" DECIMAL NOT NULL DEFAULT 121.10299000124800000001');
  expect(first.migration.sql).toContain('"scalar" DECIMAL NOT NULL DEFAULT -1.5');

  const again = await migrateDev({ provider, url, schemaPath, migrationsDir, name: 'again' });
  expect(again.outcome).toBe('no-changes');

  const pulled = await dbPull({ provider, url, schemaPath });
  expect(pulled.schema).toContain('@default(121.10299000124800000001)');
  expect(pulled.schema).toContain('@default(-1.5)');
  await writeFile(schemaPath, pulled.schema);
  const fromPulled = await migrateDev({ provider, url, schemaPath, migrationsDir, name: 'pulled' });
  expect(fromPulled.outcome).toBe('no-changes');
}, 60_000);
