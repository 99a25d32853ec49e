/**
 * Reading a corpus project's Prisma schema and lowering it for PostgreSQL, and preparing a database
 * for it (shared by the corpus tests).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { analyzeSchema, type Database, type DatabaseSchema, type HistoryRow, lower } from '@strata/core';
import provider from '../src/index.js';

export function sourcesOf(project: string): { path: string; text: string }[] {
  const schemaDir = path.join(project, 'schema');
  if (statSync(schemaDir, { throwIfNoEntry: false })?.isDirectory()) {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir).sort()) {
        const full = path.join(dir, entry);
        if (statSync(full).isDirectory()) walk(full);
        else if (entry.endsWith('.prisma')) files.push(full);
      }
    };
    walk(schemaDir);
    return files.map((f) => ({ path: f, text: readFileSync(f, 'utf8') }));
  }
  const file = path.join(project, 'schema.prisma');
  return [{ path: file, text: readFileSync(file, 'utf8') }];
}

/** The lowered schema, or the first diagnostic when the schema is not accepted. */
export function lowerProject(project: string): { schema: DatabaseSchema } | { error: string } {
  return lowerSources(sourcesOf(project));
}

/** Prisma schema files (a snapshot, a project's schema) lowered for PostgreSQL, as the CLI lowers them. */
export function lowerSources(
  sources: readonly { path: string; text: string }[],
): { schema: DatabaseSchema } | { error: string } {
  const analysis = analyzeSchema(sources, {
    nativeTypes: {
      knows: (name) => Object.hasOwn(provider.types.nativeTypes, name),
      check: (scalar, name, args) => provider.types.checkNativeType(scalar, name, args),
    },
    maxIdentifierLength: 63,
    scalarLists: true,
  });
  if (analysis.model === undefined) return { error: analysis.errors[0]?.message ?? 'unknown error' };
  return { schema: lower(analysis.model, provider) };
}

/** Extensions the corpus projects create by hand in their migrations, and what shows they are needed. */
export const HAND_MADE_EXTENSIONS: readonly (readonly [string, RegExp])[] = [
  ['citext', /@db\.Citext/],
  ['pg_trgm', /gin_trgm_ops/],
];

/**
 * Creates the extensions a project's schema needs (its types and operator classes), as the
 * project did by hand in its migrations. Returns the first one this backend lacks, if any.
 */
export async function createHandMadeExtensions(db: Database, project: string): Promise<string | undefined> {
  const texts = sourcesOf(project)
    .map((s) => s.text)
    .join('\n');
  for (const [extension, used] of HAND_MADE_EXTENSIONS) {
    if (!used.test(texts)) continue;
    const ok = await db.execute(`CREATE EXTENSION IF NOT EXISTS ${extension}`).then(
      () => true,
      () => false,
    );
    if (!ok) return extension;
  }
  return undefined;
}

/** The history row for applying a whole corpus schema at once (`init`). */
export function initHistoryRow(): HistoryRow {
  return {
    id: randomUUID(),
    migrationName: 'init',
    checksum: '0'.repeat(64),
    provider: 'postgresql',
    startedAt: new Date(),
    appliedStepsCount: 0,
    rebuildRequired: false,
    kind: 'apply',
  };
}
