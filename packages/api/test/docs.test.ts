/**
 * docs/api.md cannot rot: every `js` block there is an example, run as a user runs it (a node
 * process in a project with two migrations, importing the built @strata/api), against SQLite
 * files, and against the PostgreSQL server when STRATA_TEST_POSTGRES_URL is set (else those are
 * skipped with a printed reason). What a block says it prints must be in its output.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTempDir, startTestPostgres, type TestPostgres, testPostgresServerUrl } from '@strata/testkit';
import { assertBuilt, type FixtureProvider, linkPackages, type NodeRun, runNode, writeFixture } from './support.js';

const packageDir = path.resolve(import.meta.dirname, '..');
const manual = readFileSync(path.resolve(packageDir, '../../docs/api.md'), 'utf8');

interface Example {
  readonly database: 'sqlite' | 'postgres';
  readonly code: string;
  /** The block's "It prints:" text, when it has one. */
  readonly prints?: string;
  readonly line: number;
}

/** Every ```js block, with the `<!-- example: sqlite|postgres -->` marker before it and the ```text block after it. */
function examples(markdown: string): Example[] {
  const found: Example[] = [];
  const block = /(<!-- example: (\w+) -->\n)?```js\n([\s\S]*?)```\n(?:\nIt prints:\n\n```text\n([\s\S]*?)```\n)?/g;
  for (const match of markdown.matchAll(block)) {
    const line = markdown.slice(0, match.index).split('\n').length;
    const database = match[2];
    if (database !== 'sqlite' && database !== 'postgres')
      throw new Error(`docs/api.md line ${line}: a js block without <!-- example: sqlite|postgres -->`);
    found.push({
      database,
      code: match[3] as string,
      ...(match[4] === undefined ? {} : { prints: match[4] }),
      line,
    });
  }
  return found;
}

const all = examples(manual);
const serverUrl = testPostgresServerUrl();
if (serverUrl === undefined)
  console.log(
    `docs/api.md: ${all.filter((e) => e.database === 'postgres').length} PostgreSQL examples skipped: STRATA_TEST_POSTGRES_URL is not set.`,
  );

const temp = createTempDir('strata-api-docs-');
const templates = new Map<FixtureProvider, string>();
let pg: TestPostgres | undefined;

beforeAll(async () => {
  assertBuilt();
  templates.set('sqlite', await template('sqlite', `file:${path.join(temp.dir, 'scratch.db')}`));
  if (serverUrl !== undefined) {
    pg = await startTestPostgres();
    templates.set('postgresql', await template('postgresql', pg.url));
  }
});
afterAll(async () => {
  await pg?.close();
  temp.close();
});

/** A project like an application's: schema, migrations, and node_modules with @strata/api (and `postgres`). */
async function template(provider: FixtureProvider, scratchUrl: string): Promise<string> {
  const dir = path.join(temp.dir, `template-${provider}`);
  await writeFixture(dir, provider, scratchUrl);
  linkPackages(dir);
  return dir;
}

let runs = 0;

async function run(example: Example, env: Record<string, string>): Promise<NodeRun> {
  const source = templates.get(example.database === 'sqlite' ? 'sqlite' : 'postgresql') as string;
  const dir = path.join(temp.dir, `example-${++runs}`);
  cpSync(source, dir, { recursive: true, verbatimSymlinks: true });
  const file = path.join(dir, 'example.mjs');
  writeFileSync(file, example.code);
  const usesNodeTest = example.code.includes("from 'node:test'");
  return runNode([...(usesNodeTest ? ['--test-reporter=tap'] : []), file], dir, env);
}

function expectRan(example: Example, result: NodeRun): void {
  const where = `docs/api.md line ${example.line}`;
  expect({ where, code: result.code, err: result.err }).toEqual({ where, code: 0, err: '' });
  if (example.code.includes("from 'node:test'")) {
    expect(result.out).toMatch(/^# pass [1-9]\d*$/m);
    expect(result.out).toMatch(/^# fail 0$/m);
  }
  if (example.prints !== undefined) expect(result.out).toBe(example.prints);
}

test('docs/api.md has the examples its sections promise', () => {
  expect(all.filter((e) => e.database === 'sqlite').length).toBeGreaterThanOrEqual(5);
  expect(all.filter((e) => e.database === 'postgres').length).toBeGreaterThanOrEqual(2);
  expect(all.some((e) => e.code.includes('deployFleet'))).toBe(true);
  expect(all.some((e) => e.code.includes("from 'node:test'"))).toBe(true);
});

describe('SQLite examples', () => {
  test.each(all.filter((e) => e.database === 'sqlite').map((e) => [e.line, e] as const))(
    'docs/api.md line %i',
    async (_line, example) => {
      expectRan(example, await run(example, { DATABASE_URL: 'file:./app.db' }));
    },
  );
});

const onServer = serverUrl === undefined ? describe.skip : describe;
onServer('PostgreSQL examples', () => {
  test.each(all.filter((e) => e.database === 'postgres').map((e) => [e.line, e] as const))(
    'docs/api.md line %i',
    async (_line, example) => {
      // The per-test-database example makes its own databases on the server (CREATE DATABASE is
      // the slow part: none more here); the others work in the test file's database.
      const perTest = example.code.includes("from 'node:test'");
      const database = perTest ? (serverUrl as string) : (pg as TestPostgres).url;
      expectRan(example, await run(example, { DATABASE_URL: database }));
    },
  );
});
