import { describe, expect, test } from '@jest/globals';
import { isStrataError, lower } from '../src/index.js';
import {
  autoincrement,
  enumDef,
  enumField,
  fields,
  model,
  now,
  relation,
  relationField,
  scalar,
  schemaOf,
  uuid,
} from './helpers/model-builder.js';
import { pgLike, sqliteLike } from './helpers/test-provider.js';

const blog = schemaOf({
  enums: [enumDef('Role', ['USER', ['ADMIN', 'admin']])],
  models: [
    model('User', [
      scalar('id', 'Int', { id: true, default: autoincrement }),
      scalar('email', 'String', { unique: true }),
      enumField('role', 'Role', { default: { kind: 'literal', type: 'enum', value: 'ADMIN' } }),
      scalar('createdAt', 'DateTime', { default: now }),
      scalar('token', 'String', { default: uuid }),
      scalar('tags', 'String', { list: true }),
      relationField('posts', 'Post', { list: true }),
    ]),
    model(
      'Post',
      [
        scalar('id', 'String', { id: true, nativeType: { name: 'Uuid', args: [] } }),
        scalar('authorId', 'Int', { map: 'author_id' }),
        scalar('editorId', 'Int', { optional: true }),
        scalar('data', 'Bytes', { default: { kind: 'literal', type: 'string', value: 'aGVsbG8=' } }),
        relationField('author', 'User'),
        relationField('editor', 'User', { optional: true }),
        relationField('categories', 'Category', { list: true }),
      ],
      { map: 'posts', indexes: [{ fields: [{ name: 'authorId', sort: 'Desc' }] }] },
    ),
    model('Category', [scalar('id', 'Int', { id: true }), relationField('posts', 'Post', { list: true })]),
  ],
  relations: [
    relation('one-to-many', ['Post', 'author'], ['User', 'posts'], {
      name: 'author',
      fields: ['authorId'],
      references: ['id'],
    }),
    relation('one-to-many', ['Post', 'editor'], ['User', 'posts'], {
      name: 'editor',
      fields: ['editorId'],
      references: ['id'],
      onDelete: 'Cascade',
    }),
    relation('many-to-many', ['Category', 'posts'], ['Post', 'categories']),
  ],
});

describe('lower() on a hand-built model (PostgreSQL-like)', () => {
  const ir = lower(blog, pgLike);
  const table = (name: string) => ir.tables.find((t) => t.name === name)!;

  test('tables, namespaces and enums', () => {
    expect(ir.tables.map((t) => t.name)).toEqual(['User', '_CategoryToPost', 'posts', 'Category'].sort());
    // the default namespace is implicit: its name comes from the connection (`?schema=`), not the schema
    expect(ir.namespaces).toEqual([]);
    expect(ir.enums).toEqual([{ name: 'Role', values: ['USER', 'admin'] }]);
  });

  test('columns: types from the provider, defaults, autoincrement, lists', () => {
    const user = table('User');
    expect(user.columns.map((c) => c.name)).toEqual(['id', 'email', 'role', 'createdAt', 'token', 'tags']);
    expect(user.columns[0]).toEqual({
      name: 'id',
      type: { scalar: 'Int', native: 'INTEGER' },
      nullable: false,
      autoincrement: true,
    });
    expect(user.columns[2]).toMatchObject({
      default: { kind: 'enum', value: 'admin' },
      type: { enum: { name: 'Role' } },
    });
    expect(user.columns[3]?.default).toEqual({ kind: 'now' });
    expect(user.columns[4]?.default).toBeUndefined();
    expect(user.columns[5]).toMatchObject({ nullable: true, type: { list: true } });
    expect(table('posts').columns[3]?.default).toEqual({ kind: 'bytes', hex: '68656c6c6f' });
    expect(table('posts').columns[0]?.type.native).toBe('UUID');
  });

  test('keys and indexes get Prisma names from database names', () => {
    expect(table('User').primaryKey).toEqual({ name: 'User_pkey', columns: ['id'] });
    expect(table('User').indexes).toEqual([{ name: 'User_email_key', unique: true, columns: [{ name: 'email' }] }]);
    expect(table('posts').indexes).toEqual([
      { name: 'posts_author_id_idx', unique: false, columns: [{ name: 'author_id', sort: 'desc' }] },
    ]);
  });

  test('foreign keys: default referential actions by arity, explicit ones kept', () => {
    expect(table('posts').foreignKeys).toEqual([
      {
        name: 'posts_author_id_fkey',
        columns: ['author_id'],
        referencedTable: 'User',
        referencedColumns: ['id'],
        onDelete: 'Restrict',
        onUpdate: 'Cascade',
      },
      {
        name: 'posts_editorId_fkey',
        columns: ['editorId'],
        referencedTable: 'User',
        referencedColumns: ['id'],
        onDelete: 'Cascade',
        onUpdate: 'Cascade',
      },
    ]);
  });

  test('implicit many-to-many join table', () => {
    const join = table('_CategoryToPost');
    expect(join.columns).toEqual([
      { name: 'A', type: { scalar: 'Int', native: 'INTEGER' }, nullable: false },
      { name: 'B', type: { scalar: 'String', native: 'UUID' }, nullable: false },
    ]);
    expect(join.primaryKey).toEqual({ name: '_CategoryToPost_AB_pkey', columns: ['A', 'B'] });
    expect(join.indexes).toEqual([{ name: '_CategoryToPost_B_index', unique: false, columns: [{ name: 'B' }] }]);
    expect(join.foreignKeys.map((fk) => [fk.name, fk.referencedTable, fk.onDelete, fk.onUpdate])).toEqual([
      ['_CategoryToPost_A_fkey', 'Category', 'Cascade', 'Cascade'],
      ['_CategoryToPost_B_fkey', 'posts', 'Cascade', 'Cascade'],
    ]);
  });

  test('lowering is deterministic', () => {
    expect(JSON.stringify(lower(blog, pgLike))).toBe(JSON.stringify(ir));
  });
});

