/**
 * Targets files as users write them: one URL per line, `name URL` lines, JSON and YAML lists or
 * maps, `env("VAR")` URLs; and the mistakes that must stop a fleet run before it starts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parseTargets, readTargetsFile, targetName } from '../../src/fleet/targets.js';
import { targetOfRow } from '../../src/fleet/targets-from-query.js';

const env = { EU_URL: 'postgresql://app:s3cret@eu.example/app', EMPTY: '' };

async function failure(text: string): Promise<{ code: string; message: string; hint?: string }> {
  try {
    await parseTargets(text, 'targets.txt', env);
  } catch (error) {
    return error as { code: string; message: string; hint?: string };
  }
  throw new Error('expected a failure');
}

describe('parseTargets', () => {
  test('one URL per line, with comments, blank lines and optional names', async () => {
    const targets = await parseTargets(
      [
        '# tenants',
        'postgresql://u@db/app?schema=tenant_a',
        '',
        'eu   env("EU_URL")   # the EU region',
        'postgresql://u@db/billing',
        'file:./local.db',
      ].join('\n'),
      'targets.txt',
      env,
    );
    expect(targets).toEqual([
      { name: 'tenant_a', url: 'postgresql://u@db/app?schema=tenant_a' },
      { name: 'eu', url: env.EU_URL },
      { name: 'billing', url: 'postgresql://u@db/billing' },
      { name: 'local.db', url: 'file:./local.db' },
    ]);
  });

  test('JSON: a list of {name, url}, a {targets: [...]} object, or a map of name to URL', async () => {
    const expected = [
      { name: 'eu', url: env.EU_URL },
      { name: 'us', url: 'postgresql://u@us/app' },
    ];
    expect(
      await parseTargets(
        '[{"name":"eu","url":"env(\\"EU_URL\\")"},{"name":"us","url":"postgresql://u@us/app"}]',
        'f',
        env,
      ),
    ).toEqual(expected);
    expect(
      await parseTargets(
        '{"targets":[{"name":"eu","url":"env(EU_URL)"},{"name":"us","url":"postgresql://u@us/app"}]}',
        'f',
        env,
      ),
    ).toEqual(expected);
    expect(await parseTargets('{"eu":"env(\'EU_URL\')","us":"postgresql://u@us/app"}', 'f', env)).toEqual(expected);
  });

  test('YAML: the same shapes', async () => {
    const expected = [
      { name: 'eu', url: env.EU_URL },
      { name: 'us', url: 'postgresql://u@us/app' },
    ];
    expect(
      await parseTargets('- name: eu\n  url: env("EU_URL")\n- name: us\n  url: postgresql://u@us/app\n', 'f.yaml', env),
    ).toEqual(expected);
    expect(
      await parseTargets(
        'targets:\n  - name: eu\n    url: env("EU_URL")\n  - {name: us, url: "postgresql://u@us/app"}\n',
        'f',
        env,
      ),
    ).toEqual(expected);
    expect(await parseTargets('eu: env("EU_URL")\nus: postgresql://u@us/app\n', 'f', env)).toEqual(expected);
  });

  test('a variable that is not set names the target and the variable', async () => {
    const error = await failure('eu env("NOT_SET_ANYWHERE")');
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toBe('targets.txt: line 1 names NOT_SET_ANYWHERE, which is not set.');
    expect((await failure('eu env(EMPTY)')).message).toContain('EMPTY, which is not set');
  });

  test('duplicate names or URLs, empty files and malformed entries stop the run with a hint', async () => {
    expect((await failure('a postgresql://u@h/x\na postgresql://u@h/y')).message).toContain(
      'two targets are named "a"',
    );
    expect((await failure('a postgresql://u@h/x\nb postgresql://u@h/x')).message).toContain(
      'targets "a" and "b" have the same URL',
    );
    expect((await failure('# nothing\n\n')).message).toContain('it lists no targets');
    expect((await failure('[{"name":"a"}]')).message).toContain('target 1 has no url');
    expect((await failure('[{"name": ')).message).toContain('not valid JSON');
    const error = await failure('[]');
    expect(error.hint).toContain('one URL per line');
  });

  test('a secret in a URL never reaches a message', async () => {
    const error = await failure('a postgresql://u:hunter2@h/x\nb postgresql://u:hunter2@h/x');
    expect(JSON.stringify(error)).not.toContain('hunter2');
  });
});

describe('targetName', () => {
  test('the schema, else the database, else the masked URL', () => {
    expect(targetName('postgresql://u@h/app?schema=acme')).toBe('acme');
    expect(targetName('mysql://root@h:3306/tenant_7')).toBe('tenant_7');
    expect(targetName('file:/var/data/eu.db')).toBe('eu.db');
    expect(targetName('postgresql://u:pw@h')).toBe('postgresql://u:***@h');
  });
});

describe('targetOfRow', () => {
  const control = 'postgresql://app:pw@db:5432/control';
  test('a url column, or a schema or database on the control server', () => {
    expect(targetOfRow({ name: 'acme', url: 'postgresql://u@h/acme' }, 1, control, 'q')).toEqual({
      name: 'acme',
      url: 'postgresql://u@h/acme',
    });
    expect(targetOfRow({ schema: 'tenant_acme' }, 1, control, 'q')).toEqual({
      name: 'tenant_acme',
      url: 'postgresql://app:pw@db:5432/control?schema=tenant_acme',
    });
    expect(targetOfRow({ name: 'b', database: 'tenant_b' }, 2, control, 'q')).toEqual({
      name: 'b',
      url: 'postgresql://app:pw@db:5432/tenant_b',
    });
  });
  test('a row without url, schema or database says which columns to select', () => {
    expect(() => targetOfRow({ slug: 'x' }, 3, control, 'the targets query')).toThrow(
      'Row 3 of the targets query has no url, schema or database column.',
    );
  });
});

test('readTargetsFile reads the file, and a missing file says how to write one', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'strata-targets-'));
  try {
    const file = path.join(dir, 'targets.yaml');
    writeFileSync(file, '- postgresql://u@h/app?schema=a\n- postgresql://u@h/app?schema=b\n');
    expect((await readTargetsFile(file, {})).map((t) => t.name)).toEqual(['a', 'b']);
    await expect(readTargetsFile(path.join(dir, 'missing.txt'), {})).rejects.toMatchObject({
      code: 'invalid-argument',
      hint: expect.stringContaining('one URL per line'),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
