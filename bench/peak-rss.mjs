// Preloaded (`node --import`) into one extra run of a process scenario: records the process's
// peak resident memory at exit, in KiB, in the file STRATA_BENCH_RSS_FILE names.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  writeFileSync(process.env.STRATA_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
