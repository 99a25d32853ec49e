import { analyzeSchema, effectiveReferentialActions, type SchemaModel } from '../../src/schema/index.js';

const HEADER = 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n';

function model(body: string, header = HEADER): SchemaModel {
  const result = analyzeSchema([{ path: 'schema.prisma', text: header + body }]);
  expect(result.errors).toEqual([]);
  if (result.model === undefined) throw new Error('invalid');
  return result.model;
}

describe('relations', () => {
  const blog = model(`
model User {
  id       Int      @id
  posts    Post[]
  profile  Profile?
  tags     Tag[]
  manager  User?    @relation("team", fields: [managerId], references: [id], onDelete: SetNull, map: "User_manager_fk")
  managerId Int?
  reports  User[]   @relation("team")
  friends  User[]   @relation("friends")
  friendOf User[]   @relation("friends")
}
model Post {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id], onDelete: Cascade)
}
model Profile {
  id     Int  @id
  userId Int  @unique
  user   User @relation(fields: [userId], references: [id])
}
model Tag {
  id    Int    @id
  users User[]
}
`);

  it('resolves one-to-many with the foreign key on the single side', () => {
    const rel = blog.relations.find((r) => r.name === 'PostToUser');
    expect(rel).toEqual({
      name: 'PostToUser',
      kind: 'one-to-many',
      from: { model: 'Post', field: 'author' },
      to: { model: 'User', field: 'posts' },
      fields: ['authorId'],
      references: ['id'],
      onDelete: 'Cascade',
      explicitName: false,
    });
    const posts = blog.models[0]?.fields.find((f) => f.name === 'posts');
    expect(posts?.relation).toEqual({
      name: 'PostToUser',
      explicitName: false,
      kind: 'one-to-many',
      oppositeField: 'author',
      holdsForeignKey: false,
      fields: [],
      references: [],
    });
  });

  it('resolves one-to-one, self-relations and implicit many-to-many', () => {
    const byName = new Map(blog.relations.map((r) => [r.name, r]));
    expect(byName.get('ProfileToUser')).toMatchObject({
      kind: 'one-to-one',
      from: { model: 'Profile', field: 'user' },
      fields: ['userId'],
    });
    expect(byName.get('team')).toMatchObject({
      kind: 'one-to-many',
      from: { model: 'User', field: 'manager' },
      to: { model: 'User', field: 'reports' },
      onDelete: 'SetNull',
      map: 'User_manager_fk',
      explicitName: true,
    });
    // m:n between two models: A is the model whose name sorts first.
    expect(byName.get('TagToUser')).toMatchObject({
      kind: 'many-to-many',
      from: { model: 'Tag', field: 'users' },
      to: { model: 'User', field: 'tags' },
    });
    // m:n self-relation: A is the field whose name sorts first.
    expect(byName.get('friends')).toMatchObject({
      kind: 'many-to-many',
      from: { model: 'User', field: 'friendOf' },
      to: { model: 'User', field: 'friends' },
    });
    expect(blog.relations).toHaveLength(5);
  });

  it('computes default referential actions like Prisma', () => {
    const user = blog.models[0];
    const post = blog.models[1];
    const profile = blog.models[2];
    if (!user || !post || !profile) throw new Error('models');
    const get = (name: string) => blog.relations.find((r) => r.name === name);
    expect(effectiveReferentialActions(get('PostToUser') as never, post)).toEqual({
      onDelete: 'Cascade',
      onUpdate: 'Cascade',
    });
    expect(effectiveReferentialActions(get('ProfileToUser') as never, profile)).toEqual({
      onDelete: 'Restrict',
      onUpdate: 'Cascade',
    });
    expect(effectiveReferentialActions({ fields: ['managerId'] }, user)).toEqual({
      onDelete: 'SetNull',
      onUpdate: 'Cascade',
    });
    // One required foreign key field makes the default Restrict (Prisma 7's SQL for langfuse's traces).
    expect(effectiveReferentialActions({ fields: ['managerId', 'id'] }, user)).toEqual({
      onDelete: 'Restrict',
      onUpdate: 'Cascade',
    });
  });

  it('resolves compound foreign keys', () => {
    const m = model(`
model Tenant {
  id    Int
  orgId Int
  users Member[]
  @@id([id, orgId])
}
model Member {
  id       Int    @id
  tenantId Int
  orgId    Int
  tenant   Tenant @relation(fields: [tenantId, orgId], references: [id, orgId])
}
`);
    expect(m.relations[0]).toMatchObject({ fields: ['tenantId', 'orgId'], references: ['id', 'orgId'] });
    expect(m.models[0]?.primaryKey).toMatchObject({ fields: [{ name: 'id' }, { name: 'orgId' }], fromField: false });
  });

  it('lists relations with views on the fields only (views are never migrated)', () => {
    const m = model(`
model User {
  id    Int         @id
  stats UserStats?
}
view UserStats {
  userId Int  @unique
  user   User @relation(fields: [userId], references: [id])
}
`);
    expect(m.relations).toEqual([]);
    expect(m.views[0]?.fields[1]?.relation).toMatchObject({ kind: 'one-to-one', holdsForeignKey: true });
  });
});

