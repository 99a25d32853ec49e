/**
 * `strata migrate lint` on PostgreSQL: migration.sql files written to a migrations folder and read
 * back, parsed by PostgreSQL's own parser, judged by core's neutral rules and the provider's
 * locking rules through core's public `lintMigration`. Every rule has a case where it fires and one
 * where it must not; the schema-aware cases use before/after snapshots lowered as the CLI lowers
 * them; the would-fail rule is checked against a real database; the corpus histories must parse.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  type Database,
  type DatabaseSchema,
  emptySchema,
  type LintFinding,
  type LintMigrationInput,
  lintMigration,
  marksNoTransaction,
  openDatabase,
  planMigration,
  runScript,
} from '@strata/core';
import { corpusOrSkip, startTestPostgres } from '@strata/testkit';
import { LOCK_HARMLESS_MAX_ROWS, loadPostgresParser, postgresParserLoaded, provider } from '../src/index.js';
import { lowerSources } from './corpus-schema.js';

let folder: string;
let written = 0;

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'strata-lint-pg-'));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

type LintOptions = Omit<LintMigrationInput, 'provider' | 'name' | 'sql'>;

/** Writes `sql` as a migration folder's migration.sql, reads it back and lints it. */
async function lint(sql: string, options: LintOptions = {}): Promise<LintFinding[]> {
  written += 1;
  const name = `2024010100000${written}_migration`;
  mkdirSync(path.join(folder, name));
  const file = path.join(folder, name, 'migration.sql');
  writeFileSync(file, sql);
  return lintMigration({ provider, name, sql: readFileSync(file, 'utf8'), ...options });
}

/** The codes that stand (not suppressed), in order. */
function codes(findings: readonly LintFinding[]): string[] {
  return findings.filter((f) => f.suppressed === undefined).map((f) => f.code);
}

function only(findings: readonly LintFinding[], code: string): LintFinding[] {
  return findings.filter((f) => f.code === code);
}

function snapshot(models: string): DatabaseSchema {
  const lowered = lowerSources([
    { path: 'snapshot.prisma', text: `datasource db {\n  provider = "postgresql"\n}\n\n${models}` },
  ]);
  if ('error' in lowered) throw new Error(lowered.error);
  return lowered.schema;
}

const USER = 'model User {\n  id    Int    @id\n  email String\n  name  String?\n}\n';

