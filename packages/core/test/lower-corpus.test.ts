/**
 * lower() on every corpus schema, checked against the real Prisma migration histories:
 * - epic-stack and indie-stack have one squashed `init` migration made by Prisma from their final
 *   schema: the tables, indexes and foreign keys it creates must be exactly the ones we lower;
 * - the other histories (umami, documenso, rallly) evolved over years and were partly hand-edited,
 *   so every name we produce must appear in some migration.sql of the project (a wrong name,
 *   truncation or join table would not), and table counts are exact;
 * - projects without a history are lowered without error, with structural sanity checks.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import type { DatabaseSchema } from '../src/index.js';
import { lower } from '../src/index.js';
import { loadSchemaFiles } from '../src/psl/index.js';
import { analyzeSchema } from '../src/schema/index.js';
import { corpusDir, datasourceProvider, LOWERED_PROVIDERS, mainSchemas } from './corpus.js';
import { testNativeTypes } from './helpers/psl-native-types.js';
import { pgLike, sqliteLike } from './helpers/test-provider.js';

const dir = corpusDir();
const describeCorpus = dir === undefined ? describe.skip : describe;

async function lowerCorpus(
  file: string,
): Promise<{ ir: DatabaseSchema; postgres: boolean; models: number; m2m: number }> {
  const sources = await loadSchemaFiles(file);
  const postgres = sources.some((s) => /provider\s*=\s*"postgres(ql)?"/.test(s.text));
  const result = analyzeSchema(sources, postgres ? { nativeTypes: testNativeTypes, maxIdentifierLength: 63 } : {});
  expect(result.errors).toEqual([]);
  const model = result.model!;
  return {
    ir: lower(model, postgres ? pgLike : sqliteLike),
    postgres,
    models: model.models.length,
    m2m: model.relations.filter((r) => r.kind === 'many-to-many').length,
  };
}

function migrationsSql(project: string): string | undefined {
  const folder = path.join(dir!, project, 'migrations');
  if (!existsSync(folder)) return undefined;
  return readdirSync(folder)
    .sort()
    .map((m) => path.join(folder, m, 'migration.sql'))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

/**
 * Objects of the final schema that the project's own migrations never created (upstream drift,
 * checked by hand): umami's schema declares `@@index([visitId])` on SessionReplay, but
 * `19_add_session_replay` creates every other index of that model and not this one.
 */
const KNOWN_DRIFT: Readonly<Record<string, readonly string[]>> = {
  'umami-software__umami': ['index session_replay_visit_id_idx'],
};

const createdNames = (sql: string, pattern: RegExp): string[] => [...sql.matchAll(pattern)].map((m) => m[1]!).sort();

/** The main schemas core's tests lower, after one line for each one lowered by its provider's own tests. */
function loweredSchemas(): ReturnType<typeof mainSchemas> {
  return (dir === undefined ? [] : mainSchemas(dir)).filter((s) => {
    const provider = datasourceProvider(s);
    if (provider !== undefined && LOWERED_PROVIDERS.has(provider)) return true;
    console.log(`${s.name}: "${provider}" is lowered by its provider package's corpus test (validated here)`);
    return false;
  });
}

