/**
 * `describeProviderConformance`: the jest suite every provider runs against its real database.
 * It checks the contract's invariants end to end through the provider's own emitter,
 * introspection, history store and lock: round trip (apply diff(empty, S), introspect, diff is
 * empty), evolution with data preserved, renames, enum changes, index and foreign key changes,
 * data-aware warnings, the history store and locking.
 *
 * The only SQL here is standard (`INSERT INTO "T" ("c") VALUES ('x')`, `SELECT ... FROM "T"`), used
 * to put rows in and read them back.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, test } from '@jest/globals';
import { type Database, openDatabase } from '../database/database.js';
import { diff } from '../diff/differ.js';
import { hintResolver, parseRenameHint } from '../diff/rename-hints.js';
import { resolveRenames } from '../diff/renames.js';
import { allTransactional } from '../diff/statement.js';
import type { HistoryRow } from '../migrations/history-row.js';
import { renderMigrationScript } from '../migrations/migration-sql.js';
import { evaluateWarnings } from '../plan/evaluate.js';
import { lintChanges } from '../plan/lint.js';
import { blockingWarnings } from '../plan/plan.js';
import type { ConnectOptions, Provider } from '../provider/contract.js';
import { claimExtensions } from '../sql/extensions.js';
import { type DatabaseSchema, qualifiedName } from '../sql/ir.js';
import { blogSchema, conformanceBattery, enumSchema, IrBuilder, usersSchema } from './battery.js';
import { lowerPsl, pslBatteryTexts } from './psl-battery.js';

export interface ConformanceDatabase {
  readonly url: string;
  /** Drops the database (or deletes the file). */
  close(): Promise<void>;
}

export type ConformanceArea =
  | 'round-trip'
  | 'psl-round-trip'
  | 'evolution'
  | 'renames'
  | 'enums'
  | 'indexes-and-foreign-keys'
  | 'warnings'
  | 'history'
  | 'reset'
  | 'locking';

export interface ConformanceOptions {
  readonly provider: Provider;
  /**
   * A database for one test: fresh and empty where the backend can create one, otherwise the same
   * one again (the suite resets it before each test; tests run one after another).
   */
  readonly connect: () => Promise<ConformanceDatabase>;
  readonly connectOptions?: ConnectOptions;
  /** False where two sessions cannot hold the database at once (PGlite): lock contention is skipped with a printed reason. */
  readonly supportsConcurrentSessions?: boolean;
  /** Areas to leave out, each with the reason printed. */
  readonly skip?: Partial<Record<ConformanceArea, string>>;
  /** More schemas for the round trip (e.g. lowered from PSL once a parser is at hand). */
  readonly extraSchemas?: readonly { readonly name: string; readonly schema: DatabaseSchema }[];
}

interface Session {
  readonly connection: Database;
  readonly database: ConformanceDatabase;
}