describe('the parser', () => {
  test('is loaded on the first lint, not by using the provider otherwise', async () => {
    expect(postgresParserLoaded()).toBe(false);
    const plan = await planMigration({ from: emptySchema(provider.id), to: snapshot(USER), provider });
    provider.splitStatements(plan.script);
    expect(postgresParserLoaded()).toBe(false);
    await lint('SELECT 1;');
    expect(postgresParserLoaded()).toBe(true);
    const [a, b] = await Promise.all([loadPostgresParser(), loadPostgresParser()]);
    expect(a).toBe(b);
  });

  test('each statement: where it is, and what it does as core names it', async () => {
    const sql = [
      '-- CreateTable',
      'CREATE TABLE "app"."Team" ("id" SERIAL NOT NULL, CONSTRAINT "Team_pkey" PRIMARY KEY ("id"));',
      'ALTER TABLE "User" ADD COLUMN "uid" UUID NOT NULL DEFAULT gen_random_uuid(),',
      '  ADD COLUMN "at" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP, ADD COLUMN "n" INTEGER NOT NULL, ADD COLUMN "seq" SERIAL,',
      '  DROP COLUMN "old", ALTER COLUMN "email" SET DATA TYPE TEXT, ALTER COLUMN "name" SET NOT NULL,',
      '  ALTER COLUMN "bio" DROP NOT NULL, DROP CONSTRAINT "User_x_check";',
      'ALTER TABLE "User" RENAME COLUMN "a" TO "b";',
      'ALTER TABLE "app"."Team" RENAME TO "Group";',
      'CREATE UNIQUE INDEX CONCURRENTLY "User_email_key" ON "User"("email");',
      'DROP INDEX "app"."Team_idx", "Other_idx";',
      'ALTER TABLE "Post" ADD CONSTRAINT "Post_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") NOT VALID,',
      '  ADD CONSTRAINT "Post_len" CHECK (length("title") > 0), ADD CONSTRAINT "Post_slug_key" UNIQUE ("slug"),',
      '  ADD CONSTRAINT "Post_u2" UNIQUE USING INDEX "Post_u2_idx";',
      'TRUNCATE "Post", "s"."Log";',
      "SET lock_timeout = '5s';",
      'SET statement_timeout = 0;',
      'DROP TABLE "Post";',
      'UPDATE "User" SET "name" = \'x\';',
    ].join('\n');
    const statements = await provider.lint!.analyze(sql);
    expect(statements.map((s) => s.index)).toEqual([...Array(statements.length).keys()]);
    const first = statements[0]!;
    expect(sql.slice(first.start, first.end)).toBe(
      'CREATE TABLE "app"."Team" ("id" SERIAL NOT NULL, CONSTRAINT "Team_pkey" PRIMARY KEY ("id"))',
    );
    expect(statements.map((s) => s.effects)).toEqual([
      [{ kind: 'create-table', table: 'app.Team' }],
      [
        { kind: 'add-column', table: 'User', column: 'uid', notNull: true, default: 'volatile' },
        { kind: 'add-column', table: 'User', column: 'at', notNull: false, default: 'constant' },
        { kind: 'add-column', table: 'User', column: 'n', notNull: true },
        { kind: 'add-column', table: 'User', column: 'seq', notNull: true, default: 'volatile' },
        { kind: 'drop-column', table: 'User', column: 'old' },
        { kind: 'alter-column-type', table: 'User', column: 'email' },
        { kind: 'set-not-null', table: 'User', column: 'name' },
        { kind: 'drop-not-null', table: 'User', column: 'bio' },
        { kind: 'drop-constraint', table: 'User', constraint: 'User_x_check' },
      ],
      [{ kind: 'rename-column', table: 'User', from: 'a', to: 'b' }],
      [{ kind: 'rename-table', from: 'app.Team', to: 'app.Group' }],
      [{ kind: 'create-index', table: 'User', index: 'User_email_key', unique: true, concurrently: true }],
      [
        { kind: 'drop-index', index: 'app.Team_idx', concurrently: false },
        { kind: 'drop-index', index: 'Other_idx', concurrently: false },
      ],
      [
        { kind: 'add-constraint', table: 'Post', constraint: 'foreign-key', notValid: true },
        { kind: 'add-constraint', table: 'Post', constraint: 'check', notValid: false },
        { kind: 'add-constraint', table: 'Post', constraint: 'unique', notValid: false },
      ],
      [
        { kind: 'truncate', table: 'Post' },
        { kind: 'truncate', table: 's.Log' },
      ],
      [{ kind: 'set-timeout', setting: 'lock' }],
      [{ kind: 'other' }],
      [{ kind: 'drop-table', table: 'Post' }],
      [{ kind: 'other' }],
    ]);
  });
});

describe('pg-parse-error', () => {
  test('a statement the parser rejects is a finding at its line and column; the others are still judged', async () => {
    const findings = await lint('CREATE INDEX "a" ON "User"("email");\n\nALTER TABLE "User" ADD COLUMN;\n');
    expect(codes(findings)).toEqual(['index-without-concurrently', 'pg-missing-lock-timeout', 'pg-parse-error']);
    const error = only(findings, 'pg-parse-error')[0]!;
    expect(error.message).toMatch(/syntax error at or near ";" \(line 3, column 30\)/);
    expect(error.statement?.range.line).toBe(3);
  });

  test('SQL PostgreSQL accepts is never a parse error: functions, DO blocks, dollar quotes, comments', async () => {
    const findings = await lint(
      [
        '/* setup */',
        'CREATE EXTENSION IF NOT EXISTS "pgcrypto";',
        'CREATE OR REPLACE FUNCTION touch() RETURNS trigger AS $$ BEGIN NEW.at = now(); RETURN NEW; END; $$ LANGUAGE plpgsql;',
        `DO $body$ BEGIN IF NOT EXISTS (SELECT 1) THEN RAISE NOTICE 'x;y'; END IF; END $body$;`,
        `INSERT INTO "t" VALUES (E'it\\'s; fine', 'a;b');`,
      ].join('\n'),
    );
    expect(only(findings, 'pg-parse-error')).toEqual([]);
  });
});

