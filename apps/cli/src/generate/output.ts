/** Where `strata generate` writes, and writing only when the content changed. */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeDirectory } from '@strata/core';
import type { SchemaModelView } from './model-view.js';

/** The generator provider that asks strata for types: `generator types { provider = "strata-types" }`. */
export const TYPES_GENERATOR_PROVIDER = 'strata-types';

/** The default file when the generator block has no `output`. */
export const DEFAULT_TYPES_OUTPUT = 'generated/strata-types.ts';

/**
 * The output file of the `strata-types` generator block, resolved against the schema's folder
 * (Prisma resolves generator outputs the same way), or undefined when there is no such block.
 */
export function typesOutputFromSchema(
  model: Pick<SchemaModelView, 'generators'>,
  schemaDir: string,
): string | undefined {
  for (const generator of model.generators) {
    const provider = stringProperty(generator.properties, 'provider');
    if (provider !== TYPES_GENERATOR_PROVIDER) continue;
    const output = stringProperty(generator.properties, 'output') ?? DEFAULT_TYPES_OUTPUT;
    const resolved = path.resolve(schemaDir, output);
    // Prisma generators take a folder as output; a path ending in .ts names the file itself.
    return /\.[cm]?ts$/.test(resolved) ? resolved : path.join(resolved, 'index.ts');
  }
  return undefined;
}

function stringProperty(
  properties: SchemaModelView['generators'][number]['properties'],
  key: string,
): string | undefined {
  const value = properties.find((p) => p.key === key)?.value;
  return value?.kind === 'string' && typeof value.value === 'string' ? value.value : undefined;
}

/** Writes `content` unless the file already holds exactly that; says which happened. */
export function writeIfChanged(file: string, content: string): 'written' | 'unchanged' {
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) {
      // readFileSync's EISDIR carries no path; this one names the folder for the error message
      throw Object.assign(new Error(`EISDIR: illegal operation on a directory, open '${file}'`), {
        code: 'EISDIR',
        syscall: 'open',
        path: file,
      });
    }
    if (readFileSync(file, 'utf8') === content) return 'unchanged';
  }
  makeDirectory(path.dirname(file));
  writeFileSync(file, content);
  return 'written';
}
