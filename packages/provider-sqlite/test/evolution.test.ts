/**
 * Invariant 2 (evolution with data) on real SQLite files: create schema A, insert rows (and, in
 * some scenarios, triggers and views), migrate to B through diff + emit + apply, then check that
 * the database equals lower(B) (the next diff is empty), that every surviving value is still
 * there, and that triggers, views and indexes survived table rebuilds.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { type Database, diff, openDatabase, type RenameDecision } from '@strata/core';
import { createTestSqlite } from '@strata/testkit';
import { provider } from '../src/index.js';
import { changesBetween, createFrom, datasource, historyRow, lowerPrisma, script } from './support.js';

interface Scenario {
  readonly name: string;
  readonly a: string;
  readonly b: string;
  /** SQL run after A is created: rows, triggers, views. */
  readonly setup: string;
  /** Queries and the rows each must return after the migration. */
  readonly expect: readonly (readonly [string, readonly Record<string, unknown>[]])[];
  readonly renames?: readonly RenameDecision[];
  /** The migration must fail (and leave A intact): a substring of the error. */
  readonly fails?: string;
  /** Whether a rebuild (RedefineTables) is expected. */
  readonly rebuild?: boolean;
}

const m = (body: string): string => `${datasource}\n${body}\n`;
const user = (fields: string): string => `model User {\n  id Int @id\n${fields}\n}`;
const parentChild = (parentExtra: string, childExtra = '', onDelete = 'Cascade'): string =>
  m(`model Parent {
  id       Int     @id
  name     String
${parentExtra}
  children Child[]
}
model Child {
  id       Int    @id
  parentId Int
  parent   Parent @relation(fields: [parentId], references: [id], onDelete: ${onDelete})
${childExtra}
}`);

const seedParentChild = `INSERT INTO "Parent" ("id", "name") VALUES (1, 'p1'), (2, 'p2');
INSERT INTO "Child" ("id", "parentId") VALUES (10, 1), (11, 1), (12, 2);`;
const childrenIntact: readonly [string, readonly Record<string, unknown>[]] = [
  'SELECT "id", "parentId" FROM "Child" ORDER BY "id"',
  [
    { id: 10, parentId: 1 },
    { id: 11, parentId: 1 },
    { id: 12, parentId: 2 },
  ],
];

