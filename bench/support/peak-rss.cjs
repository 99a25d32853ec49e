// Preloaded (`node --require`) into a CLI process a benchmark measures: as the process exits, it
// writes its own peak resident memory (bytes) to STRATA_BENCH_PEAK_RSS_FILE.
const { writeFileSync } = require('node:fs');

const file = process.env.STRATA_BENCH_PEAK_RSS_FILE;
if (file) {
  // not inherited by processes it starts: each writes its own figure or none
  delete process.env.STRATA_BENCH_PEAK_RSS_FILE;
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
  });
}
