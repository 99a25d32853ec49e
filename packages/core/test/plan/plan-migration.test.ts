/**
 * `planMigration` is the one planning path: it diffs with the provider's hooks and the rename
 * decisions, asks the provider for statements and notes once each, and decides once whether the
 * script runs in a transaction. The provider here is a plain object that records its calls: core
 * cannot depend on a provider package (the SQLite provider's suite checks that the plan is the
 * migration.sql `migrate dev` writes, on a real database).
 */
import { describe, expect, test } from '@jest/globals';
import type { Change, PlanningProvider, ProviderNote, Statement } from '../../src/index.js';
import { NO_TRANSACTION_MARKER, planMigration, renderMigrationScript } from '../../src/index.js';
import { schema, table, text } from '../helpers/ir-tables.js';

/** Emits one statement per change (an index built outside a transaction when `concurrently`) and counts calls. */
function recordingProvider(options: { concurrently?: boolean; notes?: readonly ProviderNote[] } = {}) {
  const calls = { emit: 0, explain: 0 };
  const provider: PlanningProvider = {
    capabilities: {
      transactionalDdl: true,
      nativeEnums: false,
      scalarLists: false,
      namespaces: false,
      foreignKeys: true,
      partialIndexes: false,
      maxIdentifierLength: 63,
    },
    diffHooks: {},
    emit: (changes: readonly Change[]): Statement[] => {
      calls.emit++;
      return changes.map((change) => ({
        step: change.kind,
        sql: `-- ${change.kind};`,
        source: change,
        ...(options.concurrently && change.kind === 'AlterTable' ? { transactional: false } : {}),
      }));
    },
    explain: () => {
      calls.explain++;
      return options.notes ?? [];
    },
  };
  return { provider, calls };
}

const before = schema([table('User', [{ name: 'name', type: text, nullable: true }])]);
const withIndex = schema([
  table('User', [{ name: 'name', type: text, nullable: true }], {
    indexes: [{ name: 'User_name_idx', columns: [{ name: 'name' }], unique: false }],
  }),
]);
const renamed = schema([table('User', [{ name: 'fullName', type: text, nullable: true }])]);

describe('planMigration', () => {
  test('asks the provider for statements and notes once per plan', async () => {
    const { provider, calls } = recordingProvider({
      notes: [{ code: 'sqlite-table-rebuild', severity: 'data-loss', message: 'User is rebuilt.', rebuild: true }],
    });
    const plan = await planMigration({ from: before, to: withIndex, provider, renames: [] });
    expect(calls).toEqual({ emit: 1, explain: 1 });
    expect(plan.statements).toHaveLength(1);
    expect(plan.notes.map((n) => n.code)).toEqual(['sqlite-table-rebuild']);
    expect(plan.warnings.map((w) => w.code)).toEqual(['sqlite-table-rebuild']);
    expect(plan.rebuildRequired).toBe(true);
    expect(plan.script).toBe(renderMigrationScript(plan.statements, plan.warnings));
  });

  test('is not transactional when a statement cannot run in a transaction, and its script says so', async () => {
    const { provider } = recordingProvider({ concurrently: true });
    const plan = await planMigration({ from: before, to: withIndex, provider, renames: [] });
    expect(plan.statements.map((s) => s.transactional)).toEqual([false]);
    expect(plan.transactional).toBe(false);
    expect(plan.script.split('\n')[0]).toBe(NO_TRANSACTION_MARKER);

    const plain = await planMigration({
      from: before,
      to: withIndex,
      provider: recordingProvider().provider,
      renames: [],
    });
    expect(plain.transactional).toBe(true);
    expect(plain.script).not.toContain(NO_TRANSACTION_MARKER);
  });

  test('an empty plan is the empty migration', async () => {
    const { provider, calls } = recordingProvider();
    const plan = await planMigration({ from: before, to: before, provider, renames: [] });
    expect(plan).toMatchObject({ changes: [], statements: [], warnings: [], transactional: true });
    expect(plan.script).toBe('-- This is an empty migration.\n');
    expect(calls).toEqual({ emit: 1, explain: 1 });
  });

  describe('renames', () => {
    const renameKinds = (changes: readonly Change[]) =>
      changes.flatMap((c) => (c.kind === 'AlterTable' ? c.changes.map((x) => x.kind) : [c.kind]));

    test('a resolver that says yes makes the rename and records the decision', async () => {
      const asked: string[] = [];
      const plan = await planMigration({
        from: before,
        to: renamed,
        provider: recordingProvider().provider,
        resolver: (candidate) => {
          asked.push(`${candidate.from} -> ${candidate.to}`);
          return true;
        },
      });
      expect(asked).toEqual(['name -> fullName']);
      expect(renameKinds(plan.changes)).toEqual(['RenameColumn']);
      expect(plan.renames).toEqual([expect.objectContaining({ kind: 'column', from: 'name', to: 'fullName' })]);
      expect(plan.declinedRenames).toEqual([]);
    });

    test('recorded decisions are replayed without asking', async () => {
      const first = await planMigration({
        from: before,
        to: renamed,
        provider: recordingProvider().provider,
        resolver: () => true,
      });
      const replayed = await planMigration({
        from: before,
        to: renamed,
        provider: recordingProvider().provider,
        renames: first.renames,
      });
      expect(replayed.changes).toEqual(first.changes);
      expect(replayed.script).toBe(first.script);
    });

    test('declined candidates become possible-rename warnings unless the workflow turns them off', async () => {
      const { provider } = recordingProvider();
      const plan = await planMigration({ from: before, to: renamed, provider });
      expect(renameKinds(plan.changes)).toEqual(['DropColumn', 'AddColumn']);
      expect(plan.declinedRenames).toHaveLength(1);
      expect(plan.warnings.map((w) => w.code)).toContain('possible-rename');
      expect(plan.script).toContain('renamed');

      const quiet = await planMigration({ from: before, to: renamed, provider, warnDeclinedRenames: false });
      expect(quiet.changes).toEqual(plan.changes);
      expect(quiet.warnings.map((w) => w.code)).not.toContain('possible-rename');
    });
  });
});
