/**
 * Mutable working copies used while building the model. They exist only inside
 * `validateSchema()`: the result handed out is the readonly model of `model.ts`.
 */
import type { EnumBlock, FieldDeclaration, ModelBlock } from '../psl/ast.js';
import type { Span } from '../psl/spans.js';
import type { Lookup, NamedItem } from './arguments.js';
import type {
  Enum,
  Field,
  Index,
  IndexField,
  Model,
  PrimaryKey,
  ReferentialAction,
  UniqueConstraint,
} from './model.js';

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** `@relation(...)` as written, with spans for diagnostics. */
export interface RelationAttribute {
  readonly name?: string;
  readonly fields?: readonly NamedItem[];
  readonly references?: readonly NamedItem[];
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly map?: string;
  readonly span: Span;
  /** Span of each argument by name (`fields`, `onDelete`, ...). */
  readonly argSpans: Lookup<Span>;
}

export interface FieldDraft {
  readonly field: Mutable<Field>;
  readonly ast: FieldDeclaration;
  readonly relationAttribute?: RelationAttribute;
}

/** A key or index whose field list still has to be checked against the model's fields. */
export interface IndexDraft<T extends { readonly span: Span }> {
  readonly value: Mutable<T>;
  readonly items: readonly NamedItem[];
  readonly attributeName: string;
}

export interface ModelDraft {
  readonly kind: 'model' | 'view';
  readonly model: Mutable<Model>;
  readonly ast: ModelBlock;
  readonly fields: FieldDraft[];
  readonly fieldsByName: Map<string, FieldDraft>;
  /** Field-level `@id`s (more than one is an error). */
  readonly fieldIds: Mutable<PrimaryKey>[];
  /** `@@id`, if written. */
  blockId?: IndexDraft<PrimaryKey>;
  readonly blockUniques: IndexDraft<UniqueConstraint>[];
  readonly fieldUniques: Mutable<UniqueConstraint>[];
  readonly indexes: IndexDraft<Index>[];
  /** Span of `@@schema`, for diagnostics. */
  schemaSpan?: Span;
}

export interface EnumDraft {
  readonly value: Mutable<Enum>;
  readonly ast: EnumBlock;
  schemaSpan?: Span;
}

// New keys, indexes and index fields. Every property is present from the start (`undefined`
// until set), whichever attribute made the object: each kind has one hidden class, which keeps
// the passes over them fast, and one key order, so equal models give equal JSON.

export function newPrimaryKey(fields: IndexField[], fromField: boolean, span: Span): Mutable<PrimaryKey> {
  return { fields, name: undefined, map: undefined, clustered: undefined, fromField, span };
}

export function newUniqueConstraint(fields: IndexField[], fromField: boolean, span: Span): Mutable<UniqueConstraint> {
  return { fields, name: undefined, map: undefined, clustered: undefined, where: undefined, fromField, span };
}

export function newIndex(fulltext: boolean, span: Span): Mutable<Index> {
  return { fields: [], map: undefined, type: undefined, clustered: undefined, where: undefined, fulltext, span };
}

export function newIndexField(name: string): Mutable<IndexField> {
  return { name, sort: undefined, length: undefined, ops: undefined, opsRaw: undefined };
}