const scenarios: Scenario[] = [
  // --- columns added
  {
    name: 'add an optional column (ALTER TABLE ADD COLUMN)',
    a: m(user('  name String')),
    b: m(user('  name String\n  bio String?')),
    setup: `INSERT INTO "User" VALUES (1, 'a');`,
    expect: [['SELECT "id", "name", "bio" FROM "User"', [{ id: 1, name: 'a', bio: null }]]],
    rebuild: false,
  },
  {
    name: 'add a required column with a constant default (ALTER)',
    a: m(user('  name String')),
    b: m(user('  name String\n  score Int @default(7)')),
    setup: `INSERT INTO "User" VALUES (1, 'a');`,
    expect: [['SELECT "score" FROM "User"', [{ score: 7 }]]],
    rebuild: false,
  },
  {
    name: 'add a required column with now() default (rebuild: not constant)',
    a: m(user('  name String')),
    b: m(user('  name String\n  createdAt DateTime @default(now())')),
    setup: `INSERT INTO "User" VALUES (1, 'a');`,
    expect: [['SELECT count(*) AS n FROM "User" WHERE "createdAt" IS NOT NULL', [{ n: 1 }]]],
    rebuild: true,
  },
  {
    name: 'add a required column without default to an empty table (rebuild)',
    a: m(user('  name String')),
    b: m(user('  name String\n  code String')),
    setup: '',
    expect: [['SELECT count(*) AS n FROM "User"', [{ n: 0 }]]],
    rebuild: true,
  },
  {
    name: 'add a required column without default to a non-empty table fails and rolls back',
    a: m(user('  name String')),
    b: m(user('  name String\n  code String')),
    setup: `INSERT INTO "User" VALUES (1, 'a');`,
    expect: [['SELECT "id", "name" FROM "User"', [{ id: 1, name: 'a' }]]],
    fails: 'NOT NULL',
  },
  {
    name: 'add a column with an enum default',
    a: m(`${user('  name String')}\nenum Role {\n  USER\n  ADMIN\n}`),
    b: m(`${user('  name String\n  role Role @default(USER)')}\nenum Role {\n  USER\n  ADMIN\n}`),
    setup: `INSERT INTO "User" VALUES (1, 'a');`,
    expect: [['SELECT "role" FROM "User"', [{ role: 'USER' }]]],
  },
  {
    name: 'add a Json column with @default("{}") (quoted literal)',
    a: m(user('  name String')),
    b: m(user('  name String\n  meta Json @default("{}")')),
    setup: `INSERT INTO "User" VALUES (1, 'a');`,
    expect: [['SELECT "meta" FROM "User"', [{ meta: '{}' }]]],
  },
  {
    name: 'add a unique column (ALTER + unique index)',
    a: m(user('  name String')),
    b: m(user('  name String\n  email String? @unique')),
    setup: `INSERT INTO "User" VALUES (1, 'a'), (2, 'b');`,
    expect: [['SELECT count(*) AS n FROM "User"', [{ n: 2 }]]],
  },
  // --- columns dropped
  {
    name: 'drop a plain column (ALTER TABLE DROP COLUMN)',
    a: m(user('  name String\n  bio String?')),
    b: m(user('  name String')),
    setup: `INSERT INTO "User" VALUES (1, 'a', 'x');`,
    expect: [['SELECT * FROM "User"', [{ id: 1, name: 'a' }]]],
    rebuild: false,
  },
  {
    name: 'drop an indexed column (index dropped first)',
    a: m(user('  name String\n  tag String\n  @@index([tag])')),
    b: m(user('  name String')),
    setup: `INSERT INTO "User" VALUES (1, 'a', 't');`,
    expect: [['SELECT * FROM "User"', [{ id: 1, name: 'a' }]]],
  },
  {
    name: 'drop a foreign key column of a child (rebuild), parent rows intact',
    a: parentChild(''),
    b: m(`model Parent {\n  id Int @id\n  name String\n}\nmodel Child {\n  id Int @id\n}`),
    setup: seedParentChild,
    expect: [
      ['SELECT "id" FROM "Child" ORDER BY "id"', [{ id: 10 }, { id: 11 }, { id: 12 }]],
      ['SELECT count(*) AS n FROM "Parent"', [{ n: 2 }]],
    ],
    rebuild: true,
  },
  {
    name: 'drop a column used by a view (rebuild keeps the view)',
    a: m(user('  name String\n  bio String?')),
    b: m(user('  name String')),
    setup: `INSERT INTO "User" VALUES (1, 'a', 'x'); CREATE VIEW "Names" AS SELECT "id", "name" FROM "User";`,
    expect: [['SELECT * FROM "Names"', [{ id: 1, name: 'a' }]]],
  },
  // --- nullability, defaults, types
  {
    name: 'optional -> required with a default: NULLs become the default (coalesce)',
    a: m(user('  name String?')),
    b: m(user('  name String @default("anon")')),
    setup: `INSERT INTO "User" VALUES (1, NULL), (2, 'b');`,
    expect: [
      [
        'SELECT "id", "name" FROM "User" ORDER BY "id"',
        [
          { id: 1, name: 'anon' },
          { id: 2, name: 'b' },
        ],
      ],
    ],
    rebuild: true,
  },
  {
    name: 'optional -> required without default, NULLs present: fails, nothing changed',
    a: m(user('  name String?')),
    b: m(user('  name String')),
    setup: `INSERT INTO "User" VALUES (1, NULL);`,
    expect: [['SELECT "id", "name" FROM "User"', [{ id: 1, name: null }]]],
    fails: 'NOT NULL',
  },
  {
    name: 'optional -> required without default, no NULLs',
    a: m(user('  name String?')),
    b: m(user('  name String')),
    setup: `INSERT INTO "User" VALUES (1, 'x');`,
    expect: [['SELECT "name" FROM "User"', [{ name: 'x' }]]],
  },
  {
    name: 'required -> optional',
    a: m(user('  name String')),
    b: m(user('  name String?')),
    setup: `INSERT INTO "User" VALUES (1, 'x');`,
    expect: [['SELECT "name" FROM "User"', [{ name: 'x' }]]],
  },
  {
    name: 'change a default',
    a: m(user('  n Int @default(1)')),
    b: m(user('  n Int @default(2)')),
    setup: `INSERT INTO "User" ("id") VALUES (1); `,
    expect: [['SELECT "n" FROM "User"', [{ n: 1 }]]],
  },
  {
    name: 'drop a default',
    a: m(user('  n Int @default(1)')),
    b: m(user('  n Int')),
    setup: `INSERT INTO "User" ("id") VALUES (1); `,
    expect: [['SELECT "n" FROM "User"', [{ n: 1 }]]],
  },
  {
    name: 'Int -> String (CAST to TEXT)',
    a: m(user('  code Int')),
    b: m(user('  code String')),
    setup: `INSERT INTO "User" VALUES (1, 42);`,
    expect: [['SELECT "code", typeof("code") AS t FROM "User"', [{ code: '42', t: 'text' }]]],
  },
  {
    name: 'String -> Int (CAST to INTEGER)',
    a: m(user('  code String')),
    b: m(user('  code Int')),
    setup: `INSERT INTO "User" VALUES (1, '42');`,
    expect: [['SELECT "code", typeof("code") AS t FROM "User"', [{ code: 42, t: 'integer' }]]],
  },
  {
    name: 'Int -> Float',
    a: m(user('  v Int')),
    b: m(user('  v Float')),
    setup: `INSERT INTO "User" VALUES (1, 3);`,
    expect: [['SELECT "v", typeof("v") AS t FROM "User"', [{ v: 3, t: 'real' }]]],
  },
  {
    name: 'Int -> BigInt keeps values',
    a: m(user('  v Int')),
    b: m(user('  v BigInt')),
    setup: `INSERT INTO "User" VALUES (1, 2147483647);`,
    expect: [['SELECT "v" FROM "User"', [{ v: 2147483647 }]]],
  },
  {
    name: 'String -> DateTime keeps the text (no lossy NUMERIC cast)',
    a: m(user('  at String')),
    b: m(user('  at DateTime')),
    setup: `INSERT INTO "User" VALUES (1, '2020-01-01T00:00:00Z');`,
    expect: [['SELECT "at" FROM "User"', [{ at: '2020-01-01T00:00:00Z' }]]],
  },
  {
    name: 'String -> enum (TEXT to TEXT: no rebuild needed for values)',
    a: m(user('  role String')),
    b: m(`${user('  role Role')}\nenum Role {\n  USER\n  ADMIN\n}`),
    setup: `INSERT INTO "User" VALUES (1, 'ADMIN');`,
    expect: [['SELECT "role" FROM "User"', [{ role: 'ADMIN' }]]],
  },
  // --- keys and indexes
  {
    name: 'add an index, then the data is untouched',
    a: m(user('  name String')),
    b: m(user('  name String\n  @@index([name])')),
    setup: `INSERT INTO "User" VALUES (1, 'a');`,
    expect: [
      ["SELECT name FROM sqlite_schema WHERE type = 'index' AND name = 'User_name_idx'", [{ name: 'User_name_idx' }]],
    ],
    rebuild: false,
  },
  {
    name: 'add a unique index over duplicates fails and rolls back',
    a: m(user('  name String')),
    b: m(user('  name String @unique')),
    setup: `INSERT INTO "User" VALUES (1, 'a'), (2, 'a');`,
    expect: [['SELECT count(*) AS n FROM "User"', [{ n: 2 }]]],
    fails: 'UNIQUE',
  },
  {
    name: 'drop an index',
    a: m(user('  name String\n  @@index([name])')),
    b: m(user('  name String')),
    setup: `INSERT INTO "User" VALUES (1, 'a');`,
    expect: [["SELECT count(*) AS n FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'User'", [{ n: 0 }]]],
  },
  {
    name: 'single-column -> composite unique',
    a: m(user('  a String @unique\n  b String')),
    b: m(user('  a String\n  b String\n  @@unique([a, b])')),
    setup: `INSERT INTO "User" VALUES (1, 'x', 'y');`,
    expect: [['SELECT "a", "b" FROM "User"', [{ a: 'x', b: 'y' }]]],
  },
  {
    name: 'change the primary key (rebuild)',
    a: m(`model T {\n  a Int\n  b Int\n  c String\n  @@id([a, b])\n}`),
    b: m(`model T {\n  a Int\n  b Int\n  c String\n  @@id([a, b, c])\n}`),
    setup: `INSERT INTO "T" VALUES (1, 2, 'x');`,
    expect: [['SELECT * FROM "T"', [{ a: 1, b: 2, c: 'x' }]]],
    rebuild: true,
  },
  {
    name: 'autoincrement id keeps its high-water mark across a rebuild',
    a: m(`model T {\n  id Int @id @default(autoincrement())\n  n String?\n}`),
    b: m(`model T {\n  id Int @id @default(autoincrement())\n  n String @default("x")\n}`),
    setup: `INSERT INTO "T" ("n") VALUES ('a'), ('b'), ('c'); DELETE FROM "T" WHERE "id" = 3;`,
    expect: [["SELECT seq FROM sqlite_sequence WHERE name = 'T'", [{ seq: 3 }]]],
    rebuild: true,
  },
  // --- rebuilds of parents with children, foreign keys
  {
    name: 'rebuild a parent with child rows (ON DELETE CASCADE): children intact',
    a: parentChild(''),
    b: parentChild('  rank Int @default(0)\n  score Float?', '', 'Cascade').replace(
      'name     String',
      'name     String @default("n")',
    ),
    setup: seedParentChild,
    expect: [childrenIntact, ['SELECT count(*) AS n FROM "Parent"', [{ n: 2 }]]],
    rebuild: true,
  },
  {
    name: 'rebuild a parent with child rows (ON DELETE SET NULL): no child is nulled',
    a: m(
      `model Parent {\n  id Int @id\n  name String?\n  children Child[]\n}\nmodel Child {\n  id Int @id\n  parentId Int?\n  parent Parent? @relation(fields: [parentId], references: [id], onDelete: SetNull)\n}`,
    ),
    b: m(
      `model Parent {\n  id Int @id\n  name String @default("n")\n  children Child[]\n}\nmodel Child {\n  id Int @id\n  parentId Int?\n  parent Parent? @relation(fields: [parentId], references: [id], onDelete: SetNull)\n}`,
    ),
    setup: seedParentChild,
    expect: [childrenIntact],
    rebuild: true,
  },
  {
    name: 'rebuild a parent whose children RESTRICT deletes',
    a: parentChild('', '', 'Restrict'),
    b: parentChild('  extra DateTime @default(now())', '', 'Restrict'),
    setup: seedParentChild,
    expect: [childrenIntact],
    rebuild: true,
  },
  {
    name: 'change a referential action (rebuild of the child)',
    a: parentChild('', '', 'Cascade'),
    b: parentChild('', '', 'Restrict'),
    setup: seedParentChild,
    expect: [childrenIntact, ["SELECT on_delete FROM pragma_foreign_key_list('Child')", [{ on_delete: 'RESTRICT' }]]],
    rebuild: true,
  },
  {
    name: 'add a foreign key to an existing column (rebuild)',
    a: m(`model Parent {\n  id Int @id\n  name String\n}\nmodel Child {\n  id Int @id\n  parentId Int\n}`),
    b: parentChild(''),
    setup: seedParentChild,
    expect: [childrenIntact, ["SELECT count(*) AS n FROM pragma_foreign_key_list('Child')", [{ n: 1 }]]],
    rebuild: true,
  },
  {
    name: 'add a foreign key that existing rows violate: rolled back, named in the error',
    a: m(`model Parent {\n  id Int @id\n  name String\n}\nmodel Child {\n  id Int @id\n  parentId Int\n}`),
    b: parentChild(''),
    setup: `INSERT INTO "Parent" VALUES (1, 'p'); INSERT INTO "Child" VALUES (10, 1), (11, 99);`,
    expect: [["SELECT count(*) AS n FROM pragma_foreign_key_list('Child')", [{ n: 0 }]]],
    fails: 'table "Child" rows (rowid) 11',
  },
  {
    name: 'drop a foreign key (rebuild), rows intact',
    a: parentChild(''),
    b: m(`model Parent {\n  id Int @id\n  name String\n}\nmodel Child {\n  id Int @id\n  parentId Int\n}`),
    setup: seedParentChild,
    expect: [childrenIntact],
    rebuild: true,
  },
  {
    name: 'drop a parent table with children: children not cascaded away',
    a: parentChild(''),
    b: m(`model Child {\n  id Int @id\n  parentId Int\n}`),
    setup: seedParentChild,
    expect: [childrenIntact],
  },
  // --- triggers, views, indexes survive rebuilds
  {
    name: 'rebuild keeps triggers on the table, views over it and its indexes',
    a: m(
      `${user('  name String?\n  email String @unique\n  @@index([name])')}\nmodel Log {\n  id Int @id @default(autoincrement())\n  msg String\n}`,
    ),
    b: m(
      `${user('  name String @default("anon")\n  email String @unique\n  @@index([name])')}\nmodel Log {\n  id Int @id @default(autoincrement())\n  msg String\n}`,
    ),
    setup: `INSERT INTO "User" VALUES (1, NULL, 'a@x');
CREATE TRIGGER "user_log" AFTER INSERT ON "User" BEGIN INSERT INTO "Log" ("msg") VALUES ('new ' || NEW."email"); END;
CREATE VIEW "UserNames" AS SELECT "id", "name" FROM "User";
CREATE VIEW "UserNamesUpper" AS SELECT upper("name") AS n FROM "UserNames";`,
    expect: [
      ['SELECT * FROM "UserNames"', [{ id: 1, name: 'anon' }]],
      ['SELECT * FROM "UserNamesUpper"', [{ n: 'ANON' }]],
      ["SELECT name FROM sqlite_schema WHERE type = 'trigger'", [{ name: 'user_log' }]],
      [
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'User' ORDER BY name",
        [{ name: 'User_email_key' }, { name: 'User_name_idx' }],
      ],
    ],
    rebuild: true,
  },
  {
    name: 'a trigger on another table that writes into the rebuilt table survives',
    a: m(`${user('  name String?')}\nmodel Audit {\n  id Int @id\n  userId Int\n}`),
    b: m(`${user('  name String @default("x")')}\nmodel Audit {\n  id Int @id\n  userId Int\n}`),
    setup: `CREATE TRIGGER "audit_user" AFTER INSERT ON "Audit" BEGIN INSERT INTO "User" ("id", "name") VALUES (NEW."userId", 'auto'); END;`,
    expect: [
      ["SELECT name, tbl_name FROM sqlite_schema WHERE type = 'trigger'", [{ name: 'audit_user', tbl_name: 'Audit' }]],
    ],
    rebuild: true,
  },
  // --- renames
  {
    name: 'rename a column (ALTER TABLE RENAME COLUMN), values kept',
    a: m(user('  username String')),
    b: m(user('  displayName String')),
    renames: [{ kind: 'column', table: 'User', from: 'username', to: 'displayName' }],
    setup: `INSERT INTO "User" VALUES (1, 'ann');`,
    expect: [['SELECT "displayName" FROM "User"', [{ displayName: 'ann' }]]],
    rebuild: false,
  },
  {
    name: 'rename a column and make it required in one migration (rebuild then rename), view follows',
    a: m(user('  username String?')),
    b: m(user('  displayName String @default("anon")')),
    renames: [{ kind: 'column', table: 'User', from: 'username', to: 'displayName' }],
    setup: `INSERT INTO "User" VALUES (1, NULL), (2, 'bo'); CREATE VIEW "V" AS SELECT "username" FROM "User";`,
    expect: [
      [
        'SELECT "id", "displayName" FROM "User" ORDER BY "id"',
        [
          { id: 1, displayName: 'anon' },
          { id: 2, displayName: 'bo' },
        ],
      ],
      ['SELECT * FROM "V" ORDER BY 1', [{ displayName: 'anon' }, { displayName: 'bo' }]],
    ],
    rebuild: true,
  },
  {
    name: 'rename a table with children: foreign keys follow',
    a: parentChild(''),
    b: parentChild('').replace('model Parent {', 'model Parent {\n  @@map("Owner")'),
    renames: [{ kind: 'table', from: 'Parent', to: 'Owner' }],
    setup: seedParentChild,
    expect: [childrenIntact, ['SELECT "table" AS t FROM pragma_foreign_key_list(\'Child\')', [{ t: 'Owner' }]]],
  },
  {
    name: 'rename a table and rebuild it in the same migration',
    a: m(user('  name String?')),
    b: m(`model User {\n  id Int @id\n  name String @default("n")\n  @@map("Person")\n}`),
    renames: [{ kind: 'table', from: 'User', to: 'Person' }],
    setup: `INSERT INTO "User" VALUES (1, NULL);`,
    expect: [['SELECT * FROM "Person"', [{ id: 1, name: 'n' }]]],
    rebuild: true,
  },
  // --- tables
  {
    name: 'create a table referencing an existing one',
    a: m(`model Parent {\n  id Int @id\n  name String\n}`),
    b: parentChild(''),
    setup: `INSERT INTO "Parent" VALUES (1, 'p');`,
    expect: [['SELECT count(*) AS n FROM "Parent"', [{ n: 1 }]]],
  },
  {
    name: 'implicit many-to-many table appears and keeps rows of both sides',
    a: m(`model A {\n  id Int @id\n}\nmodel B {\n  id Int @id\n}`),
    b: m(`model A {\n  id Int @id\n  bs B[]\n}\nmodel B {\n  id Int @id\n  as A[]\n}`),
    setup: `INSERT INTO "A" VALUES (1); INSERT INTO "B" VALUES (2);`,
    expect: [['SELECT (SELECT count(*) FROM "A") + (SELECT count(*) FROM "B") AS n', [{ n: 2 }]]],
  },
];

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

