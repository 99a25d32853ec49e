/**
 * The real-world corpus of Prisma schemas and migration histories lives outside the repository
 * (`../shared/corpus` next to the checkout, or STRATA_CORPUS). Where it is absent, corpus tests
 * are skipped with one printed line.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

export interface CorpusHistory {
  /** The project folder (`umami-software__umami-mysql`). */
  readonly project: string;
  /** Its migration folders in order, each with the path of its migration.sql. */
  readonly migrations: readonly { readonly name: string; readonly file: string }[];
}

/**
 * The corpus projects with a `migrations/` folder whose schema.prisma datasource uses `provider`
 * (`postgresql`, `sqlite`, `mysql`), in folder order.
 */
export function corpusHistories(corpus: string, provider: string): CorpusHistory[] {
  const histories: CorpusHistory[] = [];
  for (const project of readdirSync(corpus).sort()) {
    const schema = path.join(corpus, project, 'schema.prisma');
    const migrations = path.join(corpus, project, 'migrations');
    if (!existsSync(schema) || !existsSync(migrations)) continue;
    const datasource = /datasource\s+\w+\s*\{[^}]*?\bprovider\s*=\s*"([^"]+)"/.exec(readFileSync(schema, 'utf8'));
    if (datasource?.[1] !== provider) continue;
    const names = readdirSync(migrations)
      .filter((name) => existsSync(path.join(migrations, name, 'migration.sql')))
      .sort();
    histories.push({
      project,
      migrations: names.map((name) => ({ name, file: path.join(migrations, name, 'migration.sql') })),
    });
  }
  return histories;
}
