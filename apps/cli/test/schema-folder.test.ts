/**
 * One schema reader: `strata check`, `strata format` and `strata migrate dev` read the same files
 * of a schema folder. A `node_modules/` and a hidden folder inside it hold `.prisma` files that
 * are not the project's (here: invalid ones, so reading either would fail the command), and a
 * sub-folder holds a model that is (without it the schema is invalid). Real files, a real SQLite
 * database, the built binary.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { createProject } from './support/project.js';

const project = createProject('strata-schema-folder-');
afterAll(() => project.close());

const folder = path.join(project.dir, 'prisma', 'schema');
const write = (relative: string, text: string) => {
  mkdirSync(path.dirname(path.join(folder, relative)), { recursive: true });
  writeFileSync(path.join(folder, relative), text);
};
write(
  'schema.prisma',
  `datasource db {
  provider = "sqlite"
  url      = env("DATABASE_URL")
}

model User {
  id    Int    @id @default(autoincrement())
  posts Post[]
}
`,
);
write(
  'models/post.prisma',
  `model Post {
  id       Int  @id @default(autoincrement())
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}
`,
);
// Not the project's: a package's schema and an editor's copy. Invalid on purpose.
write('node_modules/some-package/x.prisma', 'model Ghost {\n  id Int @id\n  other NoSuchType\n}\n');
write('.hidden/y.prisma', 'model Hidden {\n  id Int @id\n  other NoSuchType\n}\n');

const env = { DATABASE_URL: `file:${path.join(project.dir, 'dev.db')}` };
const run = (...args: string[]) => project.runWith({ env }, ...args, '--schema', 'prisma/schema');

test('check reads the schema folder without node_modules/ and hidden folders', async () => {
  const check = await run('check', '--json');
  expect(check.code).toBe(0);
  expect(check.json<{ ok: boolean; schema: { diagnostics: unknown[] } }>()).toMatchObject({
    ok: true,
    schema: { diagnostics: [] },
  });
  const format = await run('format', '--check', '--json');
  expect(format.code).toBe(0);
  expect(format.json<{ files: { path: string }[] }>().files.map((f) => f.path)).toEqual([
    path.join('prisma', 'schema', 'models', 'post.prisma'),
    path.join('prisma', 'schema', 'schema.prisma'),
  ]);
});

test('migrate dev reads the same files: Post and User, no Ghost, no Hidden', async () => {
  const dev = await run('migrate', 'dev', '--name', 'init', '--json');
  expect(dev.code).toBe(0);
  const name = dev.json<{ migration: { name: string } }>().migration.name;
  const sql = readFileSync(path.join(folder, 'migrations', name, 'migration.sql'), 'utf8');
  expect(sql).toContain('CREATE TABLE "User"');
  expect(sql).toContain('CREATE TABLE "Post"');
  expect(sql).not.toMatch(/Ghost|Hidden/);
  const after = readFileSync(path.join(folder, 'migrations', name, 'after.prisma'), 'utf8');
  expect(after).not.toMatch(/Ghost|Hidden/);
  // and the folder is in sync for the next command that reads it
  const status = await run('migrate', 'status', '--json');
  expect(status.code).toBe(0);
});
