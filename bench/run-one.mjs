// Runs one scenario in this process: setup, one warm-up (unless `warmUp: false`), `runs` timed runs,
// teardown; prints one JSON line (`{ name, skipped }` when the scenario's `skip()` gives a reason).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [file, name] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const mod = await import(path.join(here, 'scenarios', file));
const scenario = mod.scenarios.find((s) => s.name === name);
// A scenario that cannot run here (no server) says why instead of measuring anything.
const skipped = await scenario.skip?.();
if (skipped !== undefined) {
  console.log(JSON.stringify({ name, skipped, group: mod.group }));
  process.exit(0);
}
const context = (await scenario.setup?.()) ?? {};
const runs = scenario.runs ?? 5;
let notes = '';
// The measured work's own peak memory when a run reports it (a child process it timed), else this process's.
let childPeakRssBytes;
let peakRssBytes;
const record = (result) => {
  if (result && typeof result === 'object' && result.notes) notes = result.notes;
  if (result && typeof result === 'object' && typeof result.peakRssBytes === 'number')
    childPeakRssBytes = Math.max(childPeakRssBytes ?? 0, result.peakRssBytes);
};
// The warm-up run is also the cold figure: what one command in a fresh process pays (JIT included).
// A scenario whose runs each take long (whole processes, seconds each) says `warmUp: false`: its
// first timed run is then also its cold figure.
let coldMs;
const times = [];
// teardown also after a failed run: a scenario's databases and files must not outlive it
try {
  if (scenario.warmUp !== false) {
    const coldStart = performance.now();
    const warmUp = await scenario.run(context);
    coldMs =
      warmUp && typeof warmUp === 'object' && typeof warmUp.ms === 'number' ? warmUp.ms : performance.now() - coldStart;
    record(warmUp);
  }
  for (let i = 0; i < runs; i++) {
    // A full, synchronous collection so no run pays for the garbage of the one before. Not a bare
    // `gc()`: that is a memory-reducing collection which also throws away the compiled code, so
    // every "warm" run would start again from the interpreter (measured: ~100 functions
    // recompiled per run, 30-50% slower runs).
    globalThis.gc?.({ type: 'major', execution: 'sync' });
    const start = performance.now();
    const result = await scenario.run(context);
    times.push(performance.now() - start);
    record(result);
    if (result && typeof result === 'object' && typeof result.ms === 'number') times[times.length - 1] = result.ms;
  }
  coldMs ??= times[0];
  // A scenario timing other processes reports their peak memory (from a run's result, or asked
  // for here, before teardown), not this process's.
  peakRssBytes = scenario.peakRssBytes
    ? await scenario.peakRssBytes(context)
    : (childPeakRssBytes ?? process.resourceUsage().maxRSS * 1024);
} finally {
  await scenario.teardown?.(context);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  JSON.stringify({
    name,
    median,
    coldMs,
    runs: times,
    targetMs: scenario.targetMs,
    baseline: scenario.baseline,
    targetRatio: scenario.targetRatio,
    peakRssBytes,
    targetRssMiB: scenario.targetRssMiB,
    group: mod.group,
    notes,
  }),
);
