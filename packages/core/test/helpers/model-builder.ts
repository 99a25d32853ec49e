/**
 * Hand-built semantic models for lower() tests, without the parser: concise constructors that
 * fill the boilerplate (spans, flags) of `schema/model.ts`.
 */

import { fileStartSpan } from '../../src/psl/spans.js';
import type {
  DefaultValue,
  Enum,
  Field,
  Index,
  IndexField,
  Model,
  Relation,
  RelationKind,
  SchemaModel,
  UniqueConstraint,
} from '../../src/schema/model.js';

const span = fileStartSpan('test.prisma');

type FieldOptions = Partial<Omit<Field, 'name' | 'kind' | 'type' | 'span'>>;

export function scalar(name: string, type: string, options: FieldOptions = {}): Field {
  return field(name, 'scalar', type, options);
}

export function enumField(name: string, enumName: string, options: FieldOptions = {}): Field {
  return field(name, 'enum', enumName, options);
}

export function relationField(name: string, target: string, options: FieldOptions = {}): Field {
  return field(name, 'relation', target, options);
}

function field(name: string, kind: Field['kind'], type: string, options: FieldOptions): Field {
  return {
    name,
    dbName: options.map ?? name,
    kind,
    type,
    optional: false,
    list: false,
    id: false,
    unique: false,
    updatedAt: false,
    ignored: false,
    span,
    ...options,
  };
}

export const autoincrement: DefaultValue = { kind: 'function', name: 'autoincrement', args: [] };
export const now: DefaultValue = { kind: 'function', name: 'now', args: [] };
export const uuid: DefaultValue = { kind: 'function', name: 'uuid', args: [] };

export const fields = (...names: string[]): IndexField[] => names.map((name) => ({ name }));

export interface ModelOptions {
  readonly map?: string;
  readonly schema?: string;
  readonly id?: readonly string[];
  readonly idMap?: string;
  readonly uniques?: readonly { fields: readonly IndexField[]; map?: string }[];
  readonly indexes?: readonly Partial<Index>[];
  readonly ignored?: boolean;
}

export function model(name: string, modelFields: readonly Field[], options: ModelOptions = {}): Model {
  const idFields = options.id ?? modelFields.filter((f) => f.id).map((f) => f.name);
  const fieldUniques: UniqueConstraint[] = modelFields
    .filter((f) => f.unique)
    .map((f) => ({ fields: [{ name: f.name }], fromField: true, span }));
  return {
    name,
    dbName: options.map ?? name,
    ...(options.map === undefined ? {} : { map: options.map }),
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    fields: modelFields,
    ...(idFields.length === 0
      ? {}
      : {
          primaryKey: {
            fields: idFields.map((n) => ({ name: n })),
            ...(options.idMap === undefined ? {} : { map: options.idMap }),
            fromField: options.id === undefined,
            span,
          },
        }),
    uniques: [
      ...fieldUniques,
      ...(options.uniques ?? []).map((u) => ({ ...u, fromField: false, span }) as UniqueConstraint),
    ],
    indexes: (options.indexes ?? []).map((i) => ({ fields: [], fulltext: false, span, ...i })),
    ignored: options.ignored ?? false,
    span,
  };
}

export function enumDef(name: string, values: readonly (string | [string, string])[], map?: string): Enum {
  return {
    name,
    dbName: map ?? name,
    ...(map === undefined ? {} : { map }),
    values: values.map((v) =>
      typeof v === 'string' ? { name: v, dbName: v, span } : { name: v[0], dbName: v[1], map: v[1], span },
    ),
    span,
  };
}

export function relation(
  kind: RelationKind,
  from: [string, string],
  to: [string, string],
  options: Partial<Omit<Relation, 'kind' | 'from' | 'to'>> = {},
): Relation {
  return {
    name: options.name ?? [from[0], to[0]].sort().join('To'),
    kind,
    from: { model: from[0], field: from[1] },
    to: { model: to[0], field: to[1] },
    fields: [],
    references: [],
    explicitName: false,
    ...options,
  };
}

export function schemaOf(
  parts: { models?: Model[]; enums?: Enum[]; relations?: Relation[] },
  datasource: Partial<SchemaModel['datasource']> = {},
): SchemaModel {
  return {
    datasource: { name: 'db', provider: 'postgresql', otherProperties: [], span, ...datasource },
    generators: [],
    models: parts.models ?? [],
    enums: parts.enums ?? [],
    views: [],
    relations: parts.relations ?? [],
  };
}
