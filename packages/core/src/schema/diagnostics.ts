/**
 * The catalogue of schema diagnostics. Codes are stable kebab-case identifiers: a code is never
 * renamed or reused, a new rule gets a new code. `docs/schema-diagnostics.md` documents each
 * one (a test checks that every code here appears there).
 */
import type { Diagnostic } from '../psl/diagnostic.js';
import { plainSpan, type Span } from '../psl/spans.js';
import { type DiagnosticInfo, SYNTAX } from '../psl/syntax-codes.js';

export type { DiagnosticInfo } from '../psl/syntax-codes.js';

const d = (code: string, title: string, help: string, severity: 'error' | 'warning' = 'error'): DiagnosticInfo => ({
  code,
  severity,
  title,
  help,
});

export const SEMANTIC = {
  // --- declarations and names
  duplicateDeclaration: d(
    'duplicate-declaration',
    'Two models, views, enums or composite types have the same name.',
    'Rename one of them; models, views, enums and types share one namespace.',
  ),
  duplicateConfigBlock: d(
    'duplicate-config-block',
    'Two datasource or generator blocks have the same name.',
    'Rename or remove one of them.',
  ),
  multipleDatasources: d(
    'multiple-datasources',
    'More than one `datasource` block.',
    'A schema has exactly one datasource; remove the others.',
  ),
  missingDatasource: d(
    'missing-datasource',
    'The schema has no `datasource` block (a warning: Prisma accepts it, but strata cannot migrate without a provider).',
    'Add a datasource block, one setting per line: `datasource db {`, then `provider = "postgresql"` (or your database), then `}`, in one of the schema files.',
    'warning',
  ),
  duplicateField: d('duplicate-field', 'Two fields of a model have the same name.', 'Rename one of them.'),
  duplicateEnumValue: d(
    'duplicate-enum-value',
    'Two values of an enum have the same name, or the same `@map`.',
    'Rename or re-map one of them.',
  ),
  duplicateColumn: d(
    'duplicate-column',
    'Two fields of a model map to the same column name (after `@map`).',
    'Give one of them a different `@map("...")`.',
  ),
  duplicateTable: d(
    'duplicate-table',
    'Two models (or views) map to the same table name in the same schema (after `@@map`).',
    'Give one of them a different `@@map("...")`.',
  ),
  duplicateEnumDbName: d(
    'duplicate-enum-db-name',
    'Two enums map to the same database type name (after `@@map`).',
    'Give one of them a different `@@map("...")`.',
  ),
  duplicateConstraintName: d(
    'duplicate-constraint-name',
    "Two primary keys, unique constraints, indexes or foreign keys get the same database name: an explicit `map:`, or Prisma's default name (a repeated `@@index([a])` makes `{table}_a_idx` twice).",
    'Index and constraint names share one namespace per database schema: remove the duplicate or choose a different `map:`.',
  ),
  duplicateClientName: d(
    'duplicate-client-name',
    'Two compound ids or unique constraints of a model have the same `name:`, or the name clashes with a field.',
    'Choose a different `name:`.',
  ),
  invalidName: d(
    'invalid-name',
    'A model, field, enum or enum value name that Prisma does not accept (for example with `-`, or starting with a digit).',
    'Use letters, digits and `_`, starting with a letter; map to any database name with `@map`/`@@map`.',
  ),
  reservedName: d(
    'reserved-name',
    'A model, view, enum or type named like a scalar type (`String`, `Int`, ...), a JavaScript reserved word, or `PrismaClient`.',
    'Rename it; keep the database name with `@@map("...")`.',
  ),
  emptyName: d(
    'empty-name',
    'An empty string given as a database name (`@map("")`, `map: ""`).',
    'Give a non-empty name or remove the argument.',
  ),
  identifierTooLong: d(
    'identifier-too-long',
    'A database name (table, column, enum, or an explicit constraint/index name) is longer than the provider allows.',
    "Shorten it with `@map`/`@@map`/`map:`; PostgreSQL's limit is 63 bytes.",
  ),

  // --- types and fields
  unknownType: d(
    'unknown-type',
    'A field type that is neither a scalar type, an enum, nor a model.',
    'Check the spelling, or declare the enum or model.',
  ),
  compositeTypeUnsupported: d(
    'composite-type-unsupported',
    'A composite `type` block (or a field using one). Composite types exist only on MongoDB.',
    'Use a `model` with a relation, or a `Json` field.',
  ),
  scalarListUnsupported: d(
    'scalar-list-unsupported',
    'A list of scalars or enums (`String[]`) on a provider that has no list columns (e.g. SQLite).',
    'Use a `Json` field or a related model.',
  ),
  viewWithIndex: d(
    'view-with-index',
    'An `@@index` on a view: views have no indexes.',
    'Remove it (index the underlying tables instead).',
  ),
  emptyEnum: d('empty-enum', 'An enum without any value.', 'Add at least one value, or remove the enum.'),
  missingUniqueCriterion: d(
    'missing-unique-criterion',
    'A model without `@id`, `@@id`, or a `@unique`/`@@unique` on required fields.',
    'Add `@id` to a field (or `@@id([a, b])`), or mark the model `@@ignore`.',
  ),

  // --- attributes and arguments
  unknownAttribute: d(
    'unknown-attribute',
    'An attribute that does not exist at this place.',
    'Check the spelling; see the Prisma schema reference for the attributes of fields, models and enums.',
  ),
  duplicateAttribute: d(
    'duplicate-attribute',
    'An attribute that may appear only once is repeated.',
    'Remove the extra one.',
  ),
  unknownArgument: d(
    'unknown-argument',
    'An attribute or function argument that does not exist.',
    'Remove it or fix its name.',
  ),
  duplicateArgument: d('duplicate-argument', 'The same argument is given twice.', 'Remove one of them.'),
  missingArgument: d('missing-argument', 'A required attribute argument is missing.', 'Add the argument.'),
  invalidArgument: d(
    'invalid-argument',
    'An argument value of the wrong kind (a string where a list is expected, ...).',
    'See the message for the expected form.',
  ),
  attributeNotAllowed: d(
    'attribute-not-allowed',
    'An attribute used on the wrong kind of field (`@map` on a relation field, `@unique` on a list, ...).',
    'Remove the attribute or move it where it applies.',
  ),

  // --- ids, uniques, indexes
  multipleIds: d(
    'multiple-ids',
    'More than one `@id`, or both `@id` and `@@id`.',
    'Keep one id; for a compound id use `@@id([a, b])`.',
  ),
  invalidIdField: d(
    'invalid-id-field',
    'An id on an optional, list, relation or unsupported field.',
    'Ids must be on required scalar fields.',
  ),
  autoincrementNotOnId: d(
    'autoincrement-not-on-id',
    "`@default(autoincrement())` on a field that is not the model's single id, where the datasource numbers only that key (SQLite).",
    "Make the field the model's `@id`, or remove the default.",
  ),
  unknownIndexField: d(
    'unknown-index-field',
    'An `@@id`, `@@unique` or `@@index` names a field the model does not have.',
    'Fix the field name.',
  ),
  indexOnRelationField: d(
    'index-on-relation-field',
    'An id, unique or index lists a relation field.',
    'List the scalar fields that hold the foreign key (the `fields:` of `@relation`) instead.',
  ),
  emptyIndex: d('empty-index', 'An `@@id`, `@@unique` or `@@index` with no fields.', 'List at least one field.'),
  invalidIndexFieldOption: d(
    'invalid-index-field-option',
    'An unknown or invalid option on a field of an index (`sort`, `length`, `ops`).',
    'Use `sort: Asc|Desc`, `length: <n>`, `ops: <OpClass>` or `ops: raw("...")`.',
  ),
  invalidIndexType: d(
    'invalid-index-type',
    'An index `type:` this provider does not know.',
    'Use `BTree`, `Hash`, `Gist`, `Gin`, `SpGist` or `Brin` (PostgreSQL).',
  ),
  partialIndexUnsupported: d(
    'partial-index-unsupported',
    '`where:` on an index of a provider without partial indexes.',
    'Remove `where:`; the database indexes every row.',
  ),
  fulltextUnsupported: d(
    'fulltext-unsupported',
    '`@@fulltext` on a provider without full-text indexes.',
    'Full-text indexes are MySQL/MongoDB features; use a `Gin` index with `ops` on PostgreSQL.',
  ),

  // --- defaults
  invalidDefault: d(
    'invalid-default',
    'A `@default` value that does not fit the field type (a string on an `Int`, `now()` on a `String`, ...).',
    'Use a literal of the field type, a default function valid for it, or `dbgenerated("...")`.',
  ),
  unknownDefaultFunction: d(
    'unknown-default-function',
    'A default function that does not exist.',
    'Valid: autoincrement(), now(), uuid(), uuid(7), cuid(), cuid(2), nanoid(), ulid(), dbgenerated("..."), sequence().',
  ),
  defaultOnRelationField: d(
    'default-on-relation-field',
    '`@default` on a relation field.',
    'Put the default on the scalar foreign key field instead.',
  ),
  unknownEnumValue: d(
    'unknown-enum-value',
    'A default that names a value the enum does not have.',
    'Use one of the enum values (by name, not by `@map`).',
  ),
  updatedAtNotDateTime: d(
    'updated-at-not-datetime',
    '`@updatedAt` on a field that is not a (non-list) `DateTime`.',
    'Use `@updatedAt` on `DateTime` or `DateTime?` fields only.',
  ),

  // --- native types
  nativeTypeWithoutDatasource: d(
    'native-type-prefix',
    'A native type attribute whose prefix is not the datasource name (`@db.X` needs `datasource db`).',
    'Use the name of your datasource block as the prefix, e.g. `@db.VarChar(255)` for `datasource db`.',
  ),
  unknownNativeType: d(
    'unknown-native-type',
    'A native type (`@db.X`) that the provider does not know.',
    "Check the spelling against your provider's native types.",
  ),
  invalidNativeType: d(
    'invalid-native-type',
    'A native type that does not fit the field type, or has wrong arguments.',
    'See the message; for example `@db.VarChar(n)` goes on `String` fields.',
  ),
  nativeTypeOnNonScalar: d(
    'native-type-on-non-scalar',
    'A native type on an enum, relation or unsupported field.',
    'Remove it: only scalar fields take native types.',
  ),

  // --- relations
  missingOppositeRelation: d(
    'missing-opposite-relation-field',
    'A relation field without a matching field on the other model.',
    'Add the back-relation field on the other model (e.g. `posts Post[]`).',
  ),
  ambiguousRelation: d(
    'ambiguous-relation',
    'Several relation fields between the same two models, and it is not clear which pairs form a relation.',
    'Give each pair the same name with `@relation("name")`, a different name per relation.',
  ),
  missingRelationFields: d(
    'missing-relation-fields',
    'A relation side that must hold the foreign key lacks `fields:`/`references:`, or neither side of a one-to-one has them.',
    'Add `@relation(fields: [fk], references: [id])` on the field named in the message.',
  ),
  relationFieldsOnBothSides: d(
    'relation-fields-on-both-sides',
    'Both sides of a one-to-one relation define `fields`/`references`, or the list side of a relation does.',
    'Keep `fields`/`references` on exactly one side: the one whose table holds the foreign key.',
  ),
  relationFieldsMismatch: d(
    'relation-fields-mismatch',
    '`fields` and `references` differ in length, one is missing, or a referenced field does not exist.',
    'List one foreign key field per referenced field, in the same order.',
  ),
  unknownRelationField: d(
    'unknown-relation-field',
    '`fields:` names a field the model does not have, or a relation field.',
    'List scalar fields of this model.',
  ),
  unknownReferencedField: d(
    'unknown-referenced-field',
    '`references:` names a field the referenced model does not have, or a relation field.',
    'List scalar fields of the referenced model, usually its id.',
  ),
  referencesNotUnique: d(
    'references-not-unique',
    '`references:` does not match the id or a unique constraint of the referenced model.',
    'Reference the id, or add `@unique`/`@@unique` on the referenced fields.',
  ),
  relationTypeMismatch: d(
    'relation-type-mismatch',
    'A foreign key field and the field it references have different types.',
    'Give the foreign key field the type of the referenced field.',
  ),
  requiredRelationOptionalFields: d(
    'relation-optionality-mismatch',
    'A required relation field whose foreign key fields are optional.',
    'Make the relation field optional (`User?`) or the foreign key fields required.',
  ),
  oneToOneRequiredBackSide: d(
    'one-to-one-required-back-side',
    'The side of a one-to-one relation without the foreign key is required.',
    'Make it optional (`Profile?`): the database cannot enforce that the row exists.',
  ),
  oneToOneFieldsNotUnique: d(
    'one-to-one-fields-not-unique',
    'The foreign key fields of a one-to-one relation are not unique.',
    'Add `@unique` to the foreign key field (or `@@unique` over the fields), or make the other side a list.',
  ),
  manyToManyWithoutId: d(
    'many-to-many-needs-single-id',
    'An implicit many-to-many relation involves a model without a single-field `@id`.',
    'Give the model a single `@id` field, or model the join table explicitly.',
  ),
  relationToIgnoredModel: d(
    'relation-to-ignored-model',
    'A relation field points to a model marked `@@ignore`, but is not itself `@ignore`.',
    'Add `@ignore` to the relation field (the client cannot use a relation to an ignored model).',
  ),
  invalidReferentialAction: d(
    'invalid-referential-action',
    'An `onDelete`/`onUpdate` value that does not exist or is not allowed here.',
    'Use Cascade, Restrict, NoAction, SetNull or SetDefault.',
  ),
  setNullOnRequired: d(
    'set-null-on-required',
    '`SetNull` on a relation whose foreign key fields are required.',
    'Make the foreign key fields optional, or choose another referential action.',
  ),
  relationArgumentsOnWrongSide: d(
    'relation-arguments-wrong-side',
    '`onDelete`, `onUpdate` or `map` on the relation side without `fields`/`references`.',
    'Move them to the field that has `fields`/`references`.',
  ),

  // --- datasource and generators
  missingProvider: d(
    'missing-provider',
    'A `datasource` or `generator` block without `provider`.',
    'Add `provider = "..."`.',
  ),
  invalidDatasourceProperty: d(
    'invalid-datasource-property',
    'An unknown datasource property, or a value of the wrong kind.',
    'See the message for the expected value.',
  ),
  extensionsUnsupported: d(
    'extensions-unsupported',
    'The datasource `extensions` list on a provider without extensions (SQLite).',
    'Remove it: only PostgreSQL has extensions.',
  ),
  previewFeatureRequired: d(
    'preview-feature-required',
    'A schema feature that Prisma accepts only with a preview feature (`extensions` needs `postgresqlExtensions`), without it.',
    'Add the preview feature to `previewFeatures` of the generator block, as Prisma requires.',
  ),
  schemaNotDeclared: d(
    'schema-not-declared',
    '`@@schema("x")` where `x` is not in the datasource `schemas`, or `@@schema` without `schemas`.',
    'List the schema in `schemas = [...]` of the datasource.',
  ),
  missingSchemaAttribute: d(
    'missing-schema-attribute',
    'The datasource declares `schemas`, but a model or enum has no `@@schema`.',
    'Add `@@schema("...")` to it.',
  ),

  // --- warnings
  deprecatedReferentialIntegrity: d(
    'deprecated-referential-integrity',
    '`referentialIntegrity` is the old name of `relationMode`.',
    'Rename it to `relationMode`.',
    'warning',
  ),
  viewPrimaryKey: d(
    'view-primary-key',
    'A view with `@id`/`@@id`. Prisma 7 rejects primary keys on views (Prisma 5 required them).',
    'Use `@unique` instead of `@id` on views.',
    'warning',
  ),
  relationWithoutIndex: d(
    'relation-without-index',
    'With `relationMode = "prisma"` there are no foreign keys, so the foreign key fields of a relation get no index.',
    'Add `@@index([...])` over the `fields:` of the relation.',
    'warning',
  ),
} as const satisfies Record<string, DiagnosticInfo>;

/** Every diagnostic the parser and the validator can produce. */
export const DIAGNOSTIC_CATALOGUE: readonly DiagnosticInfo[] = [...Object.values(SYNTAX), ...Object.values(SEMANTIC)];

/** Collects diagnostics; one per validator run. */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];

  report(info: DiagnosticInfo, message: string, span: Span, hint?: string): void {
    const base = { code: info.code, severity: info.severity, message, span: plainSpan(span) };
    this.diagnostics.push(hint === undefined ? base : { ...base, hint });
  }

  get hasErrors(): boolean {
    return this.diagnostics.some((x) => x.severity === 'error');
  }
}
