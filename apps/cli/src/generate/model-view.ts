/**
 * The part of core's semantic model (`SchemaModel` in packages/core/src/schema/model.ts) that
 * type generation reads. Declared structurally so that a real `SchemaModel` is assignable and
 * the generator does not break while unrelated parts of the model evolve.
 */
export type ConfigValueView =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: string; readonly value?: unknown };

export interface GeneratorView {
  readonly name: string;
  readonly properties: readonly { readonly key: string; readonly value: ConfigValueView }[];
}

export interface DefaultView {
  readonly kind: string;
  readonly name?: string;
}

export interface FieldView {
  readonly name: string;
  readonly dbName: string;
  readonly kind: 'scalar' | 'enum' | 'relation' | 'unsupported';
  readonly type: string;
  readonly optional: boolean;
  readonly list: boolean;
  readonly default?: DefaultView;
  readonly id: boolean;
  readonly documentation?: string;
  readonly relation?: { readonly name: string; readonly kind: string };
}

export interface ModelView {
  readonly name: string;
  readonly dbName: string;
  readonly schema?: string;
  readonly fields: readonly FieldView[];
  readonly primaryKey?: { readonly fields: readonly { readonly name: string }[] };
  readonly documentation?: string;
}

export interface EnumView {
  readonly name: string;
  readonly values: readonly { readonly name: string; readonly dbName: string; readonly documentation?: string }[];
  readonly documentation?: string;
}

export interface RelationView {
  readonly name: string;
  readonly kind: string;
  readonly from: { readonly model: string; readonly field: string };
  readonly to: { readonly model: string; readonly field: string };
}

export interface SchemaModelView {
  readonly generators: readonly GeneratorView[];
  readonly models: readonly ModelView[];
  readonly enums: readonly EnumView[];
  readonly relations: readonly RelationView[];
}