describe('fields, defaults and attributes', () => {
  const m = model(`
enum Role {
  USER  @map("user")
  ADMIN

  @@map("roles")
}
/// A thing.
model Thing {
  /// The id.
  id        String   @id(map: "thing_pk") @default(uuid(7)) @db.Uuid
  cuid      String   @default(cuid(2))
  nano      String   @default(nanoid(12))
  ulid      String   @default(ulid())
  seq       BigInt   @default(sequence(start: 5, increment: 2))
  n         Int      @default(autoincrement())
  price     Decimal  @default(1.50) @db.Decimal(10, 2)
  flag      Boolean  @default(false)
  at        DateTime @default(now()) @map("created_at")
  upd       DateTime @updatedAt
  role      Role     @default(ADMIN)
  roles     Role[]   @default([USER, ADMIN])
  tags      String[] @default([])
  generated String?  @default(dbgenerated("lower(name)"))
  json      Json     @default("{\\"a\\": 1}")
  vec       Unsupported("vector(3)")?
  secret    String?  @ignore
  email     String   @unique(map: "thing_email", sort: Desc, length: 10)

  @@unique([n, flag], name: "nFlag")
  @@index([tags(ops: ArrayOps)], type: Gin)
  @@index([email(ops: raw("gin_trgm_ops"))], map: "trgm", type: Gin)
  @@index([at(sort: Desc)], name: "legacy_name")
  @@index([n], where: raw("flag"))
  @@map("things")
}
`);
  const thing = m.models[0];
  const field = (name: string) => thing?.fields.find((f) => f.name === name);

  it('reads the model and field names, maps and documentation', () => {
    expect(thing).toMatchObject({
      name: 'Thing',
      dbName: 'things',
      map: 'things',
      documentation: 'A thing.',
      ignored: false,
    });
    expect(field('id')).toMatchObject({
      kind: 'scalar',
      type: 'String',
      id: true,
      documentation: 'The id.',
      nativeType: { name: 'Uuid', args: [] },
    });
    expect(field('at')).toMatchObject({ dbName: 'created_at', map: 'created_at' });
    expect(field('role')).toMatchObject({ kind: 'enum', type: 'Role' });
    expect(field('vec')).toMatchObject({ kind: 'unsupported', type: 'vector(3)', optional: true });
    expect(field('secret')).toMatchObject({ ignored: true, optional: true });
    expect(field('upd')).toMatchObject({ updatedAt: true });
    expect(field('price')?.nativeType).toEqual({ name: 'Decimal', args: ['10', '2'] });
  });

  it('reads defaults as a tagged union', () => {
    expect(field('id')?.default).toEqual({ kind: 'function', name: 'uuid', args: [{ value: 7 }] });
    expect(field('cuid')?.default).toEqual({ kind: 'function', name: 'cuid', args: [{ value: 2 }] });
    expect(field('nano')?.default).toEqual({ kind: 'function', name: 'nanoid', args: [{ value: 12 }] });
    expect(field('ulid')?.default).toEqual({ kind: 'function', name: 'ulid', args: [] });
    expect(field('seq')?.default).toEqual({
      kind: 'function',
      name: 'sequence',
      args: [
        { name: 'start', value: 5 },
        { name: 'increment', value: 2 },
      ],
    });
    expect(field('n')?.default).toEqual({ kind: 'function', name: 'autoincrement', args: [] });
    expect(field('price')?.default).toEqual({ kind: 'literal', type: 'number', value: '1.50' });
    expect(field('flag')?.default).toEqual({ kind: 'literal', type: 'boolean', value: false });
    expect(field('at')?.default).toEqual({ kind: 'function', name: 'now', args: [] });
    expect(field('role')?.default).toEqual({ kind: 'literal', type: 'enum', value: 'ADMIN' });
    expect(field('roles')?.default).toEqual({
      kind: 'list',
      values: [
        { type: 'enum', value: 'USER' },
        { type: 'enum', value: 'ADMIN' },
      ],
    });
    expect(field('tags')?.default).toEqual({ kind: 'list', values: [] });
    expect(field('generated')?.default).toEqual({ kind: 'dbgenerated', expression: 'lower(name)' });
    expect(field('json')?.default).toEqual({ kind: 'literal', type: 'string', value: '{"a": 1}' });
  });

  it('reads keys and indexes with all their arguments', () => {
    expect(thing?.primaryKey).toMatchObject({ fields: [{ name: 'id' }], map: 'thing_pk', fromField: true });
    expect(thing?.uniques.map(({ span: _s, ...u }) => u)).toEqual([
      { fields: [{ name: 'email', sort: 'Desc', length: 10 }], map: 'thing_email', fromField: true },
      { fields: [{ name: 'n' }, { name: 'flag' }], name: 'nFlag', fromField: false },
    ]);
    expect(thing?.indexes.map(({ span: _s, ...i }) => i)).toEqual([
      { fields: [{ name: 'tags', ops: 'ArrayOps' }], type: 'Gin', fulltext: false },
      { fields: [{ name: 'email', ops: 'gin_trgm_ops', opsRaw: true }], map: 'trgm', type: 'Gin', fulltext: false },
      { fields: [{ name: 'at', sort: 'Desc' }], map: 'legacy_name', fulltext: false },
      { fields: [{ name: 'n' }], where: 'flag', fulltext: false },
    ]);
  });

  it('reads enums with their database names', () => {
    expect(m.enums[0]).toMatchObject({
      name: 'Role',
      dbName: 'roles',
      map: 'roles',
      values: [
        { name: 'USER', dbName: 'user', map: 'user' },
        { name: 'ADMIN', dbName: 'ADMIN' },
      ],
    });
  });
});

