/**
 * `db pull`: introspects the database and prints it as a Prisma schema. With `schemaPath`, the
 * datasource and generators of the existing schema are kept (Prisma does the same), so the result
 * can replace the file.
 */
import { existsSync } from 'node:fs';
import { loadSchemaFiles } from '../psl/load.js';
import type { Datasource, ExtensionSpec, SchemaModel } from '../schema/model.js';
import { EXTENSIONS_PREVIEW_FEATURE, previewFeatures } from '../schema/preview-features.js';
import { printSchema } from '../schema/print.js';
import { claimExtensions } from '../sql/extensions.js';
import type { Extension } from '../sql/ir.js';
import { databaseToModel, extensionSpec } from '../sql/lift.js';
import { type BaseWorkflowOptions, withConnection } from './context.js';
import { readSchema } from './engine.js';
import { managedPart } from './live-comparison.js';

export interface PullOptions extends BaseWorkflowOptions {}

export interface PullResult {
  readonly schema: string;
  readonly model: SchemaModel;
  readonly tables: number;
  /** Objects strata does not manage (views, triggers...), not in the printed schema. */
  readonly unmanaged: readonly string[];
}

export async function dbPull(options: PullOptions): Promise<PullResult> {
  const given = options.schema;
  const existing =
    given !== undefined
      ? (given.model ?? readSchema(given.files, options.provider, {}, given.parsed))
      : options.schemaPath !== undefined && existsSync(options.schemaPath)
        ? readSchema(await loadSchemaFiles(options.schemaPath), options.provider)
        : undefined;
  return withConnection(options, async (connection) => {
    // every extension, as Prisma's pull lists them; written only under the preview feature
    const live = claimExtensions(await connection.introspect(), 'all');
    const pulled = databaseToModel(
      managedPart(live),
      options.provider,
      existing?.datasource?.name,
      existing?.datasource?.schemas,
    );
    const withExtensions =
      existing !== undefined && previewFeatures(existing.generators).has(EXTENSIONS_PREVIEW_FEATURE);
    const extensions = withExtensions
      ? repulledExtensions(existing?.datasource?.extensions ?? [], live.extensions ?? [])
      : [];
    const model: SchemaModel = existing
      ? {
          ...pulled,
          generators: existing.generators,
          ...(existing.datasource
            ? {
                datasource: {
                  ...withoutExtensions(existing.datasource),
                  ...(pulled.datasource?.schemas ? { schemas: pulled.datasource.schemas } : {}),
                  ...(extensions.length > 0 ? { extensions } : {}),
                },
              }
            : {}),
        }
      : { ...pulled, ...(pulled.datasource ? { datasource: withoutExtensions(pulled.datasource) } : {}) };
    return {
      schema: printSchema(model),
      model,
      tables: model.models.length,
      unmanaged: [
        ...(withExtensions ? [] : (live.extensions ?? []).map((x) => `extension ${x.name}`)),
        ...live.unmanaged.map((u) => `${u.kind} ${u.namespace ? `${u.namespace}.` : ''}${u.name}`),
      ],
    };
  });
}

function withoutExtensions(datasource: Datasource): Datasource {
  const { extensions: _extensions, ...rest } = datasource;
  return rest;
}

/**
 * The extension list after a pull (Prisma's re-introspection): every extension the database has;
 * one the schema already lists keeps its name and the arguments it wrote where the database
 * agrees (an unwritten `schema`/`version` stays unwritten), takes the database's value where
 * it does not; one it lists that the database lacks is removed; a new one is written as a first
 * pull writes it (with its schema).
 */
export function repulledExtensions(written: readonly ExtensionSpec[], live: readonly Extension[]): ExtensionSpec[] {
  const byName = new Map(written.map((spec) => [spec.map ?? spec.name, spec]));
  return live.map((extension) => {
    const spec = byName.get(extension.name);
    if (spec === undefined) return extensionSpec(extension);
    const keep = (argument: string | undefined, actual: string | undefined): string | undefined =>
      argument === undefined || actual === undefined ? argument : actual;
    const schema = keep(spec.schema, extension.schema);
    const version = keep(spec.version, extension.version);
    return {
      name: spec.name,
      ...(spec.map === undefined ? {} : { map: spec.map }),
      ...(schema === undefined ? {} : { schema }),
      ...(version === undefined ? {} : { version }),
    };
  });
}
