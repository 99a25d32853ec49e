import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { createTempDir } from '@strata/testkit';
import ts from 'typescript';
import type { FieldView, SchemaModelView } from './model-view.js';
import { generateTypes } from './typescript-types.js';

const field = (name: string, type: string, extra: Partial<FieldView> = {}): FieldView => ({
  name,
  dbName: name,
  kind: 'scalar',
  type,
  optional: false,
  list: false,
  id: false,
  ...extra,
});

// A blog schema: autoincrement and now() defaults, a client-side uuid(), an enum with @map,
// a @map'ed column, a mapped table, an optional Json, and an implicit many-to-many.
const blog: SchemaModelView = {
  generators: [],
  enums: [
    {
      name: 'Role',
      values: [
        { name: 'USER', dbName: 'USER' },
        { name: 'ADMIN', dbName: 'admin', documentation: 'Can do everything' },
      ],
    },
  ],
  models: [
    {
      name: 'User',
      dbName: 'users',
      documentation: 'A person who writes posts',
      primaryKey: { fields: [{ name: 'id' }] },
      fields: [
        field('id', 'Int', { id: true, default: { kind: 'function', name: 'autoincrement' } }),
        field('publicId', 'String', { default: { kind: 'function', name: 'uuid' } }),
        field('email', 'String'),
        field('firstName', 'String', { dbName: 'first name', optional: true }),
        field('role', 'Role', { kind: 'enum', default: { kind: 'literal' } }),
        field('profile', 'Json', { optional: true }),
        field('balance', 'Decimal', { default: { kind: 'literal' } }),
        field('createdAt', 'DateTime', { default: { kind: 'function', name: 'now' } }),
        field('updatedAt', 'DateTime'),
        field('posts', 'Post', { kind: 'relation', list: true, relation: { name: 'PostToUser', kind: 'one-to-many' } }),
      ],
    },
    {
      name: 'Post',
      dbName: 'Post',
      primaryKey: { fields: [{ name: 'id' }] },
      fields: [
        field('id', 'BigInt', { id: true, default: { kind: 'function', name: 'autoincrement' } }),
        field('title', 'String'),
        field('tags', 'String', { list: true }),
        field('authorId', 'Int'),
        field('author', 'User', { kind: 'relation', relation: { name: 'PostToUser', kind: 'one-to-many' } }),
        field('categories', 'Category', {
          kind: 'relation',
          list: true,
          relation: { name: 'CategoryToPost', kind: 'many-to-many' },
        }),
      ],
    },
    {
      name: 'Category',
      dbName: 'Category',
      primaryKey: { fields: [{ name: 'name' }] },
      fields: [field('name', 'String', { id: true })],
    },
  ],
  relations: [
    {
      name: 'PostToUser',
      kind: 'one-to-many',
      from: { model: 'Post', field: 'author' },
      to: { model: 'User', field: 'posts' },
    },
    {
      name: 'CategoryToPost',
      kind: 'many-to-many',
      from: { model: 'Category', field: 'posts' },
      to: { model: 'Post', field: 'categories' },
    },
  ],
};

const temp = createTempDir('strata-generate-');
afterAll(() => temp.close());

/** Type-checks files with the real TypeScript compiler, strict, against the real kysely package. */
function typeCheck(files: Record<string, string>): string[] {
  const dir = path.join(temp.dir, `check-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  // Resolve kysely from this package's node_modules.
  const nodeModules = path.resolve(import.meta.dirname, '../../node_modules');
  const names = Object.entries(files).map(([name, text]) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  });
  const program = ts.createProgram(names, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    typeRoots: [],
    types: [],
    baseUrl: dir,
    paths: { kysely: [path.join(nodeModules, 'kysely')] },
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('generateTypes', () => {
  const source = generateTypes(blog);

  test('is deterministic', () => {
    expect(generateTypes(blog)).toBe(source);
  });

  test('declares a row, an insert and a table type per model, enums, and DB', () => {
    for (const name of ['User', 'UserInsert', 'UserTable', 'Post', 'PostInsert', 'PostTable', 'DB']) {
      expect(source).toContain(`export interface ${name} {`);
    }
    expect(source).toContain('export const Role = {');
    expect(source).toContain('export type Role = (typeof Role)[keyof typeof Role];');
    expect(source).toContain('ADMIN: "admin",');
    expect(source).toContain('"first name": string | null;');
    expect(source).toContain('  users: UserTable;');
    expect(source).toContain('  _CategoryToPost: _CategoryToPostTable;');
    expect(source).not.toContain('posts:');
  });

  test('uses Generated<T> exactly for columns with a database default', () => {
    expect(source).toContain('  id: Generated<number>;');
    expect(source).toContain('  createdAt: Generated<Date>;');
    // uuid() and @updatedAt are filled by the client, not the database.
    expect(source).toContain('  publicId: string;');
    expect(source).toContain('  updatedAt: Date;');
  });

  test('compiles under strict TypeScript and works with Kysely', () => {
    const usage = `
import { Kysely, type Insertable, type Selectable, DummyDriver, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { type DB, type User, type UserInsert, Role } from './types.js';

const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

export const selectRow: Selectable<DB['users']> = {} as User;
export const role: Role = Role.ADMIN;
const insert: UserInsert = { publicId: 'p', email: 'e', updatedAt: new Date() };
export const insertable: Insertable<DB['users']> = insert;
export const query = db.selectFrom('users').select(['id', 'email', 'first name']).where('role', '=', Role.USER).compile();
export const join = db.selectFrom('_CategoryToPost').select(['A', 'B']).compile();
export const post = db.insertInto('Post').values({ title: 't', tags: [], authorId: 1 }).compile();
// @ts-expect-error email is required on insert
export const missing: UserInsert = { publicId: 'p', updatedAt: new Date() };
// @ts-expect-error no such column
export const wrong = db.selectFrom('users').select(['nope']).compile();
`;
    expect(typeCheck({ 'types.ts': source, 'usage.ts': usage })).toEqual([]);
  });

  test('a model without columns needing helpers still compiles', () => {
    const tiny: SchemaModelView = {
      generators: [],
      enums: [],
      relations: [],
      models: [{ name: 'A', dbName: 'a', fields: [field('x', 'Int')] }],
    };
    const text = generateTypes(tiny);
    expect(text).not.toContain('JsonValue');
    expect(typeCheck({ 'types.ts': text })).toEqual([]);
  });
});