async function open(): Promise<Database> {
  const db = createTestSqlite();
  cleanups.push(db.close);
  return openDatabase(provider, db.url, { createIfMissing: true });
}

describe('evolution with data', () => {
  test('there are at least 40 scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(40);
  });

  for (const s of scenarios) {
    test(s.name, async () => {
      const a = lowerPrisma(s.a);
      const b = lowerPrisma(s.b);
      const connection = await open();
      try {
        await createFrom(connection, a);
        if (s.setup !== '') await connection.execute(s.setup);
        const live = await connection.introspect();
        const changes = diff(live, b, {
          hooks: provider.diffHooks,
          ...(s.renames === undefined ? {} : { renames: s.renames }),
        });
        const context = { from: live, to: b };
        const sql = script(provider.emit(changes, context));
        const notes = provider.explain?.(changes, context) ?? [];
        if (s.rebuild !== undefined) {
          expect(sql.includes('RedefineTables')).toBe(s.rebuild);
          expect(notes.some((n) => n.rebuild === true && n.code === 'sqlite-table-rebuild')).toBe(s.rebuild);
        }
        // Every rebuild is reported, naming its table.
        for (const rebuilt of sql.matchAll(/CREATE TABLE "new_([^"]+)"/g)) {
          expect(notes.some((n) => n.message.includes(`"${rebuilt[1]}"`))).toBe(true);
        }
        const result = await connection.apply({ name: 'm', sql, transactional: true }, historyRow('m'));
        if (s.fails !== undefined) {
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.error).toContain(s.fails);
          expect(changesBetween(await connection.introspect(), live)).toEqual([]);
        } else {
          if (!result.ok) throw new Error(`${result.error}\n${sql}`);
          expect(changesBetween(await connection.introspect(), b)).toEqual([]);
        }
        for (const [query, rows] of s.expect) expect(await connection.query(query)).toEqual(rows);
        expect(await connection.query('PRAGMA foreign_key_check')).toEqual([]);
      } finally {
        await connection.close();
      }
    });
  }
});
