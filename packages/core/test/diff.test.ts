import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { DatabaseSchema, Table } from '../src/index.js';
import {
  applyChanges,
  describeChanges,
  diff,
  diffWithRenames,
  enumValueRenameTargets,
  hintResolver,
  parseRenameHint,
  renameCandidates,
  translateRenameHints,
} from '../src/index.js';
import { generateLargeIr, mutate } from '../src/testing/generate.js';
import { model, scalar, schemaOf } from './helpers/model-builder.js';
import { comparable } from './helpers/schema-compare.js';

const text = { scalar: 'String', native: 'TEXT' } as const;
const int = { scalar: 'Int', native: 'INTEGER' } as const;
const role = { scalar: 'Enum', native: 'Role', enum: { name: 'Role' } } as const;

const user = (columns: Table['columns'], name = 'User'): Table => ({
  name,
  columns: [{ name: 'id', type: int, nullable: false }, ...columns],
  primaryKey: { name: `${name}_pkey`, columns: ['id'] },
  indexes: [],
  foreignKeys: [],
});
const schema = (tables: Table[], enums: DatabaseSchema['enums'] = []): DatabaseSchema => ({
  provider: 'test',
  namespaces: [],
  tables,
  enums,
  unmanaged: [],
});

describe('--rename hints whose old name is a schema name the database does not show (@map)', () => {
  const people = (columns: string[]): DatabaseSchema =>
    schema([
      user(
        columns.map((name) => ({ name, type: text, nullable: false })),
        'people',
      ),
    ]);
  const afterModel = schemaOf({
    models: [
      model(
        'Person',
        [scalar('givenName', 'String', { map: 'given_name' }), scalar('lastName', 'String', { map: 'last_name' })],
        { map: 'people' },
      ),
    ],
  });

  test('Model.oldField=newField picks the column whose old database name is alike, then the only one', async () => {
    for (const [old, hint] of [
      ['first_name', 'Person.firstName=givenName'],
      ['fname', 'Person.firstName=givenName'],
      ['first_name', 'people.first_name=given_name'],
      ['first_name', 'Person.first_name=givenName'],
    ] as const) {
      const resolver = hintResolver(translateRenameHints([parseRenameHint(hint)], undefined, afterModel));
      const result = await diffWithRenames(people([old, 'last_name']), people(['given_name', 'last_name']), {
        resolver,
      });
      expect(result.renames).toEqual([{ kind: 'column', table: 'people', from: old, to: 'given_name' }]);
      expect(resolver.unused()).toEqual([]);
      expect(resolver.applied().map((a) => a.candidate)).toEqual(result.renames);
    }
  });

  test('an old name that picks none of several candidates is not guessed', async () => {
    const resolver = hintResolver(
      translateRenameHints([parseRenameHint('Person.fname=givenName')], undefined, afterModel),
    );
    const result = await diffWithRenames(
      people(['first_name', 'nick', 'last_name']),
      people(['given_name', 'last_name']),
      {
        resolver,
      },
    );
    expect(result.renames).toEqual([]);
    expect(resolver.unused()).toHaveLength(1);
  });

  test('a table rename with @@map on both sides: Model=NewModel', async () => {
    const humans = schemaOf({ models: [model('Human', [scalar('email', 'String')], { map: 'humans' })] });
    const resolver = hintResolver(translateRenameHints([parseRenameHint('Person=Human')], undefined, humans));
    const result = await diffWithRenames(
      schema([user([{ name: 'email', type: text, nullable: false }], 'people')]),
      schema([user([{ name: 'email', type: text, nullable: false }], 'humans')]),
      { resolver },
    );
    expect(result.renames).toEqual([{ kind: 'table', from: 'people', to: 'humans' }]);
  });

  test('names with spaces and quotes parse; the separators do not', () => {
    expect(parseRenameHint(' Person.we"ird 2 = even ')).toEqual({ owner: 'Person', from: 'we"ird 2', to: 'even' });
    expect(() => parseRenameHint('Person.a=b=c')).toThrow(/Cannot read the rename hint/);
    expect(() => parseRenameHint('Person. =b')).toThrow(/Cannot read the rename hint/);
  });

  test('property: a hint accepts at most one candidate of a stage, and only one with its owner and new name', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.stringMatching(/^[a-c_]{1,4}$/), { minLength: 1, maxLength: 4 }),
        fc.stringMatching(/^[a-cA-C_]{1,4}$/),
        async (olds, hintFrom) => {
          const before = people(olds.map((o) => `o${o}`));
          const after = people(['given_name']);
          const resolver = hintResolver(
            translateRenameHints([parseRenameHint(`Person.o${hintFrom}=givenName`)], undefined, afterModel),
          );
          const result = await diffWithRenames(before, after, { resolver });
          expect(result.renames.length).toBeLessThanOrEqual(1);
          for (const d of result.renames) expect(d.to).toBe('given_name');
          if (olds.length > 1 && result.renames.length === 1) {
            const alike = (n: string) => n.toLowerCase().replaceAll('_', '');
            expect(alike(result.renames[0]!.from)).toBe(alike(`o${hintFrom}`));
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('diff: renames go through the resolver', () => {
  const before = schema([user([{ name: 'username', type: text, nullable: false }])]);
  const after = schema([user([{ name: 'displayName', type: text, nullable: false }])]);

  test('a dropped and an added column of the same type are a candidate, not a guess', async () => {
    expect(renameCandidates(before, after, { stage: 2 })).toEqual([
      { kind: 'column', table: 'User', from: 'username', to: 'displayName' },
    ]);
    const declined = await diffWithRenames(before, after, { resolver: () => false });
    expect(declined.changes[0]).toMatchObject({ kind: 'AlterTable' });
    const kinds = declined.changes.flatMap((c) => (c.kind === 'AlterTable' ? c.changes.map((t) => t.kind) : []));
    expect(kinds).toEqual(['DropColumn', 'AddColumn']);
    expect(declined.declined).toHaveLength(1);
  });

  test('a hint in model/field names is translated to table/column names and accepted', async () => {
    const beforeModel = schemaOf({
      models: [model('User', [scalar('username', 'String', { map: 'username' })], { map: 'User' })],
    });
    const afterModel = schemaOf({ models: [model('User', [scalar('name', 'String', { map: 'displayName' })])] });
    const hints = translateRenameHints([parseRenameHint('User.username=name')], beforeModel, afterModel);
    expect(hints).toEqual([{ owner: 'User', from: 'username', to: 'displayName' }]);
    const resolver = hintResolver(hints);
    const result = await diffWithRenames(before, after, { resolver });
    const alter = result.changes[0];
    expect(alter?.kind === 'AlterTable' && alter.changes).toEqual([
      { kind: 'RenameColumn', from: 'username', to: 'displayName' },
    ]);
    expect(resolver.unused()).toEqual([]);
    expect(result.declined).toEqual([]);
  });

  test('table renames carry their columns; FKs and key names follow', async () => {
    const post = (target: string): Table => ({
      name: 'Post',
      columns: [
        { name: 'id', type: int, nullable: false },
        { name: 'uid', type: int, nullable: false },
      ],
      primaryKey: { name: 'Post_pkey', columns: ['id'] },
      indexes: [],
      foreignKeys: [
        {
          name: 'Post_uid_fkey',
          columns: ['uid'],
          referencedTable: target,
          referencedColumns: ['id'],
          onDelete: 'Restrict',
          onUpdate: 'Cascade',
        },
      ],
    });
    const a = schema([user([{ name: 'email', type: text, nullable: false }]), post('User')]);
    const b = schema([user([{ name: 'email', type: text, nullable: false }], 'Account'), post('Account')]);
    const result = await diffWithRenames(a, b, { resolver: hintResolver([parseRenameHint('User=Account')]) });
    expect(result.changes.map((c) => c.kind)).toEqual(['RenameTable', 'AlterTable']);
    const alter = result.changes[1];
    expect(alter?.kind === 'AlterTable' && alter.changes).toEqual([
      { kind: 'RenamePrimaryKey', from: 'User_pkey', to: 'Account_pkey' },
    ]);
    expect(comparable(applyChanges(a, result.changes))).toEqual(comparable(b));
  });

  test('enum and enum value renames; defaults follow renamed values', async () => {
    const a = schema(
      [user([{ name: 'role', type: role, nullable: false, default: { kind: 'enum', value: 'USER' } }])],
      [{ name: 'Role', values: ['USER', 'ADMIN'] }],
    );
    const b = schema(
      [user([{ name: 'role', type: role, nullable: false, default: { kind: 'enum', value: 'MEMBER' } }])],
      [{ name: 'Role', values: ['MEMBER', 'ADMIN'] }],
    );
    const hints = [parseRenameHint('Role.USER=MEMBER')];
    const result = await diffWithRenames(a, b, { resolver: hintResolver(hints) });
    expect(result.changes).toEqual([
      {
        kind: 'AlterEnum',
        from: a.enums[0],
        to: b.enums[0],
        addValues: [],
        removeValues: [],
        renameValues: [{ from: 'USER', to: 'MEMBER' }],
      },
    ]);
    const plain = diff(a, b);
    expect(plain.map((c) => c.kind)).toEqual(['AlterEnum', 'AlterTable']);
  });
});

describe('enum value renames where the values are text in the rows (enumsInDatabase: false)', () => {
  const textEnums = { enumsInDatabase: false } as const;
  const roleColumn = (name: string, value?: string): Table['columns'][number] => ({
    name,
    type: role,
    nullable: true,
    ...(value === undefined ? {} : { default: { kind: 'enum', value } }),
  });
  const before = schema(
    [
      user([roleColumn('role', 'USER'), roleColumn('previous'), roleColumn('gone'), roleColumn('retyped')]),
      user([roleColumn('role')], 'Team'),
      user([roleColumn('role')], 'Dropped'),
    ],
    [{ name: 'Role', values: ['USER', 'ADMIN', 'GUEST'] }],
  );
  // User: role keeps the enum (its default follows the value), previous is renamed to earlier,
  // gone is dropped, retyped becomes text; Team is renamed to Squad; Dropped is dropped.
  const after = schema(
    [
      user([roleColumn('role', 'MEMBER'), roleColumn('earlier'), { name: 'retyped', type: text, nullable: true }]),
      user([roleColumn('role')], 'Squad'),
    ],
    [{ name: 'Role', values: ['MEMBER', 'ADMIN', 'VISITOR'] }],
  );
  const hints = ['Role.USER=MEMBER', 'Role.GUEST=VISITOR', 'User.previous=earlier', 'Team=Squad'].map(parseRenameHint);

  test('the renamed values are an AlterEnum, and a default naming one is a default change', async () => {
    const { changes } = await diffWithRenames(before, after, { hooks: textEnums, resolver: hintResolver(hints) });
    expect(changes.find((c) => c.kind === 'AlterEnum')).toMatchObject({
      removeValues: [],
      renameValues: [
        { from: 'USER', to: 'MEMBER' },
        { from: 'GUEST', to: 'VISITOR' },
      ],
    });
    const user = changes.find((c) => c.kind === 'AlterTable' && c.name === 'User');
    const role =
      user?.kind === 'AlterTable' ? user.changes.find((c) => c.kind === 'AlterColumn' && c.name === 'role') : undefined;
    expect(role).toMatchObject({ changed: ['default'] });
  });

  test("described in words: the rename, and the column's type by its values when the enum stays the same", async () => {
    const listed = (s: DatabaseSchema, values: string): DatabaseSchema => ({
      ...s,
      tables: s.tables.map((t) => ({
        ...t,
        columns: t.columns.map((c) => (c.type.enum ? { ...c, type: { ...c.type, native: `ENUM(${values})` } } : c)),
      })),
    });
    const from = listed(before, "'USER','ADMIN','GUEST'");
    const to = listed(after, "'MEMBER','ADMIN','VISITOR'");
    const { changes } = await diffWithRenames(from, to, { hooks: textEnums, resolver: hintResolver(hints) });
    const words = describeChanges(changes);
    expect(words).toContain('rename value USER of enum Role to MEMBER');
    expect(words.find((w) => w.startsWith('alter column User.role'))).toBe(
      "alter column User.role: type ENUM('USER','ADMIN','GUEST') -> ENUM('MEMBER','ADMIN','VISITOR'), default USER -> MEMBER",
    );
  });

  test('enumValueRenameTargets names the columns that hold the enum before and after, under their new names', async () => {
    const { changes } = await diffWithRenames(before, after, { hooks: textEnums, resolver: hintResolver(hints) });
    const targets = enumValueRenameTargets(changes, before).map((t) => `${t.table}.${t.column}`);
    expect(targets.sort()).toEqual(['Squad.role', 'User.earlier', 'User.role']);
  });

  test('without renames there are no targets; a database enum (PostgreSQL) keeps its default', async () => {
    const { changes } = await diffWithRenames(before, after, { resolver: hintResolver(hints) });
    const user = changes.find((c) => c.kind === 'AlterTable' && c.name === 'User');
    expect(user?.kind === 'AlterTable' && user.changes.some((c) => c.kind === 'AlterColumn' && c.name === 'role')).toBe(
      false,
    );
    expect(enumValueRenameTargets(diff(before, after, { hooks: textEnums }), before)).toEqual([]);
  });
});

describe('diff: column aspects and dialect hooks', () => {
  test('each aspect is reported', () => {
    const a = schema([user([{ name: 'x', type: text, nullable: true }])]);
    const b = schema([user([{ name: 'x', type: int, nullable: false, default: { kind: 'number', value: '1' } }])]);
    const change = diff(a, b)[0];
    expect(change?.kind === 'AlterTable' && change.changes[0]).toMatchObject({
      kind: 'AlterColumn',
      name: 'x',
      changed: ['type', 'nullability', 'default'],
    });
  });
  test('hooks decide dialect equality', () => {
    const a = schema([user([{ name: 'x', type: { scalar: 'Int', native: 'INT4' }, nullable: false }])]);
    const b = schema([user([{ name: 'x', type: int, nullable: false }])]);
    expect(diff(a, b)).toHaveLength(1);
    const hooks = {
      columnTypesEqual: (x: { native: string }, y: { native: string }) =>
        x.native.replace('INT4', 'INTEGER') === y.native,
    };
    expect(diff(a, b, { hooks })).toEqual([]);
  });
  test('autoincrementEqual is asked only when one side is autoincrement, and its answer decides', () => {
    const a = schema([user([{ name: 'n', type: int, nullable: false }])]);
    const b = schema([user([{ name: 'n', type: int, nullable: false, autoincrement: true }])]);
    const asked: string[] = [];
    const hooks = (answer: boolean) => ({
      autoincrementEqual: (x: { name: string }, y: { name: string }) => {
        asked.push(`${x.name}->${y.name}`);
        return answer;
      },
    });
    expect(diff(a, b)[0]).toMatchObject({ changes: [{ kind: 'AlterColumn', changed: ['autoincrement'] }] });
    expect(diff(a, b, { hooks: hooks(true) })).toEqual([]);
    expect(diff(b, a, { hooks: hooks(false) })[0]).toMatchObject({
      changes: [{ kind: 'AlterColumn', changed: ['autoincrement'] }],
    });
    expect(asked).toEqual(['n->n', 'n->n']);
    expect(diff(b, b, { hooks: hooks(false) })).toEqual([]);
    expect(asked).toHaveLength(2);
  });
});

describe('diff at bench scale', () => {
  test('2,000-table schemas with 10% changed: the diff applies back exactly', () => {
    const a = generateLargeIr(2000, 7);
    const b = mutate(a, 0.1, 3);
    const changes = diff(a, b);
    expect(changes.length).toBeGreaterThan(100);
    expect(comparable(applyChanges(a, changes))).toEqual(comparable(b));
  });
});

describe('diff: a table or enum whose namespace changes is moved, not dropped and created', () => {
  const authRole = { ...role, enum: { name: 'Role', namespace: 'auth' } } as const;
  const inAuth = schema(
    [
      { ...user([{ name: 'role', type: authRole, nullable: false }]), namespace: 'auth' },
      {
        name: 'Post',
        columns: [
          { name: 'id', type: int, nullable: false },
          { name: 'uid', type: int, nullable: false },
        ],
        primaryKey: { name: 'Post_pkey', columns: ['id'] },
        indexes: [],
        foreignKeys: [
          {
            name: 'Post_uid_fkey',
            columns: ['uid'],
            referencedNamespace: 'auth',
            referencedTable: 'User',
            referencedColumns: ['id'],
            onDelete: 'Restrict',
            onUpdate: 'Cascade',
          },
        ],
      },
    ],
    [{ namespace: 'auth', name: 'Role', values: ['A'] }],
  );
  const withAuth = { ...inAuth, namespaces: ['auth'] };
  // everything in the default namespace: the enum column and the foreign key follow the moves
  const inDefault = applyChanges(withAuth, [
    { kind: 'MoveEnum', name: 'Role', fromNamespace: 'auth' },
    { kind: 'MoveTable', name: 'User', fromNamespace: 'auth' },
  ]);

  test('moves only: no AlterColumn for the enum type, no foreign key dropped', () => {
    expect(inDefault.tables.find((t) => t.name === 'Post')?.foreignKeys[0]?.referencedNamespace).toBeUndefined();
    const changes = diff(withAuth, inDefault);
    expect(changes).toEqual([
      { kind: 'MoveEnum', name: 'Role', fromNamespace: 'auth' },
      { kind: 'MoveTable', name: 'User', fromNamespace: 'auth' },
    ]);
    expect(comparable(applyChanges(withAuth, changes))).toEqual(comparable(inDefault));
    const back = diff(inDefault, withAuth);
    expect(back).toEqual([
      { kind: 'MoveEnum', name: 'Role', toNamespace: 'auth' },
      { kind: 'MoveTable', name: 'User', toNamespace: 'auth' },
    ]);
    expect(comparable(applyChanges(inDefault, back))).toEqual(comparable(withAuth));
  });

  test('a move with other changes: the table is altered under its new namespace', () => {
    const to = {
      ...inDefault,
      tables: inDefault.tables.map((t) =>
        t.name === 'User' ? { ...t, columns: [...t.columns, { name: 'bio', type: text, nullable: true }] } : t,
      ),
    };
    const changes = diff(withAuth, to);
    expect(changes.map((c) => c.kind)).toEqual(['MoveEnum', 'MoveTable', 'AlterTable']);
    expect(changes[2]).toMatchObject({ kind: 'AlterTable', name: 'User' });
    expect((changes[2] as { namespace?: string }).namespace).toBeUndefined();
    expect(comparable(applyChanges(withAuth, changes))).toEqual(comparable(to));
  });

  test('ambiguous: the same name leaving two namespaces stays drop + create', () => {
    const two = {
      ...withAuth,
      namespaces: ['auth', 'billing'],
      tables: [...withAuth.tables, { ...user([]), namespace: 'billing' }],
    };
    const to = {
      ...two,
      tables: two.tables
        .filter((t) => t.name !== 'User')
        .concat([user([{ name: 'role', type: authRole, nullable: false }])]),
    };
    const kinds = diff(two, to).map((c) => c.kind);
    expect(kinds).not.toContain('MoveTable');
    expect(kinds).toEqual(expect.arrayContaining(['DropTable', 'CreateTable']));
  });
});
