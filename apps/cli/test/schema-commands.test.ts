/** The commands that need no database: check, format, generate. */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { formatSchema } from '@strata/core';
import { createProject, type ErrorJson, type TestProject } from './support/project.js';

let project: TestProject;
beforeAll(() => {
  project = createProject('strata-schema-commands-');
});
afterAll(() => project.close());

const valid = `datasource db {
  provider = "postgresql"
  url = env("DATABASE_URL")
}

enum Role {
  USER
  ADMIN @map("admin")
}

model User {
  id Int @id @default(autoincrement())
  email String @unique @db.VarChar(320)
  role Role @default(USER)
}
`;

describe('format', () => {
  test('--check exits 1 on an unformatted schema; format fixes it; --check then passes', async () => {
    project.writeSchema(valid);
    const check = await project.run('format', '--check', '--json');
    expect(check.code).toBe(1);
    expect(check.json()).toEqual({
      check: true,
      files: [{ path: path.join('prisma', 'schema.prisma'), changed: true }],
      changed: 1,
    });
    expect(project.read('prisma/schema.prisma')).toBe(valid);
    const format = await project.run('format');
    expect(format.code).toBe(0);
    expect(format.stdout).toBe(`formatted ${path.join('prisma', 'schema.prisma')}\n`);
    expect(project.read('prisma/schema.prisma')).toBe(formatSchema(valid));
    expect((await project.run('format', '--check')).code).toBe(0);
  });
});

describe('check', () => {
  test('reports every schema error with a code frame and exits 1', async () => {
    project.writeSchema(
      `${valid}\nmodel Post {\n  id Int @id\n  author User @relation(fields: [authorId], references: [id])\n  title String @db.NotAType\n}\n`,
    );
    const human = await project.run('check');
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(/error\[[a-z-]+\]: .*\n\s+--> prisma\/schema\.prisma:\d+:\d+\n\s+\|\n\d+ \|/);
    const json = await project.run('check', '--json');
    expect(json.code).toBe(1);
    const doc = json.json<{
      ok: boolean;
      schema: { valid: boolean; diagnostics: { code: string; line: number; file: string }[] };
    }>();
    expect(doc.ok).toBe(false);
    expect(doc.schema.valid).toBe(false);
    expect(doc.schema.diagnostics.length).toBeGreaterThanOrEqual(2);
    expect(doc.schema.diagnostics.every((d) => d.file === path.join('prisma', 'schema.prisma') && d.line > 0)).toBe(
      true,
    );
  });

  test('a schema for a provider nobody installed is an error of check too', async () => {
    project.writeSchema(valid.replace('"postgresql"', '"cockroachdb"').replace(' @db.VarChar(320)', ''));
    const json = await project.run('check', '--json');
    expect(json.code).toBe(1);
    expect(json.json<{ provider: { error: { code: string } } }>().provider.error.code).toBe('provider-unknown');
  });
});