describeCorpus('lower() on the corpus', () => {
  const schemas = loweredSchemas();

  test('lowers every project of a provider strata supports', () => {
    expect(schemas.length).toBe(13);
  });

  test.each(schemas.map((s) => [s.name, s.path] as const))('%s lowers with sane structure', async (_name, file) => {
    const { ir, models, m2m } = await lowerCorpus(file);
    expect(ir.tables).toHaveLength(models + m2m);
    const tables = new Map(ir.tables.map((t) => [t.name, t]));
    for (const table of ir.tables) {
      const columns = new Set(table.columns.map((c) => c.name));
      for (const c of table.primaryKey?.columns ?? []) expect(columns.has(c)).toBe(true);
      for (const i of table.indexes) for (const c of i.columns) expect(columns.has(c.name!)).toBe(true);
      for (const fk of table.foreignKeys) {
        const target = tables.get(fk.referencedTable);
        expect(target).toBeDefined();
        for (const c of fk.referencedColumns) expect(target!.columns.some((col) => col.name === c)).toBe(true);
      }
      for (const name of [
        table.primaryKey?.name,
        ...table.indexes.map((i) => i.name),
        ...table.foreignKeys.map((f) => f.name),
      ]) {
        if (name !== undefined) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
      }
    }
  });

  test.each(['epicweb-dev__epic-stack', 'remix-run__indie-stack'])(
    '%s: exactly the tables, indexes and foreign keys of its Prisma init migration',
    async (project) => {
      const sql = migrationsSql(project)!;
      const { ir } = await lowerCorpus(path.join(dir!, project, 'schema.prisma'));
      expect(ir.tables.map((t) => t.name).sort()).toEqual(createdNames(sql, /CREATE TABLE "([^"]+)"/g));
      expect(ir.tables.flatMap((t) => t.indexes.map((i) => i.name)).sort()).toEqual(
        createdNames(sql, /CREATE (?:UNIQUE )?INDEX "([^"]+)"/g),
      );
      expect(ir.tables.flatMap((t) => t.foreignKeys.map((f) => f.name!)).sort()).toEqual(
        createdNames(sql, /CONSTRAINT "([^"]+)" FOREIGN KEY/g),
      );
      // Column names and arity of every table, from the CREATE TABLE bodies.
      for (const table of ir.tables) {
        const body = new RegExp(`CREATE TABLE "${table.name}" \\(([\\s\\S]*?)\\n\\);`).exec(sql)![1]!;
        const columns = [...body.matchAll(/^\s+"([^"]+)" [A-Z]+/gm)].map((m) => m[1]);
        expect(table.columns.map((c) => c.name)).toEqual(columns);
        for (const column of table.columns) {
          const line = new RegExp(`"${column.name}" [^\\n]*`).exec(body)![0];
          expect(line.includes('NOT NULL')).toBe(!column.nullable);
          expect(line.includes('DEFAULT')).toBe(column.default !== undefined);
        }
      }
    },
  );

  test.each(['umami-software__umami', 'documenso__documenso', 'lukevella__rallly'])(
    '%s: every lowered name appears in its Prisma migration history',
    async (project) => {
      const sql = migrationsSql(project)!;
      const file =
        project === 'lukevella__rallly'
          ? path.join(dir!, project, 'schema')
          : path.join(dir!, project, 'schema.prisma');
      const schemaPath = existsSync(file) ? file : mainSchemas(dir!).find((s) => s.name.startsWith(project))!.path;
      const { ir, postgres } = await lowerCorpus(schemaPath);
      expect(postgres).toBe(true);
      const quoted = (name: string) => sql.includes(`"${name}"`);
      const missing: string[] = [];
      for (const table of ir.tables) {
        if (!quoted(table.name)) missing.push(`table ${table.name}`);
        for (const c of table.columns) if (!quoted(c.name)) missing.push(`column ${table.name}.${c.name}`);
        if (table.primaryKey?.name !== undefined && !quoted(table.primaryKey.name))
          missing.push(`pk ${table.primaryKey.name}`);
        for (const i of table.indexes) if (!quoted(i.name)) missing.push(`index ${i.name}`);
        for (const f of table.foreignKeys) if (!quoted(f.name!)) missing.push(`fk ${f.name}`);
      }
      for (const e of ir.enums) if (!quoted(e.name)) missing.push(`enum ${e.name}`);
      expect(missing).toEqual(KNOWN_DRIFT[project] ?? []);
      if (project === 'umami-software__umami') expect(ir.tables.flatMap((t) => t.foreignKeys)).toEqual([]);
    },
  );
});
