/**
 * Pictures from the real binary: `strata diagram`, `migrate diff --format svg|mermaid`, and
 * diagram.svg in the folder `migrate dev` writes (listed, checksummed, skipped with --no-diagram),
 * on SQLite files in a temp project; and the same bytes from separate processes.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createProject, type TestProject } from './support/project.js';

let project: TestProject;
beforeAll(() => {
  project = createProject('strata-diagram-');
});
afterAll(() => project.close());

const head = 'datasource db {\n  provider = "sqlite"\n  url = "file:./dev.db"\n}\n';
const v1 = `${head}
model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
}
`;
const v2 = v1
  .replace('  posts Post[]\n', '  posts Post[]\n  name  String?\n  profile Profile?\n')
  .concat(
    '\nmodel Profile {\n  id     Int  @id @default(autoincrement())\n  bio    String\n  user   User @relation(fields: [userId], references: [id])\n  userId Int  @unique\n}\n',
  );

describe('strata diagram', () => {
  test('SVG on stdout, the same bytes from separate processes; Mermaid and DOT; --output; --json counts', async () => {
    project.writeSchema(v1);
    const [a, b] = [await project.run('diagram'), await project.run('diagram')];
    expect(a.code).toBe(0);
    expect(a.stdout.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(a.stdout).toContain('data-id="User"');
    expect(a.stdout).toContain('data-from="Post" data-to="User"');
    expect(b.stdout).toBe(a.stdout);
    const mermaid = await project.run('diagram', '--format', 'mermaid');
    expect(mermaid.stdout).toMatch(/^erDiagram\n/m);
    expect(mermaid.stdout).toContain('User ||--o{ Post : "authorId"');
    expect((await project.run('diagram', '--format', 'dot')).stdout).toMatch(/^digraph schema \{/);
    const written = await project.run('diagram', '--output', 'docs/schema.svg', '--json');
    expect(written.json()).toEqual({
      format: 'svg',
      output: path.join(project.dir, 'docs/schema.svg'),
      tables: 2,
      views: 0,
      relations: 1,
      enums: 0,
    });
    expect(project.read('docs/schema.svg')).toBe(a.stdout);
  });

  test('--focus an unknown model: an error that names the models', async () => {
    project.writeSchema(v1);
    const result = await project.run('diagram', '--focus', 'Usr');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--focus Usr: no model or table of that name.');
    expect(result.stderr).toContain('User');
  });
});

describe('migrate dev and migrate diff draw the migration', () => {
  test('diagram.svg is written, listed, checksummed; --no-diagram skips it; an edit is caught', async () => {
    project.writeSchema(v1);
    const first = await project.run('migrate', 'dev', '--name', 'init', '--json');
    expect(first.code).toBe(0);
    const init = first.json<{ migration: { path: string; diagram?: string } }>().migration;
    expect(init.diagram).toBe(path.join(init.path, 'diagram.svg'));
    expect(project.read(path.relative(project.dir, init.diagram!))).toContain('+ User (new)');
    expect(readMetadata(init.path)).toContain('diagram=diagram.svg\n');

    project.writeSchema(v2);
    // the change the next migration would make, drawn
    const diffAs = (format: string) =>
      project.run(
        'migrate',
        'diff',
        '--from-migrations',
        'prisma/migrations',
        '--to-schema',
        'prisma/schema.prisma',
        '--format',
        format,
      );
    const diff = await diffAs('svg');
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('+ Profile (new)');
    expect(diff.stdout).toMatch(/data-from="Profile" data-to="User" data-status="added"/);
    const mermaid = await diffAs('mermaid');
    expect(mermaid.stdout).toContain('User ||--o| Profile : "+ userId"');

    const second = await project.run('migrate', 'dev', '--name', 'profile', '--json');
    expect(second.code).toBe(0);
    const profile = second.json<{ migration: { path: string; diagram?: string } }>().migration;
    const svg = project.read(path.relative(project.dir, profile.diagram!));
    // the picture `migrate dev` wrote draws what `migrate diff` drew, titled with the folder name
    const drawn = (text: string) =>
      [...text.matchAll(/<g class="(?:table|relation)" data-id="([^"]*)"[^>]*data-status="(\w+)"/g)].map(
        (m) => `${m[1]}:${m[2]}`,
      );
    expect(drawn(svg)).toEqual(drawn(diff.stdout));
    expect(svg).toContain(`>${path.basename(profile.path)}</text>`);
    expect(svg).toContain('~ User (changed)');
    expect((await project.run('migrate', 'status')).code).toBe(0);

    // editing the reviewed picture of an applied migration is an edit like any other
    writeFileSync(profile.diagram!, svg.replace('+ Profile (new)', '+ Profile (NEW)'));
    const status = await project.run('migrate', 'status', '--json');
    expect(status.stdout).toContain('diagram.svg');
    expect(status.code).not.toBe(0);
    writeFileSync(profile.diagram!, svg);

    project.writeSchema(v2.replace('  bio    String\n', '  bio    String\n  site   String?\n'));
    const third = await project.run('migrate', 'dev', '--name', 'site', '--no-diagram', '--json');
    expect(third.code).toBe(0);
    const site = third.json<{ migration: { path: string; diagram?: string } }>().migration;
    expect(site.diagram).toBeUndefined();
    expect(existsSync(path.join(site.path, 'diagram.svg'))).toBe(false);
    expect(readMetadata(site.path)).not.toContain('diagram=');
    expect((await project.run('migrate', 'status')).code).toBe(0);
  });
});

function readMetadata(folder: string): string {
  return project.read(path.relative(project.dir, path.join(folder, 'metadata.txt')));
}