describe('index-without-concurrently', () => {
  test('fires for an index on a table that existed before, with the rows when counted', async () => {
    const findings = await lint('CREATE INDEX "User_name_idx" ON "User"("name");\n');
    expect(codes(findings)).toEqual(['index-without-concurrently', 'pg-missing-lock-timeout']);
    expect(findings[0]).toMatchObject({ family: 'locking', severity: 'review', table: 'User' });
    expect(findings[0]?.safer).toMatch(/CONCURRENTLY/);
    const counted = await lint('CREATE INDEX "User_name_idx" ON "User"("name");\n', { rows: new Map([['User', 5]]) });
    expect(only(counted, 'index-without-concurrently')[0]).toMatchObject({ rows: 5 });
    expect(only(counted, 'index-without-concurrently')[0]?.message).toMatch(/\(5 rows\)\.$/);
  });

  test('not for CONCURRENTLY, nor for a table created earlier in the file, nor for an empty table', async () => {
    expect(codes(await lint('CREATE INDEX CONCURRENTLY "User_name_idx" ON "User"("name");\n'))).toEqual([]);
    expect(
      codes(await lint('CREATE TABLE "Tag" ("id" INTEGER NOT NULL);\nCREATE INDEX "Tag_id_idx" ON "Tag"("id");\n')),
    ).toEqual([]);
    const empty = new Map([['User', LOCK_HARMLESS_MAX_ROWS]]);
    expect(codes(await lint('CREATE INDEX "User_name_idx" ON "User"("name");\n', { rows: empty }))).toEqual([]);
  });

  test('schema-aware: a table the snapshot before the migration lacks is new, whatever the file says', async () => {
    const before = snapshot(USER);
    const after = snapshot(`${USER}model Tag {\n  id Int @id\n  label String\n  @@index([label])\n}\n`);
    const findings = await lint('CREATE INDEX "Tag_label_idx" ON "Tag"("label");\n', { before, after });
    expect(only(findings, 'index-without-concurrently')).toEqual([]);
  });
});

describe('pg-concurrently-in-transaction (checked against the database)', () => {
  let pg: Awaited<ReturnType<typeof startTestPostgres>>;
  let db: Database;

  beforeAll(async () => {
    pg = await startTestPostgres();
    db = await openDatabase(provider, pg.url);
    await db.execute(
      'CREATE TABLE "User" ("id" INTEGER PRIMARY KEY, "email" TEXT NOT NULL);' +
        'CREATE TABLE "Event" ("at" DATE NOT NULL) PARTITION BY RANGE ("at");' +
        `CREATE TABLE "Event_2024" PARTITION OF "Event" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`,
    );
  });

  afterAll(async () => {
    await db?.close();
    await pg?.close();
  });

  /** The migration as strata's executor runs it. */
  const run = (sql: string) =>
    runScript(db.connection, provider, { name: 'm', sql, transactional: !marksNoTransaction(sql) });

  test('fires inside BEGIN ... COMMIT, and PostgreSQL indeed refuses the statement', async () => {
    const sql = 'BEGIN;\nCREATE INDEX CONCURRENTLY "User_email_idx" ON "User"("email");\nCOMMIT;\n';
    const findings = only(await lint(sql), 'pg-concurrently-in-transaction');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'would-fail', family: 'locking' });
    expect(findings[0]?.message).toMatch(/opened by `BEGIN` \(line 1, column 1\)/);
    const result = await run(sql);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/cannot run inside a transaction block/);
    await db.execute('ROLLBACK');
  });

  test('fires for a CONCURRENTLY the statement splitter does not see, in a migration that runs in one transaction', async () => {
    const sql = 'ALTER TABLE "Event" DETACH PARTITION "Event_2024" CONCURRENTLY;\nDROP TABLE "Event_2024";\n';
    expect(codes(await lint(sql))).toContain('pg-concurrently-in-transaction');
    const result = await run(sql);
    expect(result).toMatchObject({ ok: false, transactional: true });
    expect(!result.ok && result.error).toMatch(/cannot run inside a transaction block/);
  });

  test('not for CONCURRENTLY that strata runs outside a transaction, which PostgreSQL accepts', async () => {
    const sql = 'CREATE INDEX CONCURRENTLY "User_email_idx" ON "User"("email");\n';
    expect(codes(await lint(sql))).toEqual([]);
    const after = 'BEGIN;\nCOMMIT;\nDROP INDEX CONCURRENTLY "User_email_idx";\n';
    expect(codes(await lint(after))).toEqual([]);
    expect(await run(sql)).toMatchObject({ ok: true, transactional: false });
    expect(await run(after)).toMatchObject({ ok: true, transactional: false });
  });
});

