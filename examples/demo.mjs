#!/usr/bin/env node
// `pnpm demo`: the reviewed migration flow on the embedded SQLite default, in a temp copy of
// examples/blog: check, migrate dev, a real schema change, migrate dev again, migrate status,
// then migrate deploy to a second SQLite file and its status.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, '../apps/cli/bin/run.js');
const project = mkdtempSync(path.join(tmpdir(), 'strata-demo-'));
cpSync(path.join(here, 'blog'), project, { recursive: true });
const schemaFile = path.join(project, 'prisma/schema.prisma');

function strata(...args) {
  console.log(`\n$ strata ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: project,
    stdio: 'inherit',
    env: { ...process.env },
  });
  if (result.status !== 0) {
    console.error(`\ndemo: \`strata ${args.join(' ')}\` exited with ${result.status}`);
    process.exit(1);
  }
}

console.log(`demo project: ${project}`);
strata('check');
strata('migrate', 'dev', '--name', 'init');

// A real change: posts get a publication date and users a role with a default.
const schema = readFileSync(schemaFile, 'utf8')
  .replace('  authorId Int\n', '  authorId Int\n  publishedAt DateTime?\n')
  .replace('  name      String?\n', '  name      String?\n  role      String   @default("reader")\n');
writeFileSync(schemaFile, schema);
console.log('\n(edited prisma/schema.prisma: added Post.publishedAt and User.role)');
strata('migrate', 'dev', '--name', 'add_publishing');
strata('migrate', 'status');

const migrations = path.join(project, 'prisma/migrations');
console.log(
  `\nmigrations written: ${readdirSync(migrations)
    .filter((d) => /^\d/.test(d))
    .join(', ')}`,
);
strata('migrate', 'deploy', '--url', 'file:./prod.db');
strata('migrate', 'status', '--url', 'file:./prod.db');
console.log('\ndemo: done');
