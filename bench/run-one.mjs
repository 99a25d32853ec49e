// Runs one scenario in this process: setup, one warm-up, `runs` timed runs; prints one JSON line
// (`{ name, skipped }` when the scenario's `skip()` gives a reason).
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
// The warm-up run is also the cold figure: what one command in a fresh process pays (JIT included).
const coldStart = performance.now();
const warmUp = await scenario.run(context);
const coldMs =
  warmUp && typeof warmUp === 'object' && typeof warmUp.ms === 'number' ? warmUp.ms : performance.now() - coldStart;
const times = [];
for (let i = 0; i < runs; i++) {
  // A full, synchronous collection so no run pays for the garbage of the one before. Not a bare
  // `gc()`: that is a memory-reducing collection which also throws away the compiled code, so
  // every "warm" run would start again from the interpreter (measured: ~100 functions
  // recompiled per run, 30-50% slower runs).
  globalThis.gc?.({ type: 'major', execution: 'sync' });
  const start = performance.now();
  const result = await scenario.run(context);
  times.push(performance.now() - start);
  if (result && typeof result === 'object' && result.notes) notes = result.notes;
  if (result && typeof result === 'object' && typeof result.ms === 'number') times[times.length - 1] = result.ms;
}
// A scenario timing other processes reports their peak memory, not this process's.
const peakRssBytes = scenario.peakRssBytes
  ? await scenario.peakRssBytes(context)
  : process.resourceUsage().maxRSS * 1024;
await scenario.teardown?.(context);
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