describe('lower() dialect choices come from capabilities', () => {
  const ir = lower(blog, sqliteLike);
  test('no native enums, no named primary keys, join table with a unique index', () => {
    // listed all the same: their values say what the TEXT columns may hold (remove-enum-value)
    expect(ir.enums).toEqual([{ name: 'Role', values: ['USER', 'admin'] }]);
    expect(ir.namespaces).toEqual([]);
    const join = ir.tables.find((t) => t.name === '_CategoryToPost')!;
    expect(join.primaryKey).toBeUndefined();
    expect(join.indexes.map((i) => [i.name, i.unique])).toEqual([
      ['_CategoryToPost_AB_unique', true],
      ['_CategoryToPost_B_index', false],
    ]);
    expect(ir.tables.find((t) => t.name === 'User')!.primaryKey).toEqual({ columns: ['id'] });
  });

  test('relationMode = "prisma" means no foreign keys at all', () => {
    const noFks = lower({ ...blog, datasource: { ...blog.datasource!, relationMode: 'prisma' } }, pgLike);
    expect(noFks.tables.flatMap((t) => t.foreignKeys)).toEqual([]);
    expect(noFks.tables.find((t) => t.name === '_CategoryToPost')!.indexes).toHaveLength(1);
  });
});

const autoincrementDefault = { kind: 'function', name: 'autoincrement', args: [] } as const;

