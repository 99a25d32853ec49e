// Fleets on a PostgreSQL server: 200 tenant schemas in one database, a migrations folder of 10
// migrations made by `strata migrate dev` over 10 schema versions. Deployed from empty by one
// `strata migrate deploy --targets FILE` process at --concurrency 1, 4 and 8, against 200
// sequential single-target `strata migrate deploy --url ...?schema=tN` processes measured in the
// same run (target: concurrency 8 at least 10x faster, the fleet process's peak memory under
// 300 MB); then `strata migrate status --targets FILE` over the 200 deployed targets (target 2 s).
// Every figure is a whole CLI process, as a user runs it; the peak memory is that process's own
// (`process.resourceUsage().maxRSS` written by a preloaded hook as it exits).
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@strata/core';
import provider from '@strata/provider-postgres';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const cli = path.join(repo, 'apps/cli/bin/run.js');
const peakRssHook = path.join(here, '../support/peak-rss.cjs');
const serverUrl = process.env.STRATA_TEST_POSTGRES_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
const TENANTS = 200;

// Ten versions of a small SaaS schema, each a realistic step: new tables, optional columns,
// indexes, an enum, a relation table, foreign keys.
const HEADER = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
`;
const USER = (extra) => `
model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  name      String?
  createdAt DateTime @default(now())
${extra}}
`;
const VERSIONS = [
  HEADER + USER(''),
  HEADER +
    USER('  posts     Post[]\n') +
    `
model Post {
  id       Int     @id @default(autoincrement())
  title    String
  body     String?
  authorId Int
  author   User    @relation(fields: [authorId], references: [id])
}
`,
];
const post = (extra) => `
model Post {
  id        Int      @id @default(autoincrement())
  title     String
  body      String?
  published Boolean  @default(false)
  authorId  Int
  author    User     @relation(fields: [authorId], references: [id])
${extra}  @@index([authorId])
}
`;
const comment = `
model Comment {
  id       Int      @id @default(autoincrement())
  text     String
  postId   Int
  post     Post     @relation(fields: [postId], references: [id], onDelete: Cascade)
  authorId Int
  author   User     @relation(fields: [authorId], references: [id])
  at       DateTime @default(now())
  @@index([postId])
}
`;
VERSIONS.push(HEADER + USER('  posts     Post[]\n') + post(''));
VERSIONS.push(HEADER + USER('  posts     Post[]\n  comments  Comment[]\n') + post('  comments  Comment[]\n') + comment);
const role = `
enum Role {
  MEMBER
  ADMIN
  OWNER
}
`;
VERSIONS.push(
  HEADER +
    role +
    USER('  role      Role     @default(MEMBER)\n  posts     Post[]\n  comments  Comment[]\n') +
    post('  comments  Comment[]\n') +
    comment,
);
const tag = `
model Tag {
  id    Int       @id @default(autoincrement())
  label String    @unique
  posts PostTag[]
}

