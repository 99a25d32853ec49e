// Lints every migration.sql of a migrations folder with the PostgreSQL provider, SQL only (no
// snapshots), as `strata migrate lint` does in a fresh process; prints one JSON line with the
// parser's load time apart from the linting. Run by scenarios/30-lint.mjs, one process per run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const start = performance.now();
const [dir] = process.argv.slice(2);
const { lintMigration } = await import('@strata/core');
const { provider, loadPostgresParser } = await import('@strata/provider-postgres');
const importMs = performance.now() - start;

const loadStart = performance.now();
await loadPostgresParser();
const parserMs = performance.now() - loadStart;

const lintStart = performance.now();
let migrations = 0;
let findings = 0;
let parseErrors = 0;
for (const name of readdirSync(dir).sort()) {
  const file = path.join(dir, name, 'migration.sql');
  if (!existsSync(file)) continue;
  migrations += 1;
  const found = await lintMigration({ provider, name, sql: readFileSync(file, 'utf8') });
  findings += found.length;
  parseErrors += found.filter((f) => f.code === 'pg-parse-error').length;
}
const lintMs = performance.now() - lintStart;
console.log(JSON.stringify({ migrations, findings, parseErrors, importMs, parserMs, lintMs }));
