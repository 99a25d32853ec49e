import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { makeDirectory } from '../../src/files/make-directory.js';

function createTempDir(prefix: string): { dir: string; close(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, close: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('makeDirectory', () => {
  test('creates every missing parent, and is a no-op on an existing folder', () => {
    const temp = createTempDir('strata-mkdir-');
    try {
      const deep = path.join(temp.dir, 'a/b/c');
      makeDirectory(deep);
      expect(statSync(deep).isDirectory()).toBe(true);
      makeDirectory(deep);
      makeDirectory(temp.dir);
    } finally {
      temp.close();
    }
  });

  test('a file on the way is ENOTDIR naming that file', () => {
    const temp = createTempDir('strata-mkdir-');
    try {
      const file = path.join(temp.dir, 'file');
      writeFileSync(file, 'x');
      expect(() => makeDirectory(path.join(file, 'sub/deeper'))).toThrow(
        expect.objectContaining({ code: 'ENOTDIR', syscall: 'mkdir', path: file }),
      );
      expect(() => makeDirectory(file)).toThrow(expect.objectContaining({ code: 'ENOTDIR', path: file }));
    } finally {
      temp.close();
    }
  });

  // Node's mkdir({ recursive: true }) loops forever here: /proc answers ENOENT for a new folder
  // whose parent exists. This test would hang (and time out) with it.
  test.each(['/proc/nope', '/proc/nope/deeper', '/sys/kernel/nope/x'])('%s fails at once, it does not spin', (dir) => {
    if (!existsSync('/proc/self')) {
      console.log('skipped: no /proc on this system');
      return;
    }
    const started = Date.now();
    expect(() => makeDirectory(dir)).toThrow(expect.objectContaining({ syscall: 'mkdir' }));
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
