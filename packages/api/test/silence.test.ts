/**
 * The API prints nothing and never exits the process, on success and on failure: every function
 * runs in a child process (importing the built package, as an application does) whose stdout and
 * stderr must stay empty and whose `process.exit` records any call. The child writes what it saw
 * to a file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createTempDir } from '@strata/testkit';
import { assertBuilt, linkPackages, runNode, writeFixture } from './support.js';

const temp = createTempDir('strata-api-silence-');
let dir: string;

beforeAll(async () => {
  assertBuilt();
  dir = path.join(temp.dir, 'app');
  await writeFixture(dir, 'sqlite', `file:${path.join(temp.dir, 'scratch.db')}`);
  linkPackages(dir);
});
afterAll(() => temp.close());

const CHILD = `
import { writeFileSync } from 'node:fs';

const exits = [];
process.exit = (code) => {
  exits.push(code ?? null);
  throw new Error('process.exit called');
};
const api = await import('@strata/api');
const seen = { exits, results: {}, failures: {} };
const url = 'file:./silent.db';
seen.results.deploy = (await api.deploy({ url, onProgress: () => {} })).applied.length;
seen.results.status = (await api.status({ url })).inSync;
seen.results.plan = (await api.plan()).empty;
seen.results.diff = (await api.diff({ url, from: 'database', to: 'schema' })).empty;
seen.results.deployFleet = (await api.deployFleet({ targets: ['file:./t1.db', 'file:./t2.db'] })).ok;
seen.results.statusFleet = (await api.statusFleet({ targets: ['file:./t1.db', 'file:./missing.db'] })).targets.map(
  (t) => t.state,
);
const failing = {
  noUrl: () => api.status({ env: {} }),
  noSchema: () => api.deploy({ cwd: '/' }),
  missingDatabase: () => api.deploy({ url: 'file:./absent.db', createIfMissing: false }),
  badTargets: () => api.deployFleet({ targets: [] }),
};
for (const [name, call] of Object.entries(failing)) {
  try {
    await call();
    seen.failures[name] = 'resolved';
  } catch (error) {
    seen.failures[name] = api.isStrataError(error) && error.hint ? error.code : \`not a StrataError with a hint: \${error}\`;
  }
}
writeFileSync(process.argv[2], JSON.stringify(seen));
`;

test('no output and no process.exit, whatever happens', async () => {
  const script = path.join(dir, 'silent.mjs');
  const report = path.join(temp.dir, 'seen.json');
  writeFileSync(script, CHILD);
  const result = await runNode([script, report], dir, { DATABASE_URL: 'file:./dev.db' });
  expect(result).toEqual({ code: 0, out: '', err: '' });
  expect(JSON.parse(readFileSync(report, 'utf8'))).toEqual({
    exits: [],
    results: {
      deploy: 2,
      status: true,
      plan: true,
      diff: true,
      deployFleet: true,
      statusFleet: ['in-sync', 'unreachable'],
    },
    failures: {
      noUrl: 'invalid-argument',
      noSchema: 'schema-not-found',
      missingDatabase: 'database-missing',
      badTargets: 'invalid-argument',
    },
  });
});