describe('pg-drop-index-without-concurrently', () => {
  test('fires for a plain DROP INDEX, naming the table when the snapshot knows it', async () => {
    expect(codes(await lint('DROP INDEX "User_name_idx";\n'))).toEqual([
      'pg-drop-index-without-concurrently',
      'pg-missing-lock-timeout',
    ]);
    const before = snapshot('model User {\n  id Int @id\n  name String\n  @@index([name])\n}\n');
    const after = snapshot('model User {\n  id Int @id\n  name String\n}\n');
    const [finding] = only(
      await lint('DROP INDEX "User_name_idx";\n', { before, after, rows: new Map([['User', 3]]) }),
      'pg-drop-index-without-concurrently',
    );
    expect(finding).toMatchObject({ table: 'User', rows: 3 });
  });

  test('not with CONCURRENTLY, nor for an index created earlier in the file, nor on an empty table', async () => {
    expect(codes(await lint('DROP INDEX CONCURRENTLY "User_name_idx";\n'))).toEqual([]);
    expect(
      only(
        await lint('CREATE INDEX "User_name_idx" ON "User"("name");\nDROP INDEX "User_name_idx";\n'),
        'pg-drop-index-without-concurrently',
      ),
    ).toEqual([]);
    const before = snapshot('model User {\n  id Int @id\n  name String\n  @@index([name])\n}\n');
    const after = snapshot('model User {\n  id Int @id\n  name String\n}\n');
    const rows = new Map([['User', 0]]);
    expect(codes(await lint('DROP INDEX "User_name_idx";\n', { before, after, rows }))).toEqual([]);
  });
});

describe('pg-constraint-without-not-valid', () => {
  const fk = 'ALTER TABLE "Post" ADD CONSTRAINT "Post_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id")';

  test('fires for a foreign key or a CHECK added to an existing table as valid', async () => {
    expect(only(await lint(`${fk} ON DELETE CASCADE;\n`), 'pg-constraint-without-not-valid')[0]?.message).toBe(
      'Adds the foreign key `Post_userId_fkey` to `Post` without NOT VALID: every row is checked under the lock.',
    );
    const check = 'ALTER TABLE "Post" ADD CONSTRAINT "Post_title_check" CHECK (length("title") > 0);\n';
    expect(codes(await lint(check))).toContain('pg-constraint-without-not-valid');
  });

  test('fires for NOT VALID validated later in the same transaction: the scan runs under the first lock', async () => {
    const sql = `${fk} NOT VALID;\nALTER TABLE "Post" VALIDATE CONSTRAINT "Post_userId_fkey";\n`;
    const [finding] = only(await lint(sql), 'pg-constraint-without-not-valid');
    expect(finding?.message).toMatch(/validates it later in the same transaction/);
    expect(finding?.statement?.index).toBe(0);
  });

  test('not for NOT VALID (validated apart), nor on a table created in the file', async () => {
    expect(codes(await lint(`SET lock_timeout = '5s';\n${fk} NOT VALID;\n`))).toEqual([]);
    const apart = `-- strata:no-transaction\nSET lock_timeout = '5s';\n${fk} NOT VALID;\nALTER TABLE "Post" VALIDATE CONSTRAINT "Post_userId_fkey";\n`;
    expect(codes(await lint(apart))).toEqual([]);
    // what is left is the lock the foreign key takes on "User" (pg-missing-lock-timeout), not a scan of "Post"
    const created = `CREATE TABLE "Post" ("id" INTEGER NOT NULL, "userId" INTEGER NOT NULL);\n${fk};\n`;
    expect(codes(await lint(created))).toEqual(['pg-missing-lock-timeout']);
  });
});

