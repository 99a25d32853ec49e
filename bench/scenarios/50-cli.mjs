// The CLI as whole processes, the way a CI job, a pre-commit hook or an editor runs it: each timed
// run spawns `strata` (bin/run.js) and waits for it to exit, after warm-up runs (hyperfine-style;
// written here so the bench needs nothing but node). The floor, `node -e 0`, is measured in the
// same run, and peak memory is read from one more run of the process itself (a preload records
// its maxRSS at exit; the timed runs carry no preload).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { corpusDir } from '@strata/testkit';
import { generateLargeSchema } from '../../packages/core/dist/testing/large-schema.js';

export const group = 'CLI process';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
// STRATA_BENCH_CLI: another build's bin/run.js, to compare two builds in one run of the machine
const cli = process.env.STRATA_BENCH_CLI ?? path.join(repo, 'apps/cli/bin/run.js');
const peakRssPreload = pathToFileURL(path.join(here, '..', 'peak-rss.mjs')).href;

/** Runs a command to completion; throws with its stderr when it fails. */
function spawnTimed(args, cwd, env) {
  const start = performance.now();
  // stdout to /dev/null, as hyperfine does: the 2,000-model script is megabytes
  const child = spawnSync(process.execPath, args, {
    cwd,
    env: env ?? childEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  if (child.status !== 0) {
    throw new Error(`${args.join(' ')} exited ${child.status}: ${String(child.stderr).slice(0, 500)}`);
  }
  return ms;
}

function childEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  return env;
}

/** The peak resident memory of one run of `args`, as the process itself saw it at exit. */
function peakRss(args, cwd) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'strata-bench-rss-')), 'rss');
  try {
    spawnTimed(['--import', peakRssPreload, ...args], cwd, childEnv({ STRATA_BENCH_RSS_FILE: file }));
    return Number(readFileSync(file, 'utf8')) * 1024;
  } finally {
    rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

const WARMUPS = 3;

/**
 * A scenario timing one command as a process. `prepare` makes the project folder (its result is
 * the cwd); `args` are node's arguments after it.
 */
function processScenario({ name, args, prepare, notes, runs = 15, ...rest }) {
  return {
    name,
    runs,
    setup() {
      const cwd = prepare?.() ?? repo;
      for (let i = 0; i < WARMUPS - 1; i++) spawnTimed(args, cwd); // run-one does the last warm-up
      return { cwd };
    },
    run({ cwd }) {
      return { ms: spawnTimed(args, cwd), notes };
    },
    peakRssBytes({ cwd }) {
      return peakRss(args, cwd);
    },
    teardown({ cwd }) {
      if (cwd !== repo) rmSync(cwd, { recursive: true, force: true });
    },
    ...rest,
  };
}

/** A PostgreSQL project with a generated schema of `models` models (no database needed). */
function schemaProject(models) {
  const dir = mkdtempSync(path.join(tmpdir(), `strata-bench-${models}-`));
  mkdirSync(path.join(dir, 'prisma'));
  writeFileSync(path.join(dir, 'prisma/schema.prisma'), generateLargeSchema(models));
  return dir;
}

const strata = (...args) => [cli, ...args];
const SIZES = [
  { models: 5, targetMs: 150, targetRssMiB: 120 },
  { models: 300, targetMs: 250, targetRssMiB: 120 },
  { models: 2000, targetMs: 700, targetRssMiB: 300, runs: 7 },
];

const MIGRATIONS = 160;

/**
 * documenso's first 160 migrations in a SQLite project whose database Prisma Migrate says has
 * applied them all (`_prisma_migrations`, Prisma's checksums); strata adopts that history on the
 * first status (in setup), so the timed runs read an adopted history. The migrations are
 * PostgreSQL SQL: status never runs them, it compares names and checksums.
 */
function documensoProject() {
  const corpus = corpusDir();
  const source = path.join(corpus, 'documenso__documenso/migrations');
  const dir = mkdtempSync(path.join(tmpdir(), 'strata-bench-documenso-'));
  const migrations = path.join(dir, 'prisma/migrations');
  mkdirSync(migrations, { recursive: true });
  const names = readdirSync(source, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .slice(0, MIGRATIONS);
  const rows = [];
  names.forEach((name, i) => {
    cpSync(path.join(source, name), path.join(migrations, name), { recursive: true });
    const sql = readFileSync(path.join(source, name, 'migration.sql'));
    const checksum = createHash('sha256').update(sql).digest('hex');
    const at = Date.UTC(2024, 0, 1) + i * 60_000;
    rows.push(`('m${i}', '${checksum}', ${at + 1000}, '${name}', NULL, NULL, ${at}, 1)`);
  });
  writeFileSync(path.join(migrations, 'migration_lock.toml'), 'provider = "sqlite"\n');
  cpSync(path.join(repo, 'examples/blog/prisma/schema.prisma'), path.join(dir, 'prisma/schema.prisma'));
  const setupSql = path.join(dir, 'prisma-history.sql');
  writeFileSync(
    setupSql,
    `CREATE TABLE "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL,
  "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
);
INSERT INTO "_prisma_migrations" VALUES ${rows.join(',\n')};
`,
  );
  const run = (...args) => execFileSync(process.execPath, [cli, ...args], { cwd: dir, env: childEnv(), stdio: 'pipe' });
  writeFileSync(path.join(dir, 'prisma/dev.db'), '');
  run('db', 'execute', '--file', setupSql);
  // The first status imports Prisma's rows; every later one reads the adopted history.
  const status = JSON.parse(String(run('migrate', 'status', '--json')));
  if (status.applied?.length !== MIGRATIONS || status.importedFromPrisma !== MIGRATIONS) {
    throw new Error(`documenso history not adopted: ${JSON.stringify(status).slice(0, 400)}`);
  }
  return dir;
}

export const scenarios = [
  processScenario({ name: 'cli-floor-node-e-0', args: ['-e', '0'], notes: 'node -e 0: the floor' }),
  processScenario({
    name: 'cli-version',
    args: strata('--version'),
    baseline: 'cli-floor-node-e-0',
    targetRatio: 1.5,
    targetRssMiB: 120,
  }),
  processScenario({ name: 'cli-help', args: strata('--help'), targetMs: 250, targetRssMiB: 120 }),
  ...SIZES.flatMap(({ models, targetMs, targetRssMiB, runs }) => [
    processScenario({
      name: `cli-check-${models}-models`,
      args: strata('check'),
      prepare: () => schemaProject(models),
      targetMs,
      targetRssMiB,
      ...(runs === undefined ? {} : { runs }),
    }),
    processScenario({
      name: `cli-diff-from-empty-${models}-models`,
      args: strata('migrate', 'diff', '--from-empty', '--to-schema', 'prisma/schema.prisma', '--script'),
      prepare: () => schemaProject(models),
      targetMs,
      targetRssMiB,
      ...(runs === undefined ? {} : { runs }),
    }),
  ]),
  processScenario({
    name: `cli-status-sqlite-${MIGRATIONS}-migrations`,
    args: strata('migrate', 'status'),
    prepare: documensoProject,
    skip: () => (corpusDir() === undefined ? 'no corpus (STRATA_CORPUS or ../shared/corpus)' : undefined),
    targetMs: 250,
    targetRssMiB: 120,
    notes: "documenso's history, adopted from _prisma_migrations",
  }),
  processScenario({
    name: 'cli-status-sqlite-blog',
    args: strata('migrate', 'status'),
    prepare() {
      const dir = mkdtempSync(path.join(tmpdir(), 'strata-bench-'));
      cpSync(path.join(repo, 'examples/blog'), dir, { recursive: true });
      if (existsSync(path.join(dir, 'prisma/dev.db'))) rmSync(path.join(dir, 'prisma/dev.db'));
      execFileSync(process.execPath, [cli, 'migrate', 'dev', '--name', 'init'], {
        cwd: dir,
        env: childEnv(),
        stdio: 'pipe',
      });
      return dir;
    },
    targetMs: 250,
    targetRssMiB: 120,
    notes: 'the quick start project, one migration, drift checked',
  }),
];
