// Adds up jest's "Tests: ..." lines from the given logs into one closing line:
// "tests: N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of process.argv.slice(2)) {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue;
  }
  for (const line of text.split('\n')) {
    const at = line.indexOf('Tests:');
    if (at < 0) continue;
    for (const [, count, word] of line.slice(at).matchAll(/(\d+) (passed|failed|skipped)/g)) {
      totals[word] += Number(count);
    }
  }
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