describe('pg-add-key-builds-index, and the table a foreign key locks (checked against the database)', () => {
  let pg: Awaited<ReturnType<typeof startTestPostgres>>;
  let db: Database;

  beforeAll(async () => {
    pg = await startTestPostgres();
    db = await openDatabase(provider, pg.url);
    await db.execute(
      'CREATE TABLE "User" ("id" INTEGER PRIMARY KEY);' +
        'CREATE TABLE "Account" ("id" INTEGER NOT NULL, "email" TEXT);' +
        `INSERT INTO "User" VALUES (1), (2); INSERT INTO "Account" VALUES (1, 'a@example.com'), (2, 'b@example.com');`,
    );
  });

  afterAll(async () => {
    await db?.close();
    await pg?.close();
  });

  /** The table-level locks `sql` holds on `table` in its transaction, as PostgreSQL lists them. */
  async function locksHeld(sql: string, table: string): Promise<string[]> {
    await db.execute('BEGIN');
    try {
      for (const statement of provider.splitStatements(sql)) await db.execute(statement.text);
      const rows = await db.query<{ mode: string }>(
        `SELECT mode FROM pg_locks WHERE locktype = 'relation' AND pid = pg_backend_pid() AND relation = to_regclass($1) ORDER BY mode`,
        [`"${table}"`],
      );
      return rows.map((r) => r.mode);
    } finally {
      await db.execute('ROLLBACK');
    }
  }

  const pkey = 'ALTER TABLE "Account" ADD CONSTRAINT "Account_pkey" PRIMARY KEY ("id");\n';
  const unique = 'ALTER TABLE "Account" ADD CONSTRAINT "Account_email_key" UNIQUE ("email");\n';

  test('fires for a PRIMARY KEY or UNIQUE added to an existing table, which builds its index under ACCESS EXCLUSIVE', async () => {
    const [finding] = only(await lint(pkey), 'pg-add-key-builds-index');
    expect(finding).toMatchObject({ family: 'locking', severity: 'review', table: 'Account' });
    expect(finding?.message).toBe(
      'Adds the primary key `Account_pkey` to the existing table `Account`: its index is built under an ACCESS EXCLUSIVE lock, no read or write of the table runs meanwhile.',
    );
    expect(codes(await lint(unique))).toEqual([
      'add-unique-over-duplicates',
      'pg-add-key-builds-index',
      'pg-missing-lock-timeout',
    ]);
    expect(await locksHeld(pkey, 'Account')).toContain('AccessExclusiveLock');
    expect(await locksHeld(unique, 'Account')).toContain('AccessExclusiveLock');
  });

  test('not with USING INDEX (the index built CONCURRENTLY before), nor on a new or an empty table', async () => {
    const using = `SET lock_timeout = '5s';\nALTER TABLE "Account" ADD CONSTRAINT "Account_pkey" PRIMARY KEY USING INDEX "Account_id_key";\n`;
    expect(codes(await lint(using))).toEqual([]);
    const created = `CREATE TABLE "Tag" ("id" INTEGER NOT NULL);\n${pkey.replaceAll('Account', 'Tag')}`;
    expect(codes(await lint(created))).toEqual([]);
    expect(codes(await lint(pkey, { rows: new Map([['Account', 0]]) }))).toEqual([]);
    // PostgreSQL takes the safer way: the index, built beforehand without blocking writes, becomes the key
    await db.execute('CREATE UNIQUE INDEX CONCURRENTLY "Account_id_key" ON "Account"("id")');
    await db.execute(using.split('\n')[1] ?? '');
    const [key] = await db.query<{ index: string }>(
      `SELECT conindid::regclass::text AS index FROM pg_constraint WHERE conname = 'Account_pkey'`,
    );
    expect(key?.index).toBe('"Account_pkey"');
  });

  test('pg-missing-lock-timeout: a foreign key from a new table waits for a lock on the table it references', async () => {
    const sql = [
      'CREATE TABLE "Post" ("id" INTEGER NOT NULL, "userId" INTEGER NOT NULL);',
      'ALTER TABLE "Post" ADD CONSTRAINT "Post_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id");',
    ].join('\n');
    const findings = await lint(sql);
    expect(findings.map((f) => [f.statement?.index, f.code, f.table])).toEqual([
      [1, 'pg-missing-lock-timeout', 'User'],
    ]);
    const inline = 'CREATE TABLE "Post" ("id" INTEGER NOT NULL, "userId" INTEGER REFERENCES "User"("id"));\n';
    expect(codes(await lint(inline))).toEqual(['pg-missing-lock-timeout']);
    // writes to "User" wait while the migration holds it
    expect(await locksHeld(sql, 'User')).toContain('ShareRowExclusiveLock');
  });

  test('pg-missing-lock-timeout: not for a foreign key between tables the migration creates', async () => {
    const sql = [
      'CREATE TABLE "Team" ("id" INTEGER NOT NULL, CONSTRAINT "Team_pkey" PRIMARY KEY ("id"));',
      'CREATE TABLE "Member" ("teamId" INTEGER NOT NULL);',
      'ALTER TABLE "Member" ADD CONSTRAINT "Member_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id");',
    ].join('\n');
    expect(codes(await lint(sql))).toEqual([]);
  });
});

