/**
 * The real-world corpus of Prisma schemas and migration histories lives outside the repository
 * (`../shared/corpus` next to the checkout, or STRATA_CORPUS). Where it is absent, corpus tests
 * are skipped with one printed line.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function corpusDir(): string | undefined {
  const dir = process.env.STRATA_CORPUS ?? path.resolve(repoRoot, '../shared/corpus');
  return existsSync(path.join(dir, 'MANIFEST.md')) ? dir : undefined;
}

let announced = false;
/** The corpus folder, or undefined after printing (once per process) why corpus tests are skipped. */
export function corpusOrSkip(): string | undefined {
  const dir = corpusDir();
  if (dir === undefined && !announced) {
    announced = true;
    console.log('corpus not found (set STRATA_CORPUS or place it at ../shared/corpus): corpus tests skipped');
  }
  return dir;
}

export function repositoryRoot(): string {
  return repoRoot;
}