describe('lower() special cases', () => {
  test('implicitIntegerKeyAutoincrement: a single-field Int id autoincrements (Prisma on SQLite)', () => {
    const s = schemaOf({
      models: [
        model('Album', [scalar('id', 'Int', { id: true })]),
        model('Counter', [scalar('id', 'Int', { id: true, default: { kind: 'literal', type: 'number', value: '3' } })]),
        model('Big', [scalar('id', 'BigInt', { id: true })]),
        model('BigAuto', [scalar('id', 'BigInt', { id: true, default: autoincrementDefault })]),
        model('Pair', [scalar('a', 'Int', { default: autoincrementDefault }), scalar('b', 'Int')], { id: ['a', 'b'] }),
      ],
    });
    const implicit = {
      ...sqliteLike,
      capabilities: { ...sqliteLike.capabilities, implicitIntegerKeyAutoincrement: true },
    };
    const summary = (target: typeof sqliteLike) =>
      lower(s, target).tables.map((t) => [t.name, t.columns.filter((c) => c.autoincrement).map((c) => c.name)]);
    // only the single Int id: a BigInt id or a key part with autoincrement() has nothing in the database
    expect(summary(implicit)).toEqual([
      ['Album', ['id']],
      ['Big', []],
      ['BigAuto', []],
      ['Counter', ['id']],
      ['Pair', []],
    ]);
    // without the capability, autoincrement() is what was written
    expect(summary(sqliteLike)).toEqual([
      ['Album', []],
      ['Big', []],
      ['BigAuto', ['id']],
      ['Counter', []],
      ['Pair', ['a']],
    ]);
    // a written default stays next to the implicit autoincrement, as Prisma writes it
    expect(lower(s, implicit).tables.find((t) => t.name === 'Counter')?.columns[0]?.default).toBeDefined();
  });

  test('default onDelete is SET NULL only when every foreign key field is optional (Prisma: langfuse traces)', () => {
    // `session TraceSession? @relation(fields: [sessionId, projectId], ...)` with projectId required
    const s = schemaOf({
      models: [
        model('Session', [scalar('id', 'String', { id: true }), scalar('projectId', 'String')]),
        model('Trace', [
          scalar('id', 'String', { id: true }),
          scalar('sessionId', 'String', { optional: true }),
          scalar('projectId', 'String'),
          scalar('parentId', 'String', { optional: true }),
          relationField('session', 'Session', { optional: true }),
          relationField('parent', 'Session', { optional: true }),
        ]),
      ],
      relations: [
        relation('one-to-many', ['Trace', 'session'], ['Session', 'traces'], {
          name: 'session',
          fields: ['sessionId', 'projectId'],
          references: ['id', 'projectId'],
        }),
        relation('one-to-many', ['Trace', 'parent'], ['Session', 'children'], {
          name: 'parent',
          fields: ['parentId'],
          references: ['id'],
        }),
      ],
    });
    const trace = lower(s, pgLike).tables.find((t) => t.name === 'Trace')!;
    expect(trace.foreignKeys.map((fk) => [fk.columns.join(','), fk.onDelete])).toEqual([
      ['parentId', 'SetNull'],
      ['sessionId,projectId', 'Restrict'],
    ]);
  });

  test('@@schema places tables and enums; the default namespace stays implicit', () => {
    const multi = schemaOf(
      {
        enums: [{ ...enumDef('Kind', ['A']), schema: 'auth' }],
        models: [
          model('Account', [scalar('id', 'Int', { id: true }), enumField('kind', 'Kind')], { schema: 'auth' }),
          model('Item', [scalar('id', 'Int', { id: true })], { schema: 'public' }),
        ],
      },
      { schemas: ['auth', 'public'] },
    );
    const ir = lower(multi, pgLike);
    expect(ir.namespaces).toEqual(['auth']);
    // Canonical order is by qualified name: `Item` (default namespace) sorts before `auth.Account`.
    expect(ir.tables.map((t) => [t.namespace, t.name])).toEqual([
      [undefined, 'Item'],
      ['auth', 'Account'],
    ]);
    expect(ir.enums).toEqual([{ namespace: 'auth', name: 'Kind', values: ['A'] }]);
    expect(ir.tables.find((t) => t.name === 'Account')!.columns[1]?.type.enum).toEqual({
      name: 'Kind',
      namespace: 'auth',
    });
  });

  test('@@ignore models are still tables (Prisma keeps them); views are not', () => {
    const s = schemaOf({ models: [model('Legacy', [scalar('id', 'Int', { id: true })], { ignored: true })] });
    const withView = { ...s, views: [model('V', [scalar('id', 'Int')])] };
    expect(lower(withView, pgLike).tables.map((t) => t.name)).toEqual(['Legacy']);
  });

  test('explicit map: names win over defaults', () => {
    const s = schemaOf({
      models: [
        model('A', [scalar('id', 'Int', { id: true }), scalar('x', 'String')], {
          idMap: 'a_pk',
          uniques: [{ fields: fields('x'), map: 'x_unique' }],
          indexes: [{ fields: fields('x'), map: 'x_index', type: 'Hash', where: "x <> ''" }],
        }),
      ],
    });
    const t = lower(s, pgLike).tables[0]!;
    expect(t.primaryKey?.name).toBe('a_pk');
    expect(t.indexes.map((i) => i.name).sort()).toEqual(['x_index', 'x_unique']);
    expect(t.indexes.find((i) => i.name === 'x_index')).toMatchObject({ method: 'hash', where: "x <> ''" });
  });

  test('a field of an unknown (composite) type is a schema-invalid error listing every problem', () => {
    const s = schemaOf({ models: [model('A', [scalar('id', 'Int', { id: true }), scalar('addr', 'Address')])] });
    try {
      lower(s, pgLike);
      throw new Error('expected an error');
    } catch (error) {
      expect(isStrataError(error)).toBe(true);
      expect((error as { code: string }).code).toBe('schema-invalid');
      expect((error as Error).message).toContain('composite types are not supported');
    }
  });

  test('the provider type system refusing a field is reported', () => {
    const refusing = { ...pgLike, types: { ...pgLike.types, columnType: () => ({ error: 'no lists here' }) } };
    const s = schemaOf({ models: [model('A', [scalar('id', 'Int', { id: true })])] });
    expect(() => lower(s, refusing)).toThrow('A.id: no lists here');
  });
});
