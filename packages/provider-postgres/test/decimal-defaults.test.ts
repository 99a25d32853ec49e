/**
 * Decimal defaults written as strings (Prisma's exact form, `@default("1.5")`) on a real database
 * (a server with STRATA_TEST_POSTGRES_URL, PGlite otherwise): accepted, emitted with every digit
 * (Prisma's SQL: `DEFAULT 1.5`, `ARRAY[121.10299000124800000001, 0.4]::DECIMAL(65,30)[]`), applied
 * by `migrate dev` without drift afterwards, and read back by `db pull` with the same digits.
 */
import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { type Database, dbPull, migrateDev, openDatabase } from '@strata/core';
import { startTestPostgres, type TestPostgres } from '@strata/testkit';
import provider from '../src/index.js';

let pg: TestPostgres;
let db: Database;
let project: string;
beforeAll(async () => {
  pg = await startTestPostgres();
  db = await openDatabase(provider, pg.url);
  project = mkdtempSync(path.join(tmpdir(), 'strata-decimal-'));
  await mkdir(path.join(project, 'prisma'));
}, 60_000);
afterAll(async () => {
  await db?.close();
  await pg?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

const SCHEMA = `datasource db {
  provider = "postgresql"
}

model Price {
  id     Int       @id
  list   Decimal[] @default(["121.10299000124800000001", "0.4"])
  scalar Decimal   @default("1.5")
  native Decimal   @default("-0.00012345678901234567890123") @db.Decimal(30, 26)
  number Decimal   @default(2.25)
}
`;

test('string Decimal defaults keep their digits through migrate dev, a second dev and db pull', async () => {
  const schemaPath = path.join(project, 'prisma', 'schema.prisma');
  const migrationsDir = path.join(project, 'prisma', 'migrations');
  await writeFile(schemaPath, SCHEMA);
  const first = await migrateDev({ provider, connection: db, schemaPath, migrationsDir, name: 'init' });
  expect(first.outcome).toBe('applied');
  if (first.outcome === 'no-changes') return;
  expect(first.migration.sql).toContain(
    '"list" DECIMAL(65,30)[] DEFAULT ARRAY[121.10299000124800000001, 0.4]::DECIMAL(65,30)[]',
  );
  expect(first.migration.sql).toContain('"scalar" DECIMAL(65,30) NOT NULL DEFAULT 1.5');
  expect(first.migration.sql).toContain('"native" DECIMAL(30,26) NOT NULL DEFAULT -0.00012345678901234567890123');

  // the database holds the exact values
  await db.execute(`INSERT INTO "Price" ("id") VALUES (1);`);
  const [row] = await db.query<Record<string, string>>(
    `SELECT "list"::text AS list, "scalar"::text AS scalar, "native"::text AS native FROM "Price"`,
  );
  expect(row).toEqual({
    list: '{121.102990001248000000010000000000,0.400000000000000000000000000000}',
    scalar: '1.500000000000000000000000000000',
    native: '-0.00012345678901234567890123',
  });

  // no drift: the introspected defaults equal the schema's
  const again = await migrateDev({ provider, connection: db, schemaPath, migrationsDir, name: 'again' });
  expect(again.outcome).toBe('no-changes');

  const pulled = await dbPull({ provider, connection: db, schemaPath });
  expect(pulled.schema).toContain('@default([121.10299000124800000001, 0.4])');
  expect(pulled.schema).toContain('@default(1.5)');
  expect(pulled.schema).toContain('@default(-0.00012345678901234567890123)');
  // and the pulled schema is the same database schema: dev on it plans nothing
  await writeFile(schemaPath, pulled.schema);
  const fromPulled = await migrateDev({ provider, connection: db, schemaPath, migrationsDir, name: 'pulled' });
  expect(fromPulled.outcome).toBe('no-changes');
}, 60_000);
