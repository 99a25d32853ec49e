/** Reading a corpus project's Prisma schema and lowering it for PostgreSQL (shared by the corpus tests). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { analyzeSchema, type DatabaseSchema, lower } from '@strata/core';
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
  const analysis = analyzeSchema(sourcesOf(project), {
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