describe('what a schema file may hold', () => {
  // What a terminal obeys instead of printing: C0 but tab and newline, DEL, C1, bidi overrides.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

  test('a binary file as the schema: errors with code frames, no raw control byte on the terminal', async () => {
    const other = createProject('strata-binary-schema-');
    try {
      // the first 2 KiB of the node executable: NUL, ESC, DEL, invalid UTF-8, long "lines"
      other.writeSchema('');
      const bytes = readFileSync(process.execPath).subarray(0, 2048);
      writeFileSync(path.join(other.dir, 'prisma/schema.prisma'), bytes);
      const check = await other.run('check');
      expect(check.code).toBe(1);
      expect(check.stderr).toContain('error[unexpected-character]');
      expect(check.stderr + check.stdout).not.toMatch(RAW_CONTROL);
      const dev = await other.run('migrate', 'dev', '--name', 'x', '--url', 'file:./dev.db');
      expect(dev.code).toBe(1);
      expect(dev.stderr).toContain('[schema-invalid]');
      expect(dev.stderr + dev.stdout).not.toMatch(RAW_CONTROL);
      // a control character in a path given on the command line is escaped too
      const withEsc = await other.run('check', '--schema', '\u001b[2Jnot-there.prisma');
      expect(withEsc.code).toBe(1);
      expect(withEsc.stderr).toContain('\\x1b[2Jnot-there.prisma');
      expect(withEsc.stderr).not.toMatch(RAW_CONTROL);
    } finally {
      other.close();
    }
  }, 30_000);

  test('an empty schema is valid, as for `prisma validate`; commands that need a database say what to add', async () => {
    const other = createProject('strata-empty-schema-');
    try {
      other.writeSchema('');
      const check = await other.run('check', '--json');
      expect(check.code).toBe(0);
      const checked = check.json<{ schema: { valid: boolean; diagnostics: { code: string; hint: string }[] } }>();
      expect(checked.schema).toMatchObject({ valid: true, diagnostics: [{ code: 'missing-datasource' }] });
      // the warning's hint gives the same block, line by line (a one-line block does not parse)
      expect([...(checked.schema.diagnostics[0]?.hint ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1])).toEqual([
        'datasource db {',
        'provider = "postgresql"',
        '}',
      ]);
      const dev = await other.run('migrate', 'dev', '--name', 'init', '--json');
      expect(dev.code).toBe(1);
      const error = dev.json<ErrorJson>().error;
      expect(error.code).toBe('schema-invalid');
      // the hint names every bundled provider, and is followed literally: its backticked lines, in
      // order, with the "sqlite" it offers
      expect(error.hint).toContain('`provider = "postgresql"` (or "sqlite" or "mysql")');
      // a command that reads the datasource without analysing the schema gives the same hint
      const status = await other.run('migrate', 'status', '--json');
      expect(status.code).toBe(1);
      expect(status.json<ErrorJson>().error).toMatchObject({ code: 'schema-invalid', hint: error.hint });
      const lines = [...(error.hint ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      expect(lines).toEqual(['datasource db {', 'provider = "postgresql"', '}']);
      other.writeSchema(`${lines.join('\n').replace('postgresql', 'sqlite')}\n`);
      const followed = await other.runWith(
        { env: { DATABASE_URL: 'file:./dev.db' } },
        'migrate',
        'dev',
        '--name',
        'init',
        '--json',
      );
      expect(followed.code).toBe(0);
    } finally {
      other.close();
    }
  });
});

describe('generate', () => {
  test('without a strata-types generator it needs --output; with it, writes once', async () => {
    project.writeSchema(valid);
    const missing = await project.run('generate', '--json');
    expect(missing.code).toBe(1);
    expect(missing.json<ErrorJson>().error).toMatchObject({
      code: 'invalid-argument',
      hint: expect.stringContaining('--output'),
    });

    const written = await project.run('generate', '--output', 'src/db.ts', '--json');
    expect(written.code).toBe(0);
    expect(written.json()).toEqual({
      output: path.join(project.dir, 'src/db.ts'),
      status: 'written',
      models: 1,
      enums: 1,
    });
    const text = project.read('src/db.ts');
    expect(text).toContain('ADMIN: "admin"');
    expect(text).toContain('  User: UserTable;');
    const mtime = statSync(path.join(project.dir, 'src/db.ts')).mtimeMs;
    const again = await project.run('generate', '--output', 'src/db.ts', '--json');
    expect(again.json<{ status: string }>().status).toBe('unchanged');
    expect(statSync(path.join(project.dir, 'src/db.ts')).mtimeMs).toBe(mtime);
  });

  test('the hint without an output, followed literally: the generator block it spells out works', async () => {
    project.writeSchema(valid);
    const missing = await project.run('generate', '--json');
    const hint = missing.json<ErrorJson>().error.hint ?? '';
    const lines = [...hint.matchAll(/`([^`]+)`/g)].map((m) => m[1]).filter((l) => l !== '--output <file.ts>');
    expect(lines[0]).toBe('generator types {');
    project.writeSchema(`${valid}\n${lines.join('\n')}\n`);
    const followed = await project.run('generate', '--json');
    expect(followed.code).toBe(0);
    expect(followed.json()).toMatchObject({ output: path.join(project.dir, 'generated/db.ts'), status: 'written' });
  });

  test('the generator block output is resolved against the schema folder; a folder gets index.ts', async () => {
    project.writeSchema(
      `${valid}\ngenerator types {\n  provider = "strata-types"\n  output   = "../generated/types"\n}\n`,
    );
    const result = await project.run('generate', '--json');
    expect(result.code).toBe(0);
    expect(result.json<{ output: string }>().output).toBe(path.join(project.dir, 'generated/types/index.ts'));
    expect(existsSync(path.join(project.dir, 'generated/types/index.ts'))).toBe(true);
  });

  test('an invalid schema is refused with schema-invalid and its diagnostics', async () => {
    project.writeSchema(valid.replace('role Role', 'role Rol'));
    const result = await project.run('generate', '--output', 'x.ts', '--json');
    expect(result.code).toBe(1);
    const error = result.json<ErrorJson>().error;
    expect(error.code).toBe('schema-invalid');
    expect((error.details.diagnostics as unknown[]).length).toBeGreaterThan(0);
  });
});