export function describeProviderConformance(options: ConformanceOptions): void {
  const { provider } = options;
  const q = (name: string) => provider.quoteIdentifier(name);
  const hooks = provider.diffHooks;
  const b = new IrBuilder(provider);
  const open: Session[] = [];

  const closeAll = async (): Promise<void> => {
    for (const s of open.splice(0)) {
      await s.connection.close().catch(() => undefined);
      await s.database.close().catch(() => undefined);
    }
  };

  const session = async (): Promise<Session> => {
    // Tests run one after another: the previous test's session is done (and a backend serving
    // one client at a time, PGlite, needs it closed).
    await closeAll();
    const database = await options.connect();
    const connection = await openDatabase(provider, database.url, { createIfMissing: true, ...options.connectOptions });
    // Backends that cannot create a second database (PGlite) hand out the same one again:
    // start every test from nothing strata manages.
    await connection.reset();
    const s = { connection, database };
    open.push(s);
    return s;
  };

  afterAll(closeAll);

  /** Plans `current -> target` with the provider and applies it through `Connection.apply`. */
  const migrate = async (
    connection: Database,
    target: DatabaseSchema,
    renames: Parameters<typeof diff>[2] = {},
  ): Promise<void> => {
    // the extensions the target declares are strata's; others in the database are left alone
    const current = claimExtensions(await connection.introspect(), target);
    const changes = diff(current, target, { hooks, ...renames });
    const statements = provider.emit(changes, { from: current, to: target });
    const sql = renderMigrationScript(statements);
    const name = `m_${randomUUID().slice(0, 8)}`;
    await connection.history.ensure();
    const result = await connection.apply(
      { name, sql, transactional: allTransactional(statements) },
      historyRow(provider.id, name, sql),
    );
    if (!result.ok) throw new Error(`migration failed: ${result.error}\n${sql}`);
  };

  const expectInSync = async (connection: Database, target: DatabaseSchema): Promise<void> => {
    const live = claimExtensions(await connection.introspect(), target);
    expect(diff(live, target, { hooks })).toEqual([]);
  };

  const area = (name: ConformanceArea, body: () => void): void => {
    const reason = options.skip?.[name];
    if (reason !== undefined) {
      describe(name, () => {
        test.skip(`skipped: ${reason}`, () => undefined);
      });
      console.log(`conformance ${provider.id}: ${name} skipped (${reason})`);
      return;
    }
    describe(name, body);
  };

  describe(`provider conformance: ${provider.id}`, () => {
    area('round-trip', () => {
      const battery = [...conformanceBattery(provider), ...(options.extraSchemas ?? [])];
      test.each(battery.map((s) => [s.name, s.schema] as const))('%s', async (_name, schema) => {
        const { connection } = await session();
        await migrate(connection, schema);
        await expectInSync(connection, schema);
        // And back to empty: everything strata created goes away again (extensions too).
        const empty = { ...schema, tables: [], enums: [], extensions: [] };
        await migrate(connection, empty);
        await expectInSync(connection, empty);
      });
    });

    area('psl-round-trip', () => {
      test.each(pslBatteryTexts(provider).map((s) => [s.name, s.text] as const))('%s', async (name, text) => {
        const schema = lowerPsl(text, provider, `${name}.prisma`);
        const { connection } = await session();
        await migrate(connection, schema);
        await expectInSync(connection, schema);
      });
    });

    area('evolution', () => {
      test('columns added, dropped and altered keep the other values', async () => {
        const { connection } = await session();
        await migrate(connection, blogSchema(b));
        await connection.execute(`INSERT INTO ${q('User')} (${q('email')}, ${q('name')}) VALUES ('a@x.io', 'Ada');`);
        await connection.execute(`INSERT INTO ${q('Post')} (${q('title')}, ${q('authorId')}) VALUES ('Hello', 1);`);
        const evolved = blogSchema(b);
        const next = {
          ...evolved,
          tables: evolved.tables.map((t) =>
            t.name === 'User'
              ? {
                  ...t,
                  columns: [
                    ...t.columns.filter((c) => c.name !== 'active'),
                    b.column('bio', 'String', { nullable: true }),
                    b.column('visits', 'Int', { default: { kind: 'number', value: '0' } }),
                  ],
                }
              : t,
          ),
        };
        await migrate(connection, next);
        await expectInSync(connection, next);
        const rows = await connection.query<{ email: string; name: string; visits: number | string }>(
          `SELECT ${q('email')}, ${q('name')}, ${q('visits')} FROM ${q('User')}`,
        );
        expect(rows.map((r) => [r.email, r.name, Number(r.visits)])).toEqual([['a@x.io', 'Ada', 0]]);
        const posts = await connection.query<{ title: string }>(`SELECT ${q('title')} FROM ${q('Post')}`);
        expect(posts.map((p) => p.title)).toEqual(['Hello']);
      });
    });

    area('renames', () => {
      test('a column rename keeps its values; a table rename keeps its rows', async () => {
        const { connection } = await session();
        await migrate(connection, usersSchema(b));
        await connection.execute(`INSERT INTO ${q('User')} (${q('email')}, ${q('name')}) VALUES ('r@x.io', 'Rita');`);
        const renamed = usersSchema(b);
        const target = {
          ...renamed,
          tables: renamed.tables.map((t) => ({
            ...t,
            columns: t.columns.map((c) => (c.name === 'name' ? { ...c, name: 'displayName' } : c)),
          })),
        };
        const current = await connection.introspect();
        const resolution = await resolveRenames(
          current,
          target,
          hintResolver([parseRenameHint('User.name=displayName')]),
          {
            hooks,
          },
        );
        expect(resolution.decisions).toHaveLength(1);
        await migrate(connection, target, { renames: resolution.decisions });
        await expectInSync(connection, target);
        const rows = await connection.query<{ displayName: string }>(`SELECT ${q('displayName')} FROM ${q('User')}`);
        expect(rows.map((r) => r.displayName)).toEqual(['Rita']);

        // The table too: its primary key and index names follow Prisma's rules for the new name.
        const member = usersSchema(b, [], 'Member');
        const memberTarget = {
          ...member,
          tables: member.tables.map((t) => ({
            ...t,
            columns: t.columns.map((c) => (c.name === 'name' ? { ...c, name: 'displayName' } : c)),
          })),
        };
        const live = await connection.introspect();
        const tableRename = await resolveRenames(live, memberTarget, hintResolver([parseRenameHint('User=Member')]), {
          hooks,
        });
        expect(tableRename.decisions.map((d) => d.kind)).toEqual(['table', 'index']);
        await migrate(connection, memberTarget, { renames: tableRename.decisions });
        await expectInSync(connection, memberTarget);
        const members = await connection.query<{ displayName: string }>(
          `SELECT ${q('displayName')} FROM ${q('Member')}`,
        );
        expect(members.map((r) => r.displayName)).toEqual(['Rita']);
      });
    });

    area('enums', () => {
      test('values are added and removed (native enums only)', async () => {
        if (!provider.capabilities.nativeEnums) {
          console.log(`conformance ${provider.id}: enum changes skipped (no native enums)`);
          return;
        }
        const { connection } = await session();
        await migrate(connection, enumSchema(b, ['USER', 'ADMIN']));
        await connection.execute(`INSERT INTO ${q('Account')} (${q('id')}, ${q('role')}) VALUES (1, 'ADMIN');`);
        await migrate(connection, enumSchema(b, ['USER', 'ADMIN', 'GUEST']));
        await expectInSync(connection, enumSchema(b, ['USER', 'ADMIN', 'GUEST']));
        await migrate(connection, enumSchema(b, ['USER', 'ADMIN']));
        await expectInSync(connection, enumSchema(b, ['USER', 'ADMIN']));
        const rows = await connection.query<{ role: string }>(`SELECT ${q('role')} FROM ${q('Account')}`);
        expect(rows.map((r) => r.role)).toEqual(['ADMIN']);
      });
    });

    area('indexes-and-foreign-keys', () => {
      test('indexes and foreign keys are added, changed and dropped', async () => {
        const { connection } = await session();
        const base = blogSchema(b);
        await migrate(connection, base);
        const changed = {
          ...base,
          tables: base.tables.map((t) =>
            t.name === 'Post'
              ? {
                  ...t,
                  indexes: [b.index('Post', ['title']), b.unique('Post', ['authorId', 'title'])],
                  foreignKeys: t.foreignKeys.map((fk) =>
                    fk.columns[0] === 'authorId' ? { ...fk, onDelete: 'Cascade' as const } : fk,
                  ),
                }
              : t,
          ),
        };
        await migrate(connection, changed);
        await expectInSync(connection, changed);
        const withoutKeys = {
          ...changed,
          tables: changed.tables.map((t) => (t.name === 'Post' ? { ...t, indexes: [], foreignKeys: [] } : t)),
        };
        await migrate(connection, withoutKeys);
        await expectInSync(connection, withoutKeys);
      });
    });

    area('warnings', () => {
      test('row counts decide: a required column on an empty table is fine; a dropped column is reported with its count and blocks only when it holds data', async () => {
        const { connection } = await session();
        const base = blogSchema(b);
        await migrate(connection, base);
        const from = await connection.introspect();
        const target = {
          ...base,
          tables: base.tables.map((t) =>
            t.name === 'User'
              ? { ...t, columns: [...t.columns.filter((c) => c.name !== 'name'), b.column('required', 'String')] }
              : t,
          ),
        };
        const changes = diff(from, target, { hooks });
        const linted = lintChanges(changes, from, target);
        expect(linted.map((w) => w.code).sort()).toEqual(['add-required-column-no-default', 'drop-column']);
        // empty table: the would-fail warning goes, the data-loss one stays (0 rows) so the artifacts show it
        const empty = await evaluateWarnings(linted, { probe: connection.probe, from });
        expect(empty.map((w) => [w.code, w.rows])).toEqual([['drop-column', 0]]);
        expect(blockingWarnings(empty, false)).toEqual([]);
        await connection.execute(`INSERT INTO ${q('User')} (${q('email')}, ${q('name')}) VALUES ('w@x.io', 'Walt');`);
        await connection.execute(`INSERT INTO ${q('User')} (${q('email')}) VALUES ('v@x.io');`);
        const evaluated = await evaluateWarnings(linted, { probe: connection.probe, from });
        expect(evaluated.map((w) => [w.code, w.rows]).sort()).toEqual([
          ['add-required-column-no-default', 2],
          ['drop-column', 1],
        ]);
        expect(
          blockingWarnings(evaluated, false)
            .map((w) => w.code)
            .sort(),
        ).toEqual(['add-required-column-no-default', 'drop-column']);
      });
    });

    area('history', () => {
      test('rows are inserted, listed oldest first and updated', async () => {
        const { connection } = await session();
        expect(await connection.history.exists()).toBe(false);
        await connection.history.ensure();
        await connection.history.ensure();
        expect(await connection.history.exists()).toBe(true);
        const first = historyRow(
          provider.id,
          '20260101000000_first',
          'SELECT 1;',
          new Date('2026-01-01T00:00:00.000Z'),
        );
        const second = historyRow(
          provider.id,
          '20260102000000_second',
          'SELECT 2;',
          new Date('2026-01-02T00:00:00.000Z'),
        );
        await connection.history.insert(first);
        await connection.history.insert(second);
        const finishedAt = new Date('2026-01-02T00:00:05.000Z');
        await connection.history.update(second.id, { finishedAt, appliedStepsCount: 1, logs: 'ok' });
        const rows = await connection.history.list();
        expect(rows.map((r) => r.migrationName)).toEqual(['20260101000000_first', '20260102000000_second']);
        expect(rows[0]).toMatchObject({
          id: first.id,
          checksum: first.checksum,
          kind: 'apply',
          rebuildRequired: false,
        });
        expect(rows[0]?.finishedAt).toBeUndefined();
        expect(rows[1]?.finishedAt?.getTime()).toBe(finishedAt.getTime());
        expect(rows[1]).toMatchObject({ appliedStepsCount: 1, logs: 'ok' });
        expect(await connection.history.readPrismaHistory()).toBeUndefined();
      });
    });

    area('reset', () => {
      test('reset drops what planReset lists, every table and enum and the history included, and returns that list', async () => {
        const { connection } = await session();
        const target = enumSchema(b, ['USER', 'ADMIN']);
        await migrate(connection, target);
        const plan = await connection.planReset();
        const listed = (kind: string) =>
          plan
            .filter((o) => o.kind === kind && o.dependsOn === undefined)
            .map((o) => qualifiedName(o))
            .sort();
        expect(listed('table')).toEqual(target.tables.map((t) => qualifiedName(t)).sort());
        expect(listed('enum')).toEqual(target.enums.map((e) => qualifiedName(e)).sort());
        expect(listed('history-table')).toEqual(['_strata_migrations']);
        expect(await connection.reset()).toEqual(plan);
        const after = await connection.introspect();
        expect(after.tables).toEqual([]);
        expect(after.enums).toEqual([]);
        expect(await connection.history.exists()).toBe(false);
        expect(await connection.planReset()).toEqual([]);
      });
    });

    area('locking', () => {
      test('the lock is exclusive and released', async () => {
        const { connection, database } = await session();
        const release = await connection.lock({ timeoutMs: 5_000 });
        if (options.supportsConcurrentSessions === false) {
          console.log(`conformance ${provider.id}: lock contention skipped (no concurrent sessions on this backend)`);
        } else {
          const other = await openDatabase(provider, database.url, options.connectOptions);
          try {
            await expect(other.lock({ timeoutMs: 300 })).rejects.toMatchObject({ code: 'lock-timeout' });
            await release();
            const again = await other.lock({ timeoutMs: 5_000 });
            await again();
          } finally {
            await other.close();
          }
        }
        await release();
        const reacquired = await connection.lock({ timeoutMs: 5_000 });
        await reacquired();
      });
    });
  });
}

export function historyRow(provider: string, migrationName: string, sql: string, startedAt = new Date()): HistoryRow {
  return {
    id: randomUUID(),
    migrationName,
    checksum: createHash('sha256').update(sql).digest('hex'),
    provider,
    startedAt,
    appliedStepsCount: 0,
    rebuildRequired: false,
    kind: 'apply',
  };
}