model PostTag {
  postId Int
  tagId  Int
  post   Post @relation(fields: [postId], references: [id], onDelete: Cascade)
  tag    Tag  @relation(fields: [tagId], references: [id], onDelete: Cascade)
  @@id([postId, tagId])
}
`;
const userV6 = USER('  role      Role     @default(MEMBER)\n  posts     Post[]\n  comments  Comment[]\n');
VERSIONS.push(HEADER + role + userV6 + post('  comments  Comment[]\n  tags      PostTag[]\n') + comment + tag);
const postV7 = post('  slug      String?  @unique\n  comments  Comment[]\n  tags      PostTag[]\n');
VERSIONS.push(HEADER + role + userV6 + postV7 + comment + tag);
const org = `
model Organization {
  id      Int      @id @default(autoincrement())
  name    String
  plan    String   @default("free")
  members User[]
}
`;
const userV8 = USER(
  '  role      Role     @default(MEMBER)\n  orgId     Int?\n  org       Organization? @relation(fields: [orgId], references: [id])\n  posts     Post[]\n  comments  Comment[]\n  @@index([orgId])\n',
);
VERSIONS.push(HEADER + role + org + userV8 + postV7 + comment + tag);
const audit = `
model AuditLog {
  id      BigInt   @id @default(autoincrement())
  actorId Int?
  action  String
  payload Json?
  at      DateTime @default(now())
  @@index([at])
}
`;
VERSIONS.push(HEADER + role + org + userV8 + postV7 + comment + tag + audit);
const postV10 = post(
  '  slug      String?  @unique\n  views     Int      @default(0)\n  updatedAt DateTime?\n  comments  Comment[]\n  tags      PostTag[]\n',
);
VERSIONS.push(HEADER + role + org + userV8 + postV10 + comment + tag + audit);

function childEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && k !== 'NODE_OPTIONS' && k !== 'DATABASE_URL') env[k] = v;
  return { ...env, ...extra };
}

function strataSync(cwd, env, ...args) {
  return execFileSync(process.execPath, [cli, ...args], { cwd, env: childEnv(env), stdio: 'pipe' });
}

/** One CLI process: its wall time and peak RSS; throws with its output when it fails. */
function strata(cwd, env, args) {
  const rssFile = path.join(cwd, `rss-${randomBytes(4).toString('hex')}`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', peakRssHook, cli, ...args], {
      cwd,
      env: childEnv({ ...env, STRATA_BENCH_PEAK_RSS_FILE: rssFile }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      let peakRssBytes = 0;
      try {
        peakRssBytes = Number(readFileSync(rssFile, 'utf8'));
        rmSync(rssFile);
      } catch {}
      if (code === 0) resolve({ ms, peakRssBytes, stdout });
      else reject(new Error(`strata ${args.join(' ')} exited ${code}:\n${(stdout + stderr).slice(-2000)}`));
    });
  });
}

async function admin(sql) {
  const database = await openDatabase(provider, serverUrl);
  try {
    return await database.query(sql);
  } finally {
    await database.close();
  }
}

/**
 * The migrations folder, made once with `migrate dev` against a scratch database and kept (keyed
 * by the schema versions) so the scenarios of one run, each in its own process, share it.
 */
async function migrationsProject() {
  const key = createHash('sha256').update(VERSIONS.join('\0')).digest('hex').slice(0, 12);
  const dir = path.join(repo, 'node_modules/.cache/strata-bench-fleet', key);
  if (existsSync(path.join(dir, 'complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'prisma'), { recursive: true });
  const scratch = `strata_bench_scratch_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE "${scratch}"`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${scratch}`;
    for (const [i, version] of VERSIONS.entries()) {
      writeFileSync(path.join(dir, 'prisma/schema.prisma'), version);
      strataSync(dir, { DATABASE_URL: url.toString() }, 'migrate', 'dev', '--name', `v${i + 1}`);
    }
  } finally {
    await admin(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
  }
  const made = readdirSync(path.join(dir, 'prisma/migrations'), { withFileTypes: true }).filter((e) => e.isDirectory());
  if (made.length !== VERSIONS.length) throw new Error(`expected ${VERSIONS.length} migrations, made ${made.length}`);
  writeFileSync(path.join(dir, 'complete'), '');
  return dir;
}

function tenantUrl(database, i) {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  url.searchParams.set('schema', `t${i}`);
  return url.toString();
}

/** The tenant database, (re)created with 200 empty schemas: every deploy starts from empty. */
async function freshTenants(database) {
  await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${database}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const tenants = await openDatabase(provider, url.toString());
  try {
    await tenants.query(
      `DO $$ BEGIN FOR i IN 1..${TENANTS} LOOP EXECUTE format('CREATE SCHEMA %I', 't' || i); END LOOP; END $$`,
    );
  } finally {
    await tenants.close();
  }
}

