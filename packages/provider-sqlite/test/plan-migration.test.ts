/**
 * `migrate dev` writes what `planMigration` plans: the same migration.sql bytes (warnings counted
 * in the database, a table rebuild, a rename), the same renames, rebuild flag and transaction
 * decision in metadata.txt. On a real SQLite file.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import {
  type Database,
  migrateDev,
  openDatabase,
  planMigration,
  type RenameCandidate,
  readMigrationsFolder,
} from '@strata/core';
import { createTempDir } from '@strata/testkit';
import { provider } from '../src/index.js';
import { datasource, lowerPrisma } from './support.js';

const temp = createTempDir('strata-sqlite-plan-');
const project = path.join(temp.dir, 'project');
const schemaPath = path.join(project, 'schema.prisma');
const migrationsDir = path.join(project, 'migrations');
let connection: Database;

const v1 = `${datasource}
model User {
  id    Int     @id
  name  String
  nick  String?
  email String
}
`;
// `nick` dropped (data loss, counted), `name` optional (a rebuild), `email` renamed to `mail`
const v2 = `${datasource}
model User {
  id   Int     @id
  name String?
  mail String
}
`;

beforeAll(async () => {
  await mkdir(project, { recursive: true });
  connection = await openDatabase(provider, `file:${path.join(temp.dir, 'dev.db')}`, { createIfMissing: true });
  await writeFile(schemaPath, v1);
  await migrateDev({ provider, schemaPath, migrationsDir, connection, name: 'init' });
  await connection.execute(
    `INSERT INTO "User" ("id", "name", "nick", "email") VALUES (1, 'ann', 'a', 'a@x'), (2, 'bob', NULL, 'b@x');`,
  );
});

afterAll(async () => {
  await connection?.close();
  temp.close();
});

test('the migration.sql migrate dev writes is the plan of the same schemas against the same database', async () => {
  await writeFile(schemaPath, v2);
  const resolver = (candidate: RenameCandidate) => candidate.from === 'email' && candidate.to === 'mail';
  const created = await migrateDev({
    provider,
    schemaPath,
    migrationsDir,
    connection,
    name: 'next',
    createOnly: true,
    resolver,
  });
  if (created.outcome === 'no-changes') throw new Error('no migration written');
  const written = await readFile(path.join(created.migration.path, 'migration.sql'), 'utf8');

  const plan = await planMigration({
    from: lowerPrisma(v1),
    to: lowerPrisma(v2),
    provider,
    resolver,
    probe: connection.probe,
  });
  expect(written).toBe(plan.script);
  expect(created.warnings).toEqual(plan.warnings);
  // one user has a nick: the values a drop loses are counted
  expect(plan.warnings.find((w) => w.code === 'drop-column')?.rows).toBe(1);
  expect(plan.rebuildRequired).toBe(true);
  expect(plan.transactional).toBe(true);

  const folder = await readMigrationsFolder(migrationsDir);
  const migration = folder.migrations.find((m) => m.name === created.migration.name);
  expect(migration?.renames).toEqual(plan.renames);
  expect(plan.renames).toEqual([expect.objectContaining({ kind: 'column', from: 'email', to: 'mail' })]);
  expect(migration?.metadata).toMatchObject({
    rebuildRequired: plan.rebuildRequired,
    transactional: plan.transactional,
    statementCount: plan.statements.length,
  });
});
