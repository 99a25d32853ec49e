#!/usr/bin/env node
// strata's PostgreSQL linter next to squawk on the corpus histories (umami, documenso, rallly):
// `pnpm bench:squawk [--update]` (builds, then runs this file; `node bench/lint-vs-squawk.mjs`
// once `pnpm bench` or `pnpm --filter @strata/provider-postgres build:bench` has built it).
//
// With squawk installed (SQUAWK, else $PEERS_ENV/node_modules/.bin/squawk, PEERS_ENV defaulting
// to /tmp/peers-env: ../shared/peers/setup.sh installs it), squawk runs on every migration.sql
// and its findings are compared with the committed snapshot (--update rewrites it); without it,
// the snapshot is what is compared. strata lints the same files, SQL only. The report: per
// family and project, what squawk flags that strata matches, what it does not (by explained
// difference), and what strata flags that squawk does not. The rules, the matching and the
// explanations are packages/provider-postgres/bench/squawk.ts, which test/lint-vs-squawk.test.ts
// pins. Skipped, with one line, without the corpus (STRATA_CORPUS).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusDir } from '@strata/testkit';
import {
  COMPARED_FAMILIES,
  compareWithSquawk,
  corpusFiles,
  explainedFigures,
  formatSnapshot,
  lintCorpus,
  matchedFigures,
  SQUAWK_ARGS,
  SQUAWK_EXCEPTIONS,
  SQUAWK_PROJECTS,
  STRATA_ONLY_REASONS,
  snapshotFindings,
  squawkFigures,
  squawkSnapshot,
  strataOnlyFigures,
} from '../packages/provider-postgres/dist-bench/bench/squawk.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const snapshotPath = path.join(here, '..', 'packages/provider-postgres/test/fixtures/squawk-corpus.json');
const update = process.argv.includes('--update');

const corpus = corpusDir();
if (corpus === undefined) {
  console.log('corpus not found (set STRATA_CORPUS or place it at ../shared/corpus): lint-vs-squawk skipped');
  process.exit(0);
}
const files = corpusFiles(corpus);

const squawkBin =
  process.env.SQUAWK ?? path.join(process.env.PEERS_ENV ?? '/tmp/peers-env', 'node_modules/.bin/squawk');

