/**
 * The catalogue of invalid schemas: each one breaks exactly one rule, and the test checks the
 * code and the line:column of the first error. Most snippets are wrapped in `pg()`, which puts
 * a 3-line PostgreSQL datasource in front (so their first line is line 4).
 */
import type { ValidateOptions } from '../../src/schema/index.js';
import { testNativeTypes } from '../helpers/psl-native-types.js';

export interface InvalidCase {
  readonly name: string;
  readonly schema: string;
  readonly code: string;
  /** `line:column` of the first error. */
  readonly at: string;
  readonly options?: ValidateOptions;
}

const HEADER = 'datasource db {\n  provider = "postgresql"\n}\n';
const pg = (body: string): string => HEADER + body;
/** Two models related by `Post.author`, with a replaceable author line and User.posts line. */
const blog = (authorLine: string, postsLine = '  posts Post[]', extraPost = '', extraUser = ''): string =>
  pg(
    `model User {\n  id    Int @id\n${postsLine}\n${extraUser}}\nmodel Post {\n  id       Int @id\n  authorId Int\n${authorLine}\n${extraPost}}\n`,
  );
const checked: ValidateOptions = { nativeTypes: testNativeTypes, maxIdentifierLength: 63 };

export const INVALID_CASES: readonly InvalidCase[] = [
  // ------------------------------------------------------------------ syntax
  { name: 'a line that is not a block', schema: 'foo bar\n', code: 'invalid-top-level-line', at: '1:1' },
  { name: 'an unknown block keyword', schema: 'table A {\n  id Int\n}\n', code: 'invalid-top-level-line', at: '1:1' },
  {
    name: 'a block header without {',
    schema: pg('model A\n  id Int @id\n}\n'),
    code: 'expected-block-open',
    at: '4:8',
  },
  { name: 'a Prisma 2 type alias', schema: pg('type Id = String\n'), code: 'type-alias', at: '4:1' },
  { name: 'a block without }', schema: pg('model A {\n  id Int @id\n'), code: 'unclosed-block', at: '4:1' },
  {
    name: 'a block without } before the next block',
    schema: pg('model A {\n  id Int @id\nmodel B {\n  id Int @id\n}\n'),
    code: 'unclosed-block',
    at: '4:1',
  },
  {
    name: 'a model line that is not a field',
    schema: pg('model A {\n  id Int @id\n  = x\n}\n'),
    code: 'invalid-line',
    at: '6:3',
  },
  {
    name: 'an enum line that is not a value',
    schema: pg('enum E {\n  A\n  "B"\n}\n'),
    code: 'invalid-line',
    at: '6:3',
  },
  {
    name: 'a datasource line that is not key = value',
    schema: 'datasource db {\n  provider = "postgresql"\n  "x" = 1\n}\n',
    code: 'invalid-line',
    at: '3:3',
  },
  {
    name: 'a stray token after the attributes',
    schema: pg('model A {\n  id Int @id )\n}\n'),
    code: 'unexpected-token',
    at: '5:14',
  },
  {
    name: 'a character outside the language',
    schema: pg('model A {\n  id Int @id $\n}\n'),
    code: 'unexpected-character',
    at: '5:14',
  },
  {
    name: 'an argument list left open',
    schema: pg('model A {\n  id Int @id @default(\n}\n'),
    code: 'unexpected-line-end',
    at: '5:23',
  },
  {
    name: 'a list left open',
    schema: pg('model A {\n  id Int @id\n  @@index([id\n}\n'),
    code: 'unexpected-line-end',
    at: '6:14',
  },
  {
    name: 'a string without closing quote',
    schema: pg('model A {\n  id Int @id\n  s String @default("abc)\n}\n'),
    code: 'unterminated-string',
    at: '6:21',
  },
  {
    name: 'an unknown escape in a string',
    schema: pg('model A {\n  id Int @id\n  s String @default("a\\qb")\n}\n'),
    code: 'invalid-string-escape',
    at: '6:23',
  },
  {
    name: 'a Prisma 1 colon after the field name',
    schema: pg('model A {\n  id Int @id\n  name: String\n}\n'),
    code: 'legacy-field-colon',
    at: '6:7',
  },
  {
    name: 'a field without type',
    schema: pg('model A {\n  id Int @id\n  name\n}\n'),
    code: 'missing-field-type',
    at: '6:3',
  },
  {
    name: 'a field whose type is a string',
    schema: pg('model A {\n  id Int @id\n  name "String"\n}\n'),
    code: 'missing-field-type',
    at: '6:8',
  },
  {
    name: 'a Prisma 1 list type',
    schema: pg('model A {\n  id Int @id\n  tags [String]\n}\n'),
    code: 'legacy-list-syntax',
    at: '6:8',
  },
  {
    name: 'an optional list',
    schema: pg('model A {\n  id Int @id\n  tags String[]?\n}\n'),
    code: 'optional-list',
    at: '6:16',
  },
  {
    name: 'a Prisma 1 required marker',
    schema: pg('model A {\n  id Int @id\n  name String!\n}\n'),
    code: 'legacy-required-marker',
    at: '6:14',
  },
  {
    name: 'Unsupported without a string',
    schema: pg('model A {\n  id Int @id\n  v Unsupported(1)\n}\n'),
    code: 'invalid-unsupported-type',
    at: '6:17',
  },
  {
    name: 'a block attribute on a field line',
    schema: pg('model A {\n  id Int @id @@map("a")\n}\n'),
    code: 'block-attribute-in-line',
    at: '5:14',
  },
  {
    name: 'an @ without a name',
    schema: pg('model A {\n  id Int @id @("x")\n}\n'),
    code: 'expected-attribute-name',
    at: '5:14',
  },
  {
    name: 'a datasource property without =',
    schema: 'datasource db {\n  provider "postgresql"\n}\n',
    code: 'expected-equals',
    at: '2:12',
  },
  {
    name: 'a datasource property without value',
    schema: 'datasource db {\n  provider =\n}\n',
    code: 'expected-value',
    at: '2:3',
  },
  {
    name: 'text after the closing }',
    schema: pg('model A {\n  id Int @id\n} x\n'),
    code: 'unexpected-token',
    at: '6:3',
  },

  // ------------------------------------------------------------------ declarations and names
  {
    name: 'two models with one name',
    schema: pg('model A {\n  id Int @id\n}\nmodel A {\n  id Int @id\n}\n'),
    code: 'duplicate-declaration',
    at: '7:7',
  },
  {
    name: 'an enum named like a model',
    schema: pg('model A {\n  id Int @id\n}\nenum A {\n  X\n}\n'),
    code: 'duplicate-declaration',
    at: '7:6',
  },
  {
    name: 'two generators with one name',
    schema: pg('generator g {\n  provider = "a"\n}\ngenerator g {\n  provider = "b"\n}\n'),
    code: 'duplicate-config-block',
    at: '7:11',
  },
  {
    name: 'two datasources',
    schema: pg('datasource other {\n  provider = "sqlite"\n}\n'),
    code: 'multiple-datasources',
    at: '4:12',
  },
  {
    name: 'two fields with one name',
    schema: pg('model A {\n  id Int @id\n  x Int\n  x String\n}\n'),
    code: 'duplicate-field',
    at: '7:3',
  },
  {
    name: 'two enum values with one name',
    schema: pg('enum E {\n  A\n  B\n  A\n}\n'),
    code: 'duplicate-enum-value',
    at: '7:3',
  },
  {
    name: 'two enum values mapped to one value',
    schema: pg('enum E {\n  A @map("x")\n  B @map("x")\n}\n'),
    code: 'duplicate-enum-value',
    at: '6:3',
  },
  {
    name: 'two fields mapped to one column',
    schema: pg('model A {\n  id Int @id\n  x Int\n  y Int @map("x")\n}\n'),
    code: 'duplicate-column',
    at: '7:3',
  },
  {
    name: 'a mapped field taking the column of a later field',
    schema: pg('model A {\n  id Int @id\n  x Int @map("y")\n  y Int\n}\n'),
    code: 'duplicate-column',
    at: '7:3',
  },
  {
    name: 'two mapped fields on one column',
    schema: pg('model A {\n  id Int @id\n  a Int @map("c")\n  posts Int[] @map("a")\n  b Int @map("c")\n}\n'),
    code: 'duplicate-column',
    at: '8:3',
  },
  {
    name: 'two models mapped to one table',
    schema: pg('model A {\n  id Int @id\n}\nmodel B {\n  id Int @id\n\n  @@map("A")\n}\n'),
    code: 'duplicate-table',
    at: '7:7',
  },
  {
    name: 'a model mapped to the join table of a many-to-many relation',
    schema: pg(
      'model A {\n  id Int @id\n  bs B[]\n}\nmodel B {\n  id Int @id\n  as A[]\n}\nmodel C {\n  id Int @id\n\n  @@map("_AToB")\n}\n',
    ),
    code: 'duplicate-table',
    at: '6:3',
  },
  {
    name: 'two enums mapped to one type',
    schema: pg('enum E {\n  A\n}\nenum F {\n  A\n\n  @@map("E")\n}\n'),
    code: 'duplicate-enum-db-name',
    at: '7:6',
  },
  {
    name: 'two indexes with one map name',
    schema: pg(
      'model A {\n  id Int @id\n  x Int\n  y Int\n\n  @@index([x], map: "ix")\n  @@index([y], map: "ix")\n}\n',
    ),
    code: 'duplicate-constraint-name',
    at: '10:3',
  },
  {
    name: 'a unique and a primary key with one map name across models',
    schema: pg('model A {\n  id Int @id(map: "k")\n}\nmodel B {\n  id Int @id\n  x Int @unique(map: "k")\n}\n'),
    code: 'duplicate-constraint-name',
    at: '9:9',
  },
  {
    name: 'the same index twice (one default name)',
    schema: pg('model A {\n  id Int @id\n  x  Int\n\n  @@index([x])\n  @@index([x])\n}\n'),
    code: 'duplicate-constraint-name',
    at: '9:3',
  },
  {
    name: 'an explicit name equal to a default name',
    schema: pg('model A {\n  id Int @id\n  x  Int @unique\n  y  Int\n\n  @@index([y], map: "A_x_key")\n}\n'),
    code: 'duplicate-constraint-name',
    at: '9:3',
  },
  {
    name: 'two relations over the same foreign key columns',
    schema: pg(
      'model User {\n  id      Int    @id\n  posts   Post[] @relation("a")\n  edits   Post[] @relation("b")\n}\nmodel Post {\n  id       Int  @id\n  authorId Int\n  author   User @relation("a", fields: [authorId], references: [id])\n  editor   User @relation("b", fields: [authorId], references: [id])\n}\n',
    ),
    code: 'duplicate-constraint-name',
    at: '13:3',
  },
  {
    name: 'two compound uniques with one client name',
    schema: pg(
      'model A {\n  id Int @id\n  x Int\n  y Int\n\n  @@unique([x, y], name: "xy")\n  @@unique([y, x], name: "xy")\n}\n',
    ),
    code: 'duplicate-client-name',
    at: '10:3',
  },
  {
    name: 'a compound id named like a field',
    schema: pg('model A {\n  x Int\n  y Int\n\n  @@id([x, y], name: "x")\n}\n'),
    code: 'duplicate-client-name',
    at: '8:3',
  },
  {
    name: 'a field name starting with a digit',
    schema: pg('model A {\n  id Int @id\n  2fa Boolean\n}\n'),
    code: 'invalid-name',
    at: '6:3',
  },
  {
    name: 'a model name with a dash',
    schema: pg('model my-model {\n  id Int @id\n}\n'),
    code: 'invalid-name',
    at: '4:7',
  },
  {
    name: 'an enum value starting with a digit',
    schema: pg('enum E {\n  A\n  1B\n}\n'),
    code: 'invalid-name',
    at: '6:3',
  },
  {
    name: 'a model named like a scalar type',
    schema: pg('model String {\n  id Int @id\n}\n'),
    code: 'reserved-name',
    at: '4:7',
  },
  {
    name: 'an enum named like a JavaScript keyword',
    schema: pg('enum class {\n  A\n}\n'),
    code: 'reserved-name',
    at: '4:6',
  },
  {
    name: 'a model named PrismaClient',
    schema: pg('model PrismaClient {\n  id Int @id\n}\n'),
    code: 'reserved-name',
    at: '4:7',
  },
  {
    name: 'an index on a view',
    schema: pg('view V {\n  id Int @unique\n  x  Int\n\n  @@index([x])\n}\n'),
    code: 'view-with-index',
    at: '8:3',
  },
  { name: 'an empty @map', schema: pg('model A {\n  id Int @id @map("")\n}\n'), code: 'empty-name', at: '5:19' },
  {
    name: 'a table name longer than the provider allows',
    schema: pg(`model A {\n  id Int @id\n\n  @@map("${'t'.repeat(64)}")\n}\n`),
    code: 'identifier-too-long',
    at: '4:7',
    options: checked,
  },
  {
    name: 'an index name longer than the provider allows',
    schema: pg(`model A {\n  id Int @id\n  x  Int\n\n  @@index([x], map: "${'i'.repeat(64)}")\n}\n`),
    code: 'identifier-too-long',
    at: '8:3',
    options: checked,
  },
  {
    name: 'a column name longer than the limit in bytes (multi-byte characters)',
    schema: pg(`model A {\n  id Int @id @map("${'é'.repeat(32)}")\n}\n`),
    code: 'identifier-too-long',
    at: '5:3',
    options: checked,
  },

  // ------------------------------------------------------------------ types and fields
  {
    name: 'an unknown field type',
    schema: pg('model A {\n  id Int @id\n  x Strin\n}\n'),
    code: 'unknown-type',
    at: '6:5',
  },
  {
    name: 'a composite type block',
    schema: pg('type Address {\n  street String\n}\n'),
    code: 'composite-type-unsupported',
    at: '4:1',
  },
  {
    name: 'a scalar list on a provider without lists',
    schema: 'datasource db {\n  provider = "sqlite"\n}\nmodel A {\n  id Int @id\n  tags String[]\n}\n',
    code: 'scalar-list-unsupported',
    at: '6:8',
    options: { scalarLists: false },
  },
  {
    name: 'autoincrement() on a field that is not the id, where only the id is numbered (SQLite)',
    schema:
      'datasource db {\n  provider = "sqlite"\n}\nmodel A {\n  id Int @id\n  n  Int @default(autoincrement())\n}\n',
    code: 'autoincrement-not-on-id',
    at: '6:3',
    options: { autoincrementOnlyOnId: true },
  },
  {
    name: 'autoincrement() on a part of a compound id, where only a single id is numbered (SQLite)',
    schema:
      'datasource db {\n  provider = "sqlite"\n}\nmodel A {\n  a Int @default(autoincrement())\n  b Int\n\n  @@id([a, b])\n}\n',
    code: 'autoincrement-not-on-id',
    at: '5:3',
    options: { autoincrementOnlyOnId: true },
  },
  { name: 'an enum without values', schema: pg('enum E {\n}\n'), code: 'empty-enum', at: '4:6' },
  {
    name: 'a model without a unique criterion',
    schema: pg('model A {\n  x Int\n}\n'),
    code: 'missing-unique-criterion',
    at: '4:7',
  },
  {
    name: 'a model whose only unique is optional',
    schema: pg('model A {\n  x Int? @unique\n}\n'),
    code: 'missing-unique-criterion',
    at: '4:7',
  },

  // ------------------------------------------------------------------ attributes and arguments
  {
    name: 'an unknown field attribute',
    schema: pg('model A {\n  id Int @id @primary\n}\n'),
    code: 'unknown-attribute',
    at: '5:15',
  },
  {
    name: 'an unknown block attribute',
    schema: pg('model A {\n  id Int @id\n\n  @@table("a")\n}\n'),
    code: 'unknown-attribute',
    at: '7:5',
  },
  {
    name: 'an unknown enum value attribute',
    schema: pg('enum E {\n  A @default\n}\n'),
    code: 'unknown-attribute',
    at: '5:6',
  },
  {
    name: 'an unknown enum attribute',
    schema: pg('enum E {\n  A\n\n  @@index([A])\n}\n'),
    code: 'unknown-attribute',
    at: '7:5',
  },
  {
    name: 'a field attribute given twice',
    schema: pg('model A {\n  id Int @id @default(1) @default(2)\n}\n'),
    code: 'duplicate-attribute',
    at: '5:26',
  },
  {
    name: 'two native types on one field',
    schema: pg('model A {\n  id Int @id\n  s String @db.Text @db.VarChar(3)\n}\n'),
    code: 'duplicate-attribute',
    at: '6:21',
  },
  {
    name: '@@map given twice',
    schema: pg('model A {\n  id Int @id\n\n  @@map("a")\n  @@map("b")\n}\n'),
    code: 'duplicate-attribute',
    at: '8:3',
  },
  {
    name: 'an unknown named argument',
    schema: pg('model A {\n  id Int @id @map(name: "x", table: "y")\n}\n'),
    code: 'unknown-argument',
    at: '5:30',
  },
  {
    name: 'an extra unnamed argument',
    schema: pg('model A {\n  id Int @id @map("a", "b")\n}\n'),
    code: 'unknown-argument',
    at: '5:24',
  },
  {
    name: 'an argument given twice',
    schema: pg('model A {\n  id Int @id\n  x Int\n\n  @@index([x], map: "a", map: "b")\n}\n'),
    code: 'duplicate-argument',
    at: '8:26',
  },
  {
    name: 'a missing required argument',
    schema: pg('model A {\n  id Int @id @map()\n}\n'),
    code: 'missing-argument',
    at: '5:14',
  },
  {
    name: 'a named argument without value',
    schema: pg('model A {\n  id Int @id\n  x Int\n\n  @@index([x], map:)\n}\n'),
    code: 'invalid-argument',
    at: '8:16',
  },
  {
    name: 'a number where a string is expected',
    schema: pg('model A {\n  id Int @id @map(1)\n}\n'),
    code: 'invalid-argument',
    at: '5:19',
  },
  {
    name: 'a string where a field list is expected',
    schema: pg('model A {\n  id Int @id\n  x Int\n\n  @@index(fields: ["x"])\n}\n'),
    code: 'invalid-argument',
    at: '8:20',
  },
  {
    name: 'where: without raw()',
    schema: pg('model A {\n  id Int @id\n  x Int\n\n  @@index([x], where: "x > 1")\n}\n'),
    code: 'invalid-argument',
    at: '8:23',
  },
  {
    name: 'an invalid compound unique name',
    schema: pg('model A {\n  id Int @id\n  x Int\n\n  @@unique([id, x], name: "not valid")\n}\n'),
    code: 'invalid-argument',
    at: '8:27',
  },
  {
    name: '@map on a relation field',
    schema: blog('  author   User @relation(fields: [authorId], references: [id]) @map("a")'),
    code: 'attribute-not-allowed',
    at: '11:65',
  },
  {
    name: '@relation on a scalar field',
    schema: pg('model A {\n  id Int @id @relation("x")\n}\n'),
    code: 'attribute-not-allowed',
    at: '5:14',
  },
  {
    name: '@unique on a relation field',
    schema: blog('  author   User @relation(fields: [authorId], references: [id]) @unique'),
    code: 'attribute-not-allowed',
    at: '11:65',
  },
  {
    name: '@id on a relation field',
    schema: blog('  author   User @relation(fields: [authorId], references: [id]) @id'),
    code: 'attribute-not-allowed',
    at: '11:65',
  },

  // ------------------------------------------------------------------ ids, uniques, indexes
  { name: 'two @id fields', schema: pg('model A {\n  a Int @id\n  b Int @id\n}\n'), code: 'multiple-ids', at: '6:9' },
  {
    name: '@id and @@id together',
    schema: pg('model A {\n  a Int @id\n  b Int\n\n  @@id([a, b])\n}\n'),
    code: 'multiple-ids',
    at: '8:3',
  },
  {
    name: '@id on an optional field',
    schema: pg('model A {\n  a Int? @id\n}\n'),
    code: 'invalid-id-field',
    at: '5:10',
  },
  { name: '@id on a list', schema: pg('model A {\n  a Int[] @id\n}\n'), code: 'invalid-id-field', at: '5:11' },
  {
    name: '@@id over an optional field',
    schema: pg('model A {\n  a Int\n  b Int?\n\n  @@id([a, b])\n}\n'),
    code: 'invalid-id-field',
    at: '8:3',
  },
  {
    name: 'an index over an unknown field',
    schema: pg('model A {\n  id Int @id\n\n  @@index([nope])\n}\n'),
    code: 'unknown-index-field',
    at: '7:12',
  },
  {
    name: 'a unique over an unknown field',
    schema: pg('model A {\n  id Int @id\n  a  Int\n\n  @@unique([a, b])\n}\n'),
    code: 'unknown-index-field',
    at: '8:16',
  },
  {
    name: 'an index over a relation field',
    schema: blog(
      '  author   User @relation(fields: [authorId], references: [id])',
      '  posts Post[]',
      '\n  @@index([author])\n',
    ),
    code: 'index-on-relation-field',
    at: '13:12',
  },
  {
    name: 'an index without fields',
    schema: pg('model A {\n  id Int @id\n\n  @@index([])\n}\n'),
    code: 'empty-index',
    at: '7:3',
  },
  {
    name: 'an unknown sort order',
    schema: pg('model A {\n  id Int @id\n  x Int\n\n  @@index([x(sort: Up)])\n}\n'),
    code: 'invalid-index-field-option',
    at: '8:14',
  },
  {
    name: 'ops on a unique',
    schema: pg('model A {\n  id Int @id\n  x Int\n\n  @@unique([x(ops: TextOps)])\n}\n'),
    code: 'invalid-index-field-option',
    at: '8:15',
  },
  {
    name: 'an unknown sort on @unique',
    schema: pg('model A {\n  id Int @id\n  x Int @unique(sort: Random)\n}\n'),
    code: 'invalid-index-field-option',
    at: '6:23',
  },
  {
    name: 'an unknown index type',
    schema: pg('model A {\n  id Int @id\n  x Int\n\n  @@index([x], type: Magic)\n}\n'),
    code: 'invalid-index-type',
    at: '8:22',
  },
  {
    name: 'a partial index where the provider has none',
    schema: pg('model A {\n  id Int @id\n  x Int\n\n  @@index([x], where: raw("x > 0"))\n}\n'),
    options: { partialIndexes: false },
    code: 'partial-index-unsupported',
    at: '8:23',
  },
  {
    name: 'a partial unique constraint where the provider has none',
    schema: pg('model A {\n  id Int @id\n  x Int\n\n  @@unique([x], where: raw("x > 0"))\n}\n'),
    options: { partialIndexes: false },
    code: 'partial-index-unsupported',
    at: '8:24',
  },
  {
    name: 'a full-text index',
    schema: pg('model A {\n  id Int @id\n  x String\n\n  @@fulltext([x])\n}\n'),
    code: 'fulltext-unsupported',
    at: '8:5',
  },

  // ------------------------------------------------------------------ defaults
  {
    name: 'a number default on a String',
    schema: pg('model A {\n  id Int @id\n  s String @default(1)\n}\n'),
    code: 'invalid-default',
    at: '6:21',
  },
  {
    name: 'a string default on an Int',
    schema: pg('model A {\n  id Int @id @default("1")\n}\n'),
    code: 'invalid-default',
    at: '5:23',
  },
  {
    name: 'a decimal default on an Int',
    schema: pg('model A {\n  id Int @id @default(1.5)\n}\n'),
    code: 'invalid-default',
    at: '5:23',
  },
  {
    name: 'a Decimal default written as a string that is not a number',
    schema: pg('model A {\n  id Int @id\n  d Decimal @default("abc")\n}\n'),
    code: 'invalid-default',
    at: '6:22',
  },
  {
    name: 'a Decimal list default with one string that is not a number',
    schema: pg('model A {\n  id Int @id\n  d Decimal[] @default(["1.5", "1e5x"])\n}\n'),
    code: 'invalid-default',
    at: '6:32',
  },
  {
    name: 'an Int default beyond 32 bits',
    schema: pg('model A {\n  id Int @id @default(2147483648)\n}\n'),
    code: 'invalid-default',
    at: '5:23',
  },
  {
    name: 'now() on a String',
    schema: pg('model A {\n  id Int @id\n  s String @default(now())\n}\n'),
    code: 'invalid-default',
    at: '6:21',
  },
  {
    name: 'autoincrement() on a String',
    schema: pg('model A {\n  id String @id @default(autoincrement())\n}\n'),
    code: 'invalid-default',
    at: '5:26',
  },
  {
    name: 'a date that is not RFC 3339',
    schema: pg('model A {\n  id Int @id\n  d DateTime @default("2020-01-01")\n}\n'),
    code: 'invalid-default',
    at: '6:23',
  },
  {
    name: 'invalid JSON as a Json default',
    schema: pg('model A {\n  id Int @id\n  j Json @default("{bad")\n}\n'),
    code: 'invalid-default',
    at: '6:19',
  },
  {
    name: 'invalid base64 as a Bytes default',
    schema: pg('model A {\n  id Int @id\n  b Bytes @default("!!")\n}\n'),
    code: 'invalid-default',
    at: '6:20',
  },
  {
    name: 'a quoted Boolean default',
    schema: pg('model A {\n  id Int @id\n  b Boolean @default("true")\n}\n'),
    code: 'invalid-default',
    at: '6:22',
  },
  {
    name: 'uuid(5)',
    schema: pg('model A {\n  id String @id @default(uuid(5))\n}\n'),
    code: 'invalid-default',
    at: '5:26',
  },
  {
    name: 'cuid(3)',
    schema: pg('model A {\n  id String @id @default(cuid(3))\n}\n'),
    code: 'invalid-default',
    at: '5:26',
  },
  {
    name: 'nanoid(1)',
    schema: pg('model A {\n  id String @id @default(nanoid(1))\n}\n'),
    code: 'invalid-default',
    at: '5:26',
  },
  {
    name: 'autoincrement() with an argument',
    schema: pg('model A {\n  id Int @id @default(autoincrement(1))\n}\n'),
    code: 'invalid-default',
    at: '5:23',
  },
  {
    name: 'a list default on a single field',
    schema: pg('model A {\n  id Int @id\n  s String @default([])\n}\n'),
    code: 'invalid-default',
    at: '6:21',
  },
  {
    name: 'a single default on a list field',
    schema: pg('model A {\n  id Int @id\n  s String[] @default("a")\n}\n'),
    code: 'invalid-default',
    at: '6:23',
  },
  {
    name: 'a wrong item in a list default',
    schema: pg('model A {\n  id Int @id\n  n Int[] @default([1, "2"])\n}\n'),
    code: 'invalid-default',
    at: '6:24',
  },
  {
    name: 'auto() outside MongoDB',
    schema: pg('model A {\n  id String @id @default(auto())\n}\n'),
    code: 'invalid-default',
    at: '5:26',
  },
  {
    name: 'a literal default on an Unsupported field',
    schema: pg('model A {\n  id Int @id\n  v Unsupported("tsvector") @default("x")\n}\n'),
    code: 'invalid-default',
    at: '6:38',
  },
  {
    name: 'an empty dbgenerated expression',
    schema: pg('model A {\n  id Int @id\n  s String @default(dbgenerated(""))\n}\n'),
    code: 'invalid-default',
    at: '6:33',
  },
  {
    name: 'an unknown default function',
    schema: pg('model A {\n  id String @id @default(uuid4())\n}\n'),
    code: 'unknown-default-function',
    at: '5:26',
  },
  {
    name: 'a default on a relation field',
    schema: blog('  author   User @relation(fields: [authorId], references: [id]) @default(1)'),
    code: 'default-on-relation-field',
    at: '11:65',
  },
  {
    name: 'a default naming a missing enum value',
    schema: pg('enum Role {\n  USER\n}\nmodel A {\n  id   Int  @id\n  role Role @default(ADMIN)\n}\n'),
    code: 'unknown-enum-value',
    at: '9:22',
  },
  {
    name: 'a quoted enum default',
    schema: pg('enum Role {\n  USER\n}\nmodel A {\n  id   Int  @id\n  role Role @default("USER")\n}\n'),
    code: 'invalid-default',
    at: '9:22',
  },
  {
    name: '@updatedAt on a String',
    schema: pg('model A {\n  id Int @id\n  s String @updatedAt\n}\n'),
    code: 'updated-at-not-datetime',
    at: '6:12',
  },
  {
    name: '@updatedAt on a DateTime list',
    schema: pg('model A {\n  id Int @id\n  s DateTime[] @updatedAt\n}\n'),
    code: 'updated-at-not-datetime',
    at: '6:16',
  },

  // ------------------------------------------------------------------ native types
  {
    name: 'a native type with the wrong prefix',
    schema: pg('model A {\n  id Int @id\n  s String @pg.Text\n}\n'),
    code: 'native-type-prefix',
    at: '6:13',
  },
  {
    name: 'a native type without a datasource',
    schema: 'model A {\n  id Int @id\n  s String @db.Text\n}\n',
    code: 'native-type-prefix',
    at: '3:13',
  },
  {
    name: 'an unknown native type',
    schema: pg('model A {\n  id Int @id @db.Int\n}\n'),
    code: 'unknown-native-type',
    at: '5:15',
    options: checked,
  },
  {
    name: 'a native type for another scalar type',
    schema: pg('model A {\n  id Int @id @db.VarChar(3)\n}\n'),
    code: 'invalid-native-type',
    at: '5:14',
    options: checked,
  },
  {
    name: 'a native type with too many arguments',
    schema: pg('model A {\n  id Int @id\n  s String @db.VarChar(3, 4)\n}\n'),
    code: 'invalid-native-type',
    at: '6:12',
    options: checked,
  },
  {
    name: 'a native type on an enum field',
    schema: pg('enum E {\n  A\n}\nmodel A {\n  id Int @id\n  e  E   @db.Text\n}\n'),
    code: 'native-type-on-non-scalar',
    at: '9:10',
  },

  // ------------------------------------------------------------------ relations
  {
    name: 'a relation without back-relation',
    schema: blog('  author   User @relation(fields: [authorId], references: [id])', ''),
    code: 'missing-opposite-relation-field',
    at: '11:3',
  },
  {
    name: 'a named relation whose other side has another name',
    schema: blog(
      '  author   User @relation("a", fields: [authorId], references: [id])',
      '  posts Post[] @relation("b")',
    ),
    code: 'missing-opposite-relation-field',
    at: '6:3',
  },
  {
    name: 'a self-relation with one field',
    schema: pg(
      'model A {\n  id       Int  @id\n  parentId Int?\n  parent   A?   @relation(fields: [parentId], references: [id])\n}\n',
    ),
    code: 'missing-opposite-relation-field',
    at: '7:3',
  },
  {
    name: 'two unnamed relations between the same models',
    schema: blog('  author   User @relation(fields: [authorId], references: [id])', '  posts Post[]\n  drafts Post[]'),
    code: 'ambiguous-relation',
    at: '7:3',
  },
  {
    name: 'three fields of one self-relation',
    schema: pg(
      'model A {\n  id       Int  @id\n  parentId Int?\n  parent   A?   @relation(fields: [parentId], references: [id])\n  children A[]\n  others   A[]\n}\n',
    ),
    code: 'ambiguous-relation',
    at: '9:3',
  },
  {
    name: 'a one-to-many without fields',
    schema: blog('  author   User'),
    code: 'missing-relation-fields',
    at: '11:3',
  },
  {
    name: 'a one-to-one where neither side has fields',
    schema: pg(
      'model User {\n  id      Int      @id\n  profile Profile?\n}\nmodel Profile {\n  id   Int  @id\n  user User\n}\n',
    ),
    code: 'missing-relation-fields',
    at: '6:3',
  },
  {
    name: 'a one-to-one with fields on both sides',
    schema: pg(
      'model User {\n  id        Int      @id\n  profileId Int      @unique\n  profile   Profile? @relation(fields: [profileId], references: [id])\n}\nmodel Profile {\n  id     Int  @id\n  userId Int  @unique\n  user   User @relation(fields: [userId], references: [id])\n}\n',
    ),
    code: 'relation-fields-on-both-sides',
    at: '12:15',
  },
  {
    name: 'fields on the list side of a one-to-many',
    schema: blog(
      '  author   User @relation(fields: [authorId], references: [id])',
      '  posts Post[] @relation(fields: [id], references: [id])',
    ),
    code: 'relation-fields-on-both-sides',
    at: '6:16',
  },
  {
    name: 'fields on an implicit many-to-many',
    schema: pg(
      'model A {\n  id Int @id\n  bs B[] @relation(fields: [id], references: [id])\n}\nmodel B {\n  id Int @id\n  as A[]\n}\n',
    ),
    code: 'relation-fields-on-both-sides',
    at: '6:10',
  },
  {
    name: 'fields and references of different lengths',
    schema: blog('  author   User @relation(fields: [authorId, id], references: [id])'),
    code: 'relation-fields-mismatch',
    at: '11:17',
  },
  {
    name: 'fields without references',
    schema: blog('  author   User @relation(fields: [authorId])'),
    code: 'relation-fields-mismatch',
    at: '11:17',
  },
  {
    name: 'an unknown foreign key field',
    schema: blog('  author   User @relation(fields: [userId], references: [id])'),
    code: 'unknown-relation-field',
    at: '11:36',
  },
  {
    name: 'an unknown referenced field',
    schema: blog('  author   User @relation(fields: [authorId], references: [uid])'),
    code: 'unknown-referenced-field',
    at: '11:60',
  },
  {
    name: 'references that are not unique',
    schema: blog(
      '  author   User @relation(fields: [authorId], references: [age])',
      '  posts Post[]',
      '',
      '  age   Int\n',
    ),
    code: 'references-not-unique',
    at: '12:47',
  },
  {
    name: 'a foreign key of another type',
    schema: pg(
      'model User {\n  id    String @id\n  posts Post[]\n}\nmodel Post {\n  id       Int  @id\n  authorId Int\n  author   User @relation(fields: [authorId], references: [id])\n}\n',
    ),
    code: 'relation-type-mismatch',
    at: '11:36',
  },
  {
    name: 'a required relation over an optional foreign key',
    schema: pg(
      'model User {\n  id    Int    @id\n  posts Post[]\n}\nmodel Post {\n  id       Int  @id\n  authorId Int?\n  author   User @relation(fields: [authorId], references: [id])\n}\n',
    ),
    code: 'relation-optionality-mismatch',
    at: '11:3',
  },
  {
    name: 'a required back side of a one-to-one',
    schema: pg(
      'model User {\n  id      Int     @id\n  profile Profile\n}\nmodel Profile {\n  id     Int  @id\n  userId Int  @unique\n  user   User @relation(fields: [userId], references: [id])\n}\n',
    ),
    code: 'one-to-one-required-back-side',
    at: '6:3',
  },
  {
    name: 'a one-to-one over a non-unique foreign key',
    schema: pg(
      'model User {\n  id      Int      @id\n  profile Profile?\n}\nmodel Profile {\n  id     Int  @id\n  userId Int\n  user   User @relation(fields: [userId], references: [id])\n}\n',
    ),
    code: 'one-to-one-fields-not-unique',
    at: '11:25',
  },
  {
    name: 'a many-to-many with a compound id',
    schema: pg('model A {\n  x  Int\n  y  Int\n  bs B[]\n\n  @@id([x, y])\n}\nmodel B {\n  id Int @id\n  as A[]\n}\n'),
    code: 'many-to-many-needs-single-id',
    at: '13:3',
  },
  {
    name: 'a relation to an ignored model without @ignore',
    schema: pg(
      'model A {\n  id Int @id\n  bs B[]\n}\nmodel B {\n  id  Int @id\n  aId Int\n  a   A   @relation(fields: [aId], references: [id])\n\n  @@ignore\n}\n',
    ),
    code: 'relation-to-ignored-model',
    at: '6:3',
  },
  {
    name: 'an unknown referential action',
    schema: blog('  author   User @relation(fields: [authorId], references: [id], onDelete: Remove)'),
    code: 'invalid-referential-action',
    at: '11:75',
  },
  {
    name: 'SetDefault with relationMode = "prisma"',
    schema: blog('  author   User @relation(fields: [authorId], references: [id], onDelete: SetDefault)').replace(
      'provider = "postgresql"',
      'provider     = "postgresql"\n  relationMode = "prisma"',
    ),
    code: 'invalid-referential-action',
    at: '12:65',
  },
  {
    name: 'SetNull on a required foreign key',
    schema: blog('  author   User @relation(fields: [authorId], references: [id], onDelete: SetNull)'),
    code: 'set-null-on-required',
    at: '11:65',
  },
  {
    name: 'onDelete on the list side',
    schema: blog(
      '  author   User @relation(fields: [authorId], references: [id])',
      '  posts Post[] @relation(onDelete: Cascade)',
    ),
    code: 'relation-arguments-wrong-side',
    at: '6:26',
  },

  // ------------------------------------------------------------------ datasource and generators
  {
    name: 'a datasource without provider',
    schema: 'datasource db {\n  url = env("DATABASE_URL")\n}\n',
    code: 'missing-provider',
    at: '1:12',
  },
  {
    name: 'a generator without provider',
    schema: pg('generator client {\n  output = "x"\n}\n'),
    code: 'missing-provider',
    at: '4:11',
  },
  {
    name: 'an unknown datasource property',
    schema: 'datasource db {\n  provider = "postgresql"\n  host     = "localhost"\n}\n',
    code: 'invalid-datasource-property',
    at: '3:3',
  },
  {
    name: 'an invalid relationMode',
    schema: 'datasource db {\n  provider     = "postgresql"\n  relationMode = "none"\n}\n',
    code: 'invalid-datasource-property',
    at: '3:18',
  },
  {
    name: 'a url that is not a string',
    schema: 'datasource db {\n  provider = "postgresql"\n  url      = 5432\n}\n',
    code: 'invalid-datasource-property',
    at: '3:14',
  },
  {
    name: 'extensions on a provider without extensions (SQLite)',
    schema:
      'generator client {\n  provider        = "prisma-client-js"\n  previewFeatures = ["postgresqlExtensions"]\n}\ndatasource db {\n  provider   = "sqlite"\n  extensions = [citext]\n}\n',
    code: 'extensions-unsupported',
    at: '7:3',
    options: { extensions: false },
  },
  {
    name: 'extensions without the postgresqlExtensions preview feature',
    schema: 'datasource db {\n  provider   = "postgresql"\n  extensions = [citext]\n}\n',
    code: 'preview-feature-required',
    at: '3:3',
  },
  {
    name: 'an extension argument that is not schema, version or map',
    schema:
      'generator client {\n  provider        = "prisma-client-js"\n  previewFeatures = ["postgresqlExtensions"]\n}\ndatasource db {\n  provider   = "postgresql"\n  extensions = [citext(bar: "x")]\n}\n',
    code: 'invalid-datasource-property',
    at: '7:16',
  },
  {
    name: '@@schema without schemas',
    schema: pg('model A {\n  id Int @id\n\n  @@schema("auth")\n}\n'),
    code: 'schema-not-declared',
    at: '7:3',
  },
  {
    name: '@@schema naming an undeclared schema',
    schema:
      'datasource db {\n  provider = "postgresql"\n  schemas  = ["public"]\n}\nmodel A {\n  id Int @id\n\n  @@schema("auth")\n}\n',
    code: 'schema-not-declared',
    at: '8:3',
  },
  {
    name: 'a model without @@schema when schemas are declared',
    schema: 'datasource db {\n  provider = "postgresql"\n  schemas  = ["public"]\n}\nmodel A {\n  id Int @id\n}\n',
    code: 'missing-schema-attribute',
    at: '5:7',
  },
];