async function setupFleet() {
  const project = await migrationsProject();
  const work = mkdtempSync(path.join(tmpdir(), 'strata-bench-fleet-'));
  // the schema and migrations of the project, so `strata` finds them from `work`
  execFileSync('cp', ['-r', path.join(project, 'prisma'), work]);
  const database = `strata_bench_fleet_${randomBytes(4).toString('hex')}`;
  const targets = path.join(work, 'targets.txt');
  writeFileSync(
    targets,
    `${Array.from({ length: TENANTS }, (_, i) => `t${i + 1} ${tenantUrl(database, i + 1)}`).join('\n')}\n`,
  );
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return { work, database, targets, env: { DATABASE_URL: url.toString() } };
}

async function teardownFleet({ work, database }) {
  await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  rmSync(work, { recursive: true, force: true });
}

async function skip() {
  try {
    await admin('SELECT 1');
    return undefined;
  } catch (error) {
    return `no PostgreSQL server at ${new URL(serverUrl).host} (set STRATA_TEST_POSTGRES_URL): ${String(error.message ?? error).split('\n')[0]}`;
  }
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

function fleetDeploy(concurrency, extra) {
  return {
    name: `fleet-deploy-200-c${concurrency}`,
    baseline: 'fleet-deploy-200-sequential',
    targetRssMiB: 300,
    warmUp: false,
    ...extra,
    skip,
    setup: setupFleet,
    async run(context) {
      await freshTenants(context.database);
      const result = await strata(context.work, context.env, [
        'migrate',
        'deploy',
        '--targets',
        context.targets,
        '--concurrency',
        String(concurrency),
        '--json',
      ]);
      const report = JSON.parse(result.stdout);
      const applied = report.targets.reduce((n, t) => n + t.applied.length, 0);
      if (applied !== TENANTS * VERSIONS.length) throw new Error(`applied ${applied} migrations`);
      return {
        ms: result.ms,
        peakRssBytes: result.peakRssBytes,
        notes: `${applied} migrations; fleet process peak ${mib(result.peakRssBytes)}`,
      };
    },
    teardown: teardownFleet,
  };
}

export const scenarios = [
  {
    name: 'fleet-deploy-200-sequential',
    runs: 1,
    warmUp: false,
    skip,
    setup: setupFleet,
    async run(context) {
      await freshTenants(context.database);
      let ms = 0;
      let peak = 0;
      for (let i = 1; i <= TENANTS; i++) {
        const result = await strata(context.work, context.env, [
          'migrate',
          'deploy',
          '--url',
          tenantUrl(context.database, i),
        ]);
        ms += result.ms;
        peak = Math.max(peak, result.peakRssBytes);
      }
      return {
        ms,
        peakRssBytes: peak,
        notes: `${TENANTS} processes, ${(ms / TENANTS).toFixed(0)} ms each`,
      };
    },
    teardown: teardownFleet,
  },
  fleetDeploy(1, { runs: 1 }),
  fleetDeploy(4, { runs: 3 }),
  fleetDeploy(8, { runs: 3, targetRatio: 0.1 }),
  {
    name: 'fleet-status-200',
    targetMs: 2000,
    targetRssMiB: 300,
    runs: 5,
    skip,
    async setup() {
      const context = await setupFleet();
      await freshTenants(context.database);
      await strata(context.work, context.env, [
        'migrate',
        'deploy',
        '--targets',
        context.targets,
        '--concurrency',
        '8',
      ]);
      return context;
    },
    async run(context) {
      const result = await strata(context.work, context.env, [
        'migrate',
        'status',
        '--targets',
        context.targets,
        '--json',
      ]);
      const report = JSON.parse(result.stdout);
      const inSync = report.targets.filter((t) => t.state === 'in-sync').length;
      if (inSync !== TENANTS) throw new Error(`${inSync} of ${TENANTS} targets in sync`);
      return {
        ms: result.ms,
        peakRssBytes: result.peakRssBytes,
        notes: `${inSync} targets in sync; process peak ${mib(result.peakRssBytes)}`,
      };
    },
    teardown: teardownFleet,
  },
];
