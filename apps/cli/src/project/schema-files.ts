/**
 * The project's schema as read by core's one schema reader (`readSchemaInput`: the same files
 * every workflow reads), with paths relative to the working directory, as diagnostics show them.
 */
import path from 'node:path';
import { readSchemaInput, type SchemaInput } from '@strata/core';
import { StrataCliError } from '../errors/cli-error.js';
import { tuneForLargeSchema } from '../runner/tiering.js';

export function readProjectSchema(schemaPath: string, cwd: string): SchemaInput {
  const input = readSchemaInput(schemaPath, { relativeTo: cwd, beforeParse: tuneForLargeSchema });
  if (input.files.length === 0) {
    throw new StrataCliError('schema-not-found', `The folder ${path.relative(cwd, schemaPath)} has no .prisma files.`, {
      hint: 'Add a schema.prisma file to it, or pass --schema with the right path.',
    });
  }
  return input;
}
