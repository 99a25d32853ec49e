/**
 * `db pull`: introspects the database and prints it as a Prisma schema. With `schemaPath`, the
 * datasource and generators of the existing schema are kept (Prisma does the same), so the result
 * can replace the file.
 */
import { existsSync } from 'node:fs';
import { loadSchemaFiles } from '../psl/load.js';
import { printSchema } from '../psl/printer.js';
import type { SchemaModel } from '../schema/model.js';
import { type BaseWorkflowOptions, withConnection } from './context.js';
import { readSchema } from './engine.js';
import { managedPart } from './live-comparison.js';
import { databaseToModel } from './pull-model.js';

export interface PullOptions extends BaseWorkflowOptions {}

export interface PullResult {
  readonly schema: string;
  readonly model: SchemaModel;
  readonly tables: number;
  /** Objects strata does not manage (views, triggers...), not in the printed schema. */
  readonly unmanaged: readonly string[];
}

export async function dbPull(options: PullOptions): Promise<PullResult> {
  const existing =
    options.schemaPath !== undefined && existsSync(options.schemaPath)
      ? readSchema(await loadSchemaFiles(options.schemaPath), options.provider)
      : undefined;
  return withConnection(options, async (connection) => {
    const live = await connection.introspect();
    const pulled = databaseToModel(
      managedPart(live),
      options.provider,
      existing?.datasource?.name,
      existing?.datasource?.schemas,
    );
    const model: SchemaModel = existing
      ? {
          ...pulled,
          generators: existing.generators,
          ...(existing.datasource
            ? {
                datasource: {
                  ...existing.datasource,
                  ...(pulled.datasource?.schemas ? { schemas: pulled.datasource.schemas } : {}),
                },
              }
            : {}),
        }
      : pulled;
    return {
      schema: printSchema(model),
      model,
      tables: model.models.length,
      unmanaged: live.unmanaged.map((u) => `${u.kind} ${u.namespace ? `${u.namespace}.` : ''}${u.name}`),
    };
  });
}