describe('pg-set-not-null-scans', () => {
  test('fires for SET NOT NULL on an existing table, next to make-required-with-nulls', async () => {
    const findings = await lint('ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;\n');
    expect(codes(findings)).toEqual(['make-required-with-nulls', 'pg-set-not-null-scans', 'pg-missing-lock-timeout']);
    expect(only(findings, 'pg-set-not-null-scans')[0]).toMatchObject({ table: 'User', column: 'name' });
    expect(only(findings, 'pg-set-not-null-scans')[0]?.safer).toMatch(/IS NOT NULL\) NOT VALID/);
  });

  test('not once a validated CHECK (column IS NOT NULL) proves it, nor on a new or empty table', async () => {
    const proven = [
      '-- strata:no-transaction',
      "SET lock_timeout = '5s';",
      'ALTER TABLE "User" ADD CONSTRAINT "User_name_nn" CHECK ("name" IS NOT NULL) NOT VALID;',
      'ALTER TABLE "User" VALIDATE CONSTRAINT "User_name_nn";',
      'ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;',
      'ALTER TABLE "User" DROP CONSTRAINT "User_name_nn";',
    ].join('\n');
    expect(only(await lint(proven), 'pg-set-not-null-scans')).toEqual([]);
    // an unvalidated CHECK proves nothing
    const unproven = proven.replace('ALTER TABLE "User" VALIDATE CONSTRAINT "User_name_nn";\n', '');
    expect(only(await lint(unproven), 'pg-set-not-null-scans')).toHaveLength(1);
    expect(
      codes(await lint('CREATE TABLE "User" ("name" TEXT);\nALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;\n')),
    ).toEqual([]);
    const rows = new Map([['User', 0]]);
    expect(
      only(await lint('ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;\n', { rows }), 'pg-set-not-null-scans'),
    ).toEqual([]);
  });
});

describe('type-change-rewrites-table', () => {
  test('fires for ALTER COLUMN TYPE on an existing table', async () => {
    const findings = await lint('ALTER TABLE "User" ALTER COLUMN "email" SET DATA TYPE VARCHAR(320);\n');
    expect(codes(findings)).toEqual(['type-change-rewrites-table', 'pg-missing-lock-timeout']);
    expect(findings[0]).toMatchObject({ table: 'User', column: 'email', family: 'locking' });
  });

  test('not on a new table, and a narrowing (known from the snapshots) is narrow-type alone', async () => {
    expect(
      codes(await lint('CREATE TABLE "T" ("a" INTEGER);\nALTER TABLE "T" ALTER COLUMN "a" SET DATA TYPE BIGINT;\n')),
    ).toEqual([]);
    const before = snapshot('model User {\n  id Int @id\n  email String @db.VarChar(255)\n}\n');
    const after = snapshot('model User {\n  id Int @id\n  email String @db.VarChar(32)\n}\n');
    const plan = await planMigration({ from: before, to: after, provider });
    const findings = await lint(plan.script, { before, after });
    expect(codes(findings)).toContain('narrow-type');
    expect(codes(findings)).not.toContain('type-change-rewrites-table');
  });
});

describe('pg-volatile-default', () => {
  test('fires for a default computed row by row: gen_random_uuid(), random(), serial', async () => {
    for (const column of [
      '"uid" UUID NOT NULL DEFAULT gen_random_uuid()',
      '"r" DOUBLE PRECISION DEFAULT (random() * 10)',
      '"seq" BIGSERIAL',
    ]) {
      const findings = await lint(`ALTER TABLE "User" ADD COLUMN ${column};\n`);
      expect(codes(findings)).toEqual(['pg-volatile-default', 'pg-missing-lock-timeout']);
    }
  });

  test('not for a constant or now() default (kept in the catalog since PostgreSQL 11), nor on a new table', async () => {
    for (const column of [
      '"at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP',
      '"at2" TIMESTAMPTZ DEFAULT now()',
      `"role" TEXT NOT NULL DEFAULT 'USER'`,
      `"tags" TEXT[] DEFAULT ARRAY[]::TEXT[]`,
    ])
      expect(only(await lint(`ALTER TABLE "User" ADD COLUMN ${column};\n`), 'pg-volatile-default')).toEqual([]);
    expect(
      codes(
        await lint(
          'CREATE TABLE "T" ("a" INTEGER);\nALTER TABLE "T" ADD COLUMN "uid" UUID DEFAULT gen_random_uuid();\n',
        ),
      ),
    ).toEqual([]);
  });
});

