#!/usr/bin/env node
// `npx strata` as a user gets it: packs @strata/cli, core and the providers (`pnpm pack`, what
// `pnpm publish` would upload), installs the tarballs with npm into a fresh project outside the
// workspace, and runs the installed binary through npx on a real schema. Run by .ci/run after the
// build; it needs the npm registry for third-party dependencies. Install scripts are skipped
// (sqlite3 would fetch a prebuilt binary from GitHub), so only commands without a database run
// here: they load no driver.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// @strata/cli and every workspace package it depends on, directly or not (core, the providers,
// the diagram renderer, ...): what a user installing @strata/cli gets from the registry.
const workspace = new Map(
  ['apps', 'packages'].flatMap((parent) =>
    readdirSync(path.join(repo, parent)).flatMap((name) => {
      const file = path.join(repo, parent, name, 'package.json');
      if (!existsSync(file)) return [];
      const manifest = JSON.parse(readFileSync(file, 'utf8'));
      return manifest.private ? [] : [[manifest.name, { dir: path.join(parent, name), manifest }]];
    }),
  ),
);
const packages = [];
const visit = (name) => {
  const entry = workspace.get(name);
  if (entry === undefined || packages.includes(entry.dir)) return;
  packages.push(entry.dir);
  for (const dependency of Object.keys(entry.manifest.dependencies ?? {})) visit(dependency);
};
visit('@strata/cli');
const work = mkdtempSync(path.join(tmpdir(), 'strata-pack-'));
const TIMEOUT_MS = 5 * 60_000;

function run(command, args, cwd, options = {}) {
  const started = performance.now();
  const out = execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  });
  return { out, ms: performance.now() - started };
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

try {
  const tarballs = path.join(work, 'tarballs');
  mkdirSync(tarballs);
  for (const dir of packages) run('pnpm', ['pack', '--pack-destination', tarballs], path.join(repo, dir));
  const files = readdirSync(tarballs).map((f) => path.join(tarballs, f));
  console.log(`packed ${files.map((f) => path.basename(f)).join(', ')}`);

  const project = path.join(work, 'app');
  mkdirSync(path.join(project, 'prisma'), { recursive: true });
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', private: true }, null, 2));
  const install = run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...files],
    project,
  );
  console.log(`npm install of the tarballs: ${(install.ms / 1000).toFixed(1)} s`);

  // The installed CLI is the bundled build: entry files and chunks, no per-module output.
  const cli = path.join(project, 'node_modules/@strata/cli');
  check(existsSync(path.join(cli, 'dist/execute.js')), 'the installed @strata/cli has no dist/execute.js');
  check(existsSync(path.join(cli, 'oclif.manifest.json')), 'the installed @strata/cli has no oclif.manifest.json');
  check(!existsSync(path.join(cli, 'dist/base-command.js')), 'the installed @strata/cli ships unbundled modules');
  check(
    !existsSync(path.join(project, 'node_modules/@strata/core/dist/psl/parser.js')),
    'the installed core is not bundled',
  );

  const npx = (...args) => run('npx', ['--no-install', 'strata', ...args], project).out;
  const version = npx('--version');
  const cliVersion = JSON.parse(readFileSync(path.join(repo, 'apps/cli/package.json'), 'utf8')).version;
  check(version.startsWith(`@strata/cli/${cliVersion} `), `npx strata --version said: ${version}`);
  check(npx('--help').includes('migrate'), 'npx strata --help lists no migrate topic');

  writeFileSync(
    path.join(project, 'prisma/schema.prisma'),
    `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n}\n`,
  );
  const checked = JSON.parse(npx('check', '--json'));
  // the providers' tarballs are the project's own dependencies here, so they are found as such
  check(checked.ok === true && checked.provider.id === 'postgresql', `npx strata check: ${JSON.stringify(checked)}`);
  const sql = npx('migrate', 'diff', '--from-empty', '--to-schema', 'prisma/schema.prisma', '--script');
  check(sql.includes('CREATE TABLE "User"'), `npx strata migrate diff printed:\n${sql}`);
  // the diagram renderer is a package of its own, loaded when a picture is drawn
  const svg = npx('diagram');
  check(svg.startsWith('<svg') && svg.includes('User'), `npx strata diagram printed:\n${svg.slice(0, 200)}`);
  console.log('npx strata from the packed tarballs: --version, --help, check, migrate diff, diagram: ok');
} finally {
  rmSync(work, { recursive: true, force: true });
}
