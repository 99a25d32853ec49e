/** `strata generate` as a step: shared by the command and by `migrate dev` after it applies. */
import path from 'node:path';
import { StrataCliError } from '../errors/cli-error.js';
import type { SchemaModelView } from './model-view.js';
import { typesOutputFromSchema, writeIfChanged } from './output.js';
import { generateTypes } from './typescript-types.js';

export interface GenerateResult {
  readonly output: string;
  readonly status: 'written' | 'unchanged';
  readonly models: number;
  readonly enums: number;
}

/**
 * Writes the types to `--output`, else to the `strata-types` generator's output. Without either,
 * `required` decides: the command fails (it was asked for types), `migrate dev` skips (undefined).
 */
export function runTypeGeneration(
  model: SchemaModelView,
  schemaDir: string,
  output: string | undefined,
  required: boolean,
): GenerateResult | undefined {
  const file = output === undefined ? typesOutputFromSchema(model, schemaDir) : path.resolve(process.cwd(), output);
  if (file === undefined) {
    if (!required) return undefined;
    throw new StrataCliError(
      'invalid-argument',
      'Nowhere to write the types: the schema has no `strata-types` generator.',
      {
        // one line per setting, as Prisma requires: a block on one line does not parse
        hint: 'Pass --output <file.ts>, or add a generator block, one setting per line: `generator types {`, then `provider = "strata-types"`, then `output = "../generated/db.ts"`, then `}`.',
      },
    );
  }
  const status = writeIfChanged(file, generateTypes(model));
  return { output: file, status, models: model.models.length, enums: model.enums.length };
}