describe('pg-missing-lock-timeout', () => {
  test('one finding per migration, at its first statement that locks a table in use', async () => {
    const sql = [
      'CREATE TABLE "Tag" ("id" INTEGER NOT NULL);',
      'ALTER TABLE "User" ADD COLUMN "bio" TEXT;',
      'ALTER TABLE "Post" ADD COLUMN "bio" TEXT;',
    ].join('\n');
    const findings = only(await lint(sql), 'pg-missing-lock-timeout');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ table: 'User', statement: { index: 1 } });
    expect(findings[0]?.message).toBe('Waits for a lock on `User` with no lock_timeout set before it.');
  });

  test('not after SET lock_timeout, nor when only new tables are locked', async () => {
    expect(codes(await lint(`SET lock_timeout = '5s';\nALTER TABLE "User" ADD COLUMN "bio" TEXT;\n`))).toEqual([]);
    expect(codes(await lint(`SET LOCAL lock_timeout = '5s';\nALTER TABLE "User" ADD COLUMN "bio" TEXT;\n`))).toEqual(
      [],
    );
    expect(
      codes(await lint('CREATE TABLE "Tag" ("id" INTEGER NOT NULL);\nALTER TABLE "Tag" ADD COLUMN "bio" TEXT;\n')),
    ).toEqual([]);
  });

  test('a timeout of 0, one set after the lock, or SET LOCAL outside a transaction bounds nothing', async () => {
    expect(codes(await lint('SET lock_timeout = 0;\nALTER TABLE "User" ADD COLUMN "bio" TEXT;\n'))).toEqual([
      'pg-missing-lock-timeout',
    ]);
    expect(codes(await lint(`ALTER TABLE "User" ADD COLUMN "bio" TEXT;\nSET lock_timeout = '5s';\n`))).toEqual([
      'pg-missing-lock-timeout',
    ]);
    const local = `-- strata:no-transaction\nSET LOCAL lock_timeout = '5s';\nALTER TABLE "User" ALTER COLUMN "name" SET DEFAULT 'x';\n`;
    expect(codes(await lint(local))).toEqual(['pg-missing-lock-timeout']);
  });
});

describe("core's neutral rules on PostgreSQL SQL", () => {
  test('drops, truncate, renames, unique indexes and keys, SET NOT NULL, a required column without default', async () => {
    const sql = [
      "SET lock_timeout = '5s';",
      'DROP TABLE "Log";',
      'ALTER TABLE "User" DROP COLUMN "legacy";',
      'TRUNCATE "Session";',
      'ALTER TABLE "Post" RENAME TO "Article";',
      'ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";',
      'CREATE UNIQUE INDEX CONCURRENTLY "User_email_key" ON "User"("email");',
      'ALTER TABLE "Team" ADD CONSTRAINT "Team_slug_key" UNIQUE ("slug");',
      'ALTER TABLE "Team" ALTER COLUMN "slug" SET NOT NULL;',
      'ALTER TABLE "Team" ADD COLUMN "ownerId" INTEGER NOT NULL;',
    ].join('\n');
    const findings = await lint(`-- strata:no-transaction\n${sql}\n`);
    expect(findings.map((f) => [f.statement?.index, f.code])).toEqual([
      [1, 'drop-table'],
      [2, 'drop-column'],
      [3, 'truncate-table'],
      [4, 'rename-breaks-readers'],
      [5, 'rename-breaks-readers'],
      [6, 'add-unique-over-duplicates'],
      [7, 'add-unique-over-duplicates'],
      [7, 'pg-add-key-builds-index'],
      [8, 'make-required-with-nulls'],
      [8, 'pg-set-not-null-scans'],
      [9, 'add-required-column-no-default'],
    ]);
    const counted = await lint('DROP TABLE "Log";\n', { rows: new Map([['Log', 0]]) });
    expect(only(counted, 'drop-table')[0]).toMatchObject({ severity: 'review', rows: 0 });
  });

  test('drop-in-use: a column dropped that after.prisma still has', async () => {
    const before = snapshot(USER);
    const findings = await lint('ALTER TABLE "User" DROP COLUMN "name";\n', { before, after: before });
    expect(only(findings, 'drop-in-use')[0]).toMatchObject({ table: 'User', column: 'name', severity: 'would-fail' });
    const after = snapshot('model User {\n  id    Int    @id\n  email String\n}\n');
    expect(only(await lint('ALTER TABLE "User" DROP COLUMN "name";\n', { before, after }), 'drop-in-use')).toEqual([]);
  });

  test('unplanned-statement: what the planner writes for before -> after passes, a hand edit does not', async () => {
    const before = snapshot(USER);
    const after = snapshot(`${USER.replace('}\n', '  bio   String?\n}\n')}model Tag {\n  id Int @id\n}\n`);
    const plan = await planMigration({ from: before, to: after, provider });
    expect(only(await lint(plan.script, { before, after }), 'unplanned-statement')).toEqual([]);
    const edited = `${plan.script}\nUPDATE "User" SET "bio" = '';\n`;
    const hand = only(await lint(edited, { before, after }), 'unplanned-statement');
    expect(hand.map((f) => f.statement?.text)).toEqual([`UPDATE "User" SET "bio" = ''`]);
  });

  test('unplanned-statement: the safer spellings the linter advises count as planned; a data migration is not judged', async () => {
    const before = snapshot(USER);
    const after = snapshot(`${USER.replace('}\n', '  @@index([name])\n}\n')}`);
    const plan = await planMigration({ from: before, to: after, provider });
    expect(plan.script).toContain('CREATE INDEX "User_name_idx"');
    const safer = `-- strata:no-transaction\nSET lock_timeout = '5s';\n${plan.script.replace('CREATE INDEX', 'CREATE INDEX CONCURRENTLY IF NOT EXISTS')}`;
    expect(only(await lint(safer, { before, after }), 'unplanned-statement')).toEqual([]);
    // before = after: no schema change, the file is hand-written on purpose
    expect(
      only(await lint('UPDATE "User" SET "name" = lower("name");\n', { before, after: before }), 'unplanned-statement'),
    ).toEqual([]);
  });
});