/** squawk's JSON report over the corpus files, run from the corpus folder so that paths are relative to it. */
function runSquawk() {
  const version = spawnSync(squawkBin, ['--version'], { encoding: 'utf8' })
    .stdout.trim()
    .replace(/^squawk\s+/, '');
  const report = [];
  let ms = 0;
  for (const project of SQUAWK_PROJECTS) {
    const own = files.filter((file) => file.startsWith(`${project}/`));
    const start = performance.now();
    const run = spawnSync(squawkBin, ['--reporter', 'json', ...SQUAWK_ARGS, ...own], {
      cwd: corpus,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    ms += performance.now() - start;
    // exit code 1 means "found something"; anything else, or no JSON, is a failure
    if (run.status !== 0 && run.status !== 1) throw new Error(`squawk failed on ${project}: ${run.stderr}`);
    report.push(...JSON.parse(run.stdout));
  }
  return { snapshot: squawkSnapshot(version, files, report), ms };
}

const committed = existsSync(snapshotPath) ? JSON.parse(readFileSync(snapshotPath, 'utf8')) : undefined;
let snapshot = committed;
if (existsSync(squawkBin)) {
  const live = runSquawk();
  console.log(`squawk ${live.snapshot.squawk}: ${files.length} files in ${live.ms.toFixed(0)} ms`);
  if (update) {
    writeFileSync(snapshotPath, formatSnapshot(live.snapshot));
    console.log(`wrote ${path.relative(process.cwd(), snapshotPath)}`);
  } else if (committed === undefined || JSON.stringify(committed) !== JSON.stringify(live.snapshot)) {
    console.log('the committed snapshot differs from what squawk finds now: run with --update, then the test');
  }
  snapshot = live.snapshot;
} else {
  if (update) throw new Error(`--update needs squawk (${squawkBin}): run ../shared/peers/setup.sh, or set SQUAWK`);
  if (snapshot === undefined) throw new Error(`no squawk (${squawkBin}) and no snapshot (${snapshotPath})`);
  console.log(`squawk not installed: the committed snapshot (squawk ${snapshot.squawk}) stands for it`);
}
if (JSON.stringify(snapshot.files) !== JSON.stringify(files))
  console.log('the snapshot was taken on other corpus files: run with --update');

const start = performance.now();
const linted = await lintCorpus(corpus, files);
console.log(`strata: ${files.length} files in ${(performance.now() - start).toFixed(0)} ms (parser load included)\n`);

const comparison = compareWithSquawk(snapshotFindings(snapshot), linted);
const figures = squawkFigures(comparison);
const strataOnly = strataOnlyFigures(comparison);
const scopes = [...SQUAWK_PROJECTS, 'all'];
const short = (scope) => scope.replace(/__.*/, '');

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  for (const row of rows) console.log(row.map((cell, i) => String(cell).padEnd(widths[i])).join('  '));
}

console.log('squawk findings, per family (matched by strata / explained differences / unexplained):');
const rows = [['family', ...scopes.map(short)]];
for (const family of [...COMPARED_FAMILIES, 'unmapped']) {
  if (figures[family] === undefined) continue;
  rows.push([
    family,
    ...scopes.map((scope) => {
      const f = figures[family][scope];
      if (f === undefined) return '-';
      const explained = Object.values(f.explained).reduce((a, b) => a + b, 0);
      return `${f.squawk}: ${f.matched} / ${explained} / ${f.unexplained}`;
    }),
  ]);
}
table(rows);

const style = Object.entries(snapshot.styleCounts);
console.log(
  `\nstyle (out of the comparison): ${style
    .map(([rule, counts]) => `${rule} ${Object.values(counts).reduce((a, b) => a + b, 0)}`)
    .join(', ')}`,
);

console.log(
  `\nsquawk findings strata matches, per rule: ${Object.entries(matchedFigures(comparison))
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ')}`,
);

console.log('\nsquawk only, explained:');
const explained = explainedFigures(comparison);
for (const exception of SQUAWK_EXCEPTIONS) {
  console.log(
    `  ${exception.id} (${Object.entries(explained[exception.id] ?? {})
      .map(([rule, n]) => `${rule} ${n}`)
      .join(', ')}): ${exception.reason}`,
  );
}

const unexplained = comparison.squawk.filter((o) => !o.matched && o.exception === undefined && o.family !== 'style');
console.log(`\nsquawk only, unexplained: ${unexplained.length}`);
for (const o of unexplained) console.log(`  ${o.finding.file}:${o.finding.line} ${o.finding.rule} (${o.family})`);

const wrong = comparison.squawk.filter((o) => o.matched && o.exception !== undefined);
if (wrong.length > 0) {
  console.log(`\nexplained but matched (an exception that says too much): ${wrong.length}`);
  for (const o of wrong) console.log(`  ${o.finding.file}:${o.finding.line} ${o.finding.rule} (${o.exception})`);
}

console.log('\nstrata only, per code:');
const strataRows = [['code', ...scopes.map(short), 'why']];
for (const [code, counts] of Object.entries(strataOnly))
  strataRows.push([code, ...scopes.map((scope) => counts[scope] ?? 0), STRATA_ONLY_REASONS[code] ?? 'UNEXPLAINED']);
table(strataRows);

const unmapped = [...new Set(comparison.squawk.filter((o) => o.family === 'unmapped').map((o) => o.finding.rule))];
if (unmapped.length > 0) console.log(`\nsquawk rules with no family yet (SQUAWK_RULES): ${unmapped.join(', ')}`);
