#!/usr/bin/env node
// strata benchmarks: `pnpm bench [name-filter]`.
// Each scenario (bench/scenarios/*.mjs) runs in its own child process (so peak memory is its own):
// one warm-up (reported as the cold figure), then the median of several timed runs. Prints a table and writes
// bench/results/latest.json. Not part of the test run.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(path.join(here, 'scenarios'))
  .filter((f) => f.endsWith('.mjs'))
  .sort();

const results = [];
for (const file of files) {
  const mod = await import(path.join(here, 'scenarios', file));
  for (const scenario of mod.scenarios ?? []) {
    if (filter && !scenario.name.includes(filter)) continue;
    process.stderr.write(`running ${scenario.name} ...\n`);
    try {
      const out = execFileSync(process.execPath, ['--expose-gc', path.join(here, 'run-one.mjs'), file, scenario.name], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 16 * 1024 * 1024,
      });
      results.push(JSON.parse(out.trim().split('\n').pop()));
    } catch (error) {
      results.push({ name: scenario.name, group: mod.group, error: String(error.message ?? error).split('\n')[0] });
    }
  }
}

// Ratios: to the target, or to a baseline scenario measured in the same run.
for (const r of results) {
  if (r.error || r.skipped) continue;
  if (r.baseline) {
    const base = results.find((b) => b.name === r.baseline);
    if (base && !base.error) r.ratio = r.median / base.median;
  } else if (r.targetMs) {
    r.ratio = r.median / r.targetMs;
  }
  r.ok = r.baseline
    ? r.targetRatio === undefined || r.ratio <= r.targetRatio
    : r.targetMs === undefined || r.median <= r.targetMs;
  r.rssOk = r.targetRssMiB === undefined || r.peakRssBytes <= r.targetRssMiB * 1024 * 1024;
}

const rows = [['scenario', 'median', 'target', 'ratio', 'cold', 'peak rss', 'notes']];
let group;
for (const r of results) {
  // Scenarios measured as whole processes (`export const group`) get a heading of their own.
  if ((r.group ?? 'in process') !== group) {
    group = r.group ?? 'in process';
    rows.push([`[${group}]`, '', '', '', '', '', '']);
  }
  if (r.error) {
    rows.push([r.name, 'ERROR', '', '', '', '', r.error]);
    continue;
  }
  if (r.skipped) {
    rows.push([r.name, 'skipped', '', '', '', '', r.skipped]);
    continue;
  }
  const target = r.baseline
    ? `${r.targetRatio === undefined ? 'vs' : `<${r.targetRatio}x`} ${r.baseline}`
    : r.targetMs
      ? `<${r.targetMs} ms`
      : '';
  rows.push([
    r.name,
    `${r.median.toFixed(1)} ms`,
    target,
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}${r.ok ? '' : ' !'}`,
    `${r.coldMs.toFixed(0)} ms`,
    `${(r.peakRssBytes / 1024 / 1024).toFixed(0)} MiB${r.targetRssMiB === undefined ? '' : ` (<${r.targetRssMiB})`}${r.rssOk ? '' : ' !'}`,
    r.notes ?? '',
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
for (const row of rows) console.log(row.map((cell, i) => String(cell).padEnd(widths[i])).join('  '));

mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(
  path.join(here, 'results', 'latest.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
);