describe('datasource and generators', () => {
  it('reads every datasource property and keeps generators as written', () => {
    const m = model(
      'model A {\n  id Int @id\n\n  @@schema("auth")\n}\nenum E {\n  X\n\n  @@schema("public")\n}\n',
      [
        'generator client {',
        '  provider        = "prisma-client-js"',
        '  previewFeatures = ["multiSchema", "postgresqlExtensions"]',
        '  output          = env("OUT")',
        '}',
        'datasource db {',
        '  provider          = "postgresql"',
        '  url               = env("DATABASE_URL")',
        '  directUrl         = env("DIRECT_URL")',
        '  shadowDatabaseUrl = "postgresql://localhost/shadow"',
        '  relationMode      = "foreignKeys"',
        '  schemas           = ["public", "auth"]',
        '  extensions        = [pg_trgm, postgis(version: "3.4"), uuid_ossp(map: "uuid-ossp", schema: "ext")]',
        '}',
        '',
      ].join('\n'),
    );
    expect(m.datasource).toMatchObject({
      name: 'db',
      provider: 'postgresql',
      url: { kind: 'env', variable: 'DATABASE_URL' },
      directUrl: { kind: 'env', variable: 'DIRECT_URL' },
      shadowDatabaseUrl: { kind: 'string', value: 'postgresql://localhost/shadow' },
      relationMode: 'foreignKeys',
      schemas: ['public', 'auth'],
      extensions: [
        { name: 'pg_trgm' },
        { name: 'postgis', version: '3.4' },
        { name: 'uuid_ossp', map: 'uuid-ossp', schema: 'ext' },
      ],
      otherProperties: [],
    });
    expect(m.generators[0]?.properties).toEqual([
      { key: 'provider', value: { kind: 'string', value: 'prisma-client-js' } },
      {
        key: 'previewFeatures',
        value: {
          kind: 'list',
          values: [
            { kind: 'string', value: 'multiSchema' },
            { kind: 'string', value: 'postgresqlExtensions' },
          ],
        },
      },
      { key: 'output', value: { kind: 'env', variable: 'OUT' } },
    ]);
    expect(m.models[0]?.schema).toBe('auth');
    expect(m.enums[0]?.schema).toBe('public');
  });
});

describe('warnings', () => {
  const warningsOf = (text: string) => {
    const r = analyzeSchema([{ path: 's.prisma', text }]);
    expect(r.errors).toEqual([]);
    expect(r.model).toBeDefined();
    return r.warnings.map((w) => `${w.code}@${w.span.start.line}:${w.span.start.column}`);
  };

  it('warns about referentialIntegrity and unindexed relations in relationMode "prisma"', () => {
    const text = [
      'datasource db {',
      '  provider             = "postgresql"',
      '  referentialIntegrity = "prisma"',
      '}',
      'model User {',
      '  id    Int    @id',
      '  posts Post[]',
      '}',
      'model Post {',
      '  id       Int  @id',
      '  authorId Int',
      '  author   User @relation(fields: [authorId], references: [id])',
      '}',
    ].join('\n');
    expect(warningsOf(text)).toEqual(['deprecated-referential-integrity@3:3', 'relation-without-index@12:27']);
    expect(warningsOf(text.replace('  author   User', '  @@index([authorId])\n  author   User'))).toEqual([
      'deprecated-referential-integrity@3:3',
    ]);
  });

  it('warns about a schema without datasource and views with a primary key', () => {
    expect(warningsOf('view V {\n  id Int @id\n}\n')).toEqual(['missing-datasource@1:1', 'view-primary-key@2:10']);
  });
});
