/**
 * Ports a PostgreSQL Prisma schema to SQLite the way a user would, but on the semantic model
 * rather than on the text, so nothing PostgreSQL-only can slip through a missed spelling:
 * sqlite datasource (no urls, schemas or extensions), no generators (their previewFeatures name
 * PostgreSQL features), no views (never migrated), no `@db.*`, no `@@schema`, no scalar or enum
 * lists and no `Unsupported` fields (SQLite stores neither; keys and indexes over them go too),
 * no `dbgenerated(...)` defaults (PostgreSQL SQL), and no index `type:`, `ops:`, `where:`,
 * `length:` or `clustered:` arguments.
 */
import {
  analyzeSchema,
  type Field,
  type IndexField,
  type Model,
  type ModelIndex,
  type ModelPrimaryKey,
  printSchema,
  renderDiagnostics,
  type SchemaModel,
  type SourceFile,
  type UniqueConstraint,
} from '@strata/core';

export interface PortedSchema {
  /** The schema as written, analysed with no provider restriction. */
  readonly original: SchemaModel;
  /** The SQLite version, as PSL text. */
  readonly text: string;
  /** The SQLite version's model (before printing). */
  readonly ported: SchemaModel;
}

export function portToSqlite(sources: readonly SourceFile[]): PortedSchema {
  const analysis = analyzeSchema(sources);
  if (analysis.model === undefined) {
    throw new Error(`the original schema is invalid:\n${renderDiagnostics(analysis.errors, sources)}`);
  }
  const original = analysis.model;
  const datasource = original.datasource;
  const ported: SchemaModel = {
    ...(datasource === undefined
      ? {}
      : {
          datasource: {
            name: datasource.name,
            provider: 'sqlite',
            ...(datasource.relationMode === undefined ? {} : { relationMode: datasource.relationMode }),
            otherProperties: [],
            span: datasource.span,
          },
        }),
    generators: [],
    views: [],
    enums: original.enums.map(({ schema: _schema, ...e }) => e),
    models: original.models.map(portModel),
    relations: original.relations,
  };
  return { original, ported, text: printSchema(ported) };
}

/** SQLite has no column for these: the field goes, with every key and index over it. */
function unstorable(field: Field): boolean {
  return field.kind === 'unsupported' || (field.list && field.kind !== 'relation');
}

function portModel(model: Model): Model {
  const dropped = new Set(model.fields.filter(unstorable).map((f) => f.name));
  const keeps = (key: { readonly fields: readonly IndexField[] }) => key.fields.every((f) => !dropped.has(f.name));
  const { schema: _schema, primaryKey, ...rest } = model;
  if (primaryKey !== undefined && !keeps(primaryKey)) {
    throw new Error(`${model.name}: its primary key covers a field SQLite cannot store`);
  }
  return {
    ...rest,
    ...(primaryKey === undefined ? {} : { primaryKey: portPrimaryKey(primaryKey) }),
    fields: model.fields.filter((f) => !dropped.has(f.name)).map(portField),
    uniques: model.uniques.filter(keeps).map(portUnique),
    indexes: model.indexes.filter(keeps).map(portIndex),
  };
}

function portField(field: Field): Field {
  const { nativeType: _nativeType, default: fieldDefault, ...rest } = field;
  return fieldDefault === undefined || fieldDefault.kind === 'dbgenerated' ? rest : { ...rest, default: fieldDefault };
}

function portIndexField({ name, sort }: IndexField): IndexField {
  return sort === undefined ? { name } : { name, sort };
}

function portPrimaryKey({ clustered: _clustered, ...pk }: ModelPrimaryKey): ModelPrimaryKey {
  return { ...pk, fields: pk.fields.map(portIndexField) };
}

function portUnique({ clustered: _clustered, where: _where, ...unique }: UniqueConstraint): UniqueConstraint {
  return { ...unique, fields: unique.fields.map(portIndexField) };
}

function portIndex({ clustered: _clustered, where: _where, type: _type, ...index }: ModelIndex): ModelIndex {
  return { ...index, fields: index.fields.map(portIndexField) };
}