describe('suppression and schema awareness', () => {
  test('-- strata:lint-ignore CODE reason silences that code on the next statement, and keeps the reason', async () => {
    const sql = [
      "SET lock_timeout = '5s';",
      '-- strata:lint-ignore index-without-concurrently the table holds a few rows',
      'CREATE INDEX "User_name_idx" ON "User"("name");',
      'CREATE INDEX "User_email_idx" ON "User"("email");',
    ].join('\n');
    const findings = only(await lint(sql), 'index-without-concurrently');
    expect(findings.map((f) => [f.statement?.index, f.suppressed?.reason])).toEqual([
      [1, 'the table holds a few rows'],
      [2, undefined],
    ]);
    const noReason = await lint(
      '-- strata:lint-ignore pg-volatile-default\nALTER TABLE "User" ADD COLUMN "r" FLOAT DEFAULT random();\n',
    );
    expect(codes(noReason)).toEqual(['lint-ignore-invalid', 'pg-volatile-default', 'pg-missing-lock-timeout']);
  });

  test('a table created in the same migration gets no locking finding, whatever is done to it', async () => {
    const sql = [
      'CREATE TABLE "Invoice" ("id" INTEGER NOT NULL, "userId" INTEGER, "total" INTEGER);',
      'CREATE INDEX "Invoice_userId_idx" ON "Invoice"("userId");',
      'ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id");',
      'ALTER TABLE "Invoice" ALTER COLUMN "userId" SET NOT NULL;',
      'ALTER TABLE "Invoice" ALTER COLUMN "total" SET DATA TYPE BIGINT;',
      'ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_id_pkey" PRIMARY KEY ("id");',
      'ALTER TABLE "Invoice" ADD COLUMN "uid" UUID DEFAULT gen_random_uuid();',
      'DROP INDEX "Invoice_userId_idx";',
    ].join('\n');
    // the foreign key locks the table it references, which is in use: only the timeout is asked for
    const locking = (await lint(sql)).filter((f) => f.family === 'locking');
    expect(locking.map((f) => [f.statement?.index, f.code, f.table])).toEqual([[2, 'pg-missing-lock-timeout', 'User']]);
    expect((await lint(`SET lock_timeout = '5s';\n${sql}`)).filter((f) => f.family === 'locking')).toEqual([]);
  });
});

describe('the corpus histories', () => {
  const corpus = corpusOrSkip();
  const projects = ['umami-software__umami', 'documenso__documenso', 'lukevella__rallly'];

  test.each(projects)(
    '%s: every migration.sql parses, and the first one (all new tables) has no locking finding',
    async (project) => {
      if (corpus === undefined) return;
      const dir = path.join(corpus, project, 'migrations');
      const names = readdirSync(dir)
        .filter((name) => existsSync(path.join(dir, name, 'migration.sql')))
        .sort();
      expect(names.length).toBeGreaterThan(10);
      let statements = 0;
      for (const name of names) {
        const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
        const findings = await lintMigration({ provider, name, sql });
        expect([name, only(findings, 'pg-parse-error')]).toEqual([name, []]);
        statements += provider.splitStatements(sql).length;
        if (name === names[0]) expect(findings.filter((f) => f.family === 'locking')).toEqual([]);
      }
      expect(statements).toBeGreaterThan(names.length);
    },
  );
});
