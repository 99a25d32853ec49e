/**
 * The shared corpus of real-world Prisma schemas (`shared/corpus/` next to the repository).
 * `STRATA_CORPUS` overrides the location. When the folder is absent the corpus tests are
 * skipped, with one line saying so.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

let announced = false;

export function corpusDir(): string | undefined {
  const dir = process.env.STRATA_CORPUS ?? path.resolve(import.meta.dirname, '../../..', '../shared/corpus');
  if (existsSync(dir)) return dir;
  if (!announced) {
    announced = true;
    console.log(`corpus not found at ${dir} (set STRATA_CORPUS): skipping the corpus tests`);
  }
  return undefined;
}

/**
 * The datasource providers core's own tests lower, with core's test type systems (PostgreSQL-
 * and SQLite-like: core cannot import provider packages). Other schemas of the corpus are
 * validated here and lowered by their provider's package (MySQL:
 * packages/provider-mysql/test/corpus.test.ts).
 */
export const LOWERED_PROVIDERS: ReadonlySet<string> = new Set(['postgresql', 'postgres', 'sqlite']);

/** The `provider` of a corpus schema's datasource block (a file, or the `schema.prisma` of a folder). */
export function datasourceProvider(schema: CorpusSchema): string | undefined {
  const files = statSync(schema.path).isDirectory()
    ? readdirSync(schema.path, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.prisma'))
        .map((f) => path.join(schema.path, f))
    : [schema.path];
  for (const text of files.map((f) => readFileSync(f, 'utf8'))) {
    const block = /datasource\s+\w+\s*\{([^}]*)\}/.exec(text);
    const provider = block === null ? null : /provider\s*=\s*"([^"]+)"/.exec(block[1]!);
    if (provider !== null && provider !== undefined) return provider[1];
  }
  return undefined;
}

export interface CorpusSchema {
  /** `owner__repo`, plus `/schema` or `/single-file-...` for rallly's variants. */
  readonly name: string;
  /** A `.prisma` file, or a folder of them (multi-file schema). */
  readonly path: string;
}

/** The main schema of each project (rallly: the multi-file folder and the last single-file version). */
export function mainSchemas(dir: string): CorpusSchema[] {
  const out: CorpusSchema[] = [];
  for (const project of readdirSync(dir).sort()) {
    const root = path.join(dir, project);
    if (!statSync(root).isDirectory()) continue;
    if (existsSync(path.join(root, 'schema.prisma')))
      out.push({ name: project, path: path.join(root, 'schema.prisma') });
    for (const sub of readdirSync(root).sort()) {
      const subDir = path.join(root, sub);
      if (sub === 'history' || sub === 'migrations' || !statSync(subDir).isDirectory()) continue;
      if (existsSync(path.join(subDir, 'schema.prisma'))) {
        // A folder with `models/` is a multi-file schema: the whole folder is the schema.
        const multi = existsSync(path.join(subDir, 'models'));
        out.push({ name: `${project}/${sub}`, path: multi ? subDir : path.join(subDir, 'schema.prisma') });
      }
    }
  }
  return out;
}

/** Every earlier version of a schema under `<project>/history/*.prisma`. */
export function historySchemas(dir: string): CorpusSchema[] {
  const out: CorpusSchema[] = [];
  for (const project of readdirSync(dir).sort()) {
    const history = path.join(dir, project, 'history');
    if (!existsSync(history)) continue;
    for (const f of readdirSync(history).sort()) {
      if (f.endsWith('.prisma')) out.push({ name: `${project}/history/${f}`, path: path.join(history, f) });
    }
  }
  return out;
}

/** Schemas grouped by project (`owner__repo`), so a corpus-wide check runs as one test per project. */
export function byProject(schemas: readonly CorpusSchema[]): [string, CorpusSchema[]][] {
  const groups = new Map<string, CorpusSchema[]>();
  for (const s of schemas) {
    const project = s.name.split('/')[0] as string;
    groups.set(project, [...(groups.get(project) ?? []), s]);
  }
  return [...groups.entries()];
}
