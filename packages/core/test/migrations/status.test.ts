import { describe, expect, test } from '@jest/globals';
import type { Change } from '../../src/diff/changes.js';
import { describeChange } from '../../src/diff/describe.js';
import { toCrlf } from '../../src/migrations/checksum.js';
import { assembleMigrationsFolder } from '../../src/migrations/migrations-folder.js';
import { computeStatus, deployBlockers } from '../../src/migrations/status.js';
import { appliedRow, prismaFolder, strataFolder } from './helpers.js';

const A = '20260101000000_a';
const B = '20260102000000_b';
const C = '20260103000000_c';
const sqlOf = (name: string): string => `-- CreateTable\nCREATE TABLE "${name}" ("id" INTEGER);\n`;
const lock = 'provider = "postgresql"\n';

function folder(...entries: ReturnType<typeof strataFolder>[]) {
  return assembleMigrationsFolder('/m', lock, entries);
}

const codes = (status: ReturnType<typeof computeStatus>) => status.problems.map((p) => p.code);

describe('computeStatus', () => {
  test('in sync: every local migration applied, nothing pending, no problem', () => {
    const local = folder(strataFolder(A), strataFolder(B));
    const history = [appliedRow(A, sqlOf(A)), appliedRow(B, sqlOf(B))];
    const status = computeStatus(local, history, { changes: [], unmanaged: [] }, { provider: 'postgresql' });
    expect(status.problems).toEqual([]);
    expect(status.applied.map((m) => m.name)).toEqual([A, B]);
    expect(status.pending).toEqual([]);
    expect(status.inSync).toBe(true);
  });

  test('pending migrations are listed and not in sync', () => {
    const status = computeStatus(folder(strataFolder(A), strataFolder(B)), [appliedRow(A, sqlOf(A))]);
    expect(status.pending.map((m) => m.name)).toEqual([B]);
    expect(status.problems).toEqual([]);
    expect(status.inSync).toBe(false);
  });

  test('checksum-mismatch: migration.sql edited after it was applied; CRLF-only difference is not an edit', () => {
    const edited = computeStatus(folder(strataFolder(A, `${sqlOf(A)}-- edited\n`)), [appliedRow(A, sqlOf(A))]);
    expect(codes(edited)).toEqual(['checksum-mismatch']);
    expect(edited.problems[0]?.fix).toContain('Restore');
    const crlf = computeStatus(folder(prismaFolder(A, toCrlf(sqlOf(A)))), [appliedRow(A, sqlOf(A))]);
    expect(codes(crlf)).toEqual(['missing-snapshot']);
  });

  test('checksum-mismatch: another reviewed artifact edited after it was applied', () => {
    const original = strataFolder(A);
    const row = appliedRow(A, sqlOf(A), {
      artifactsChecksum: computeStatus(folder(original), []).pending[0]?.artifactsChecksum,
    });
    const files = { ...original.files, 'after.prisma': new TextEncoder().encode('model Edited {}\n') };
    const status = computeStatus(folder({ ...original, files }), [row]);
    expect(codes(status)).toEqual(['checksum-mismatch']);
    expect(status.problems[0]?.message).toContain('artifact');
  });

  test('applied-migration-missing-locally', () => {
    const status = computeStatus(folder(strataFolder(A)), [
      appliedRow(A, sqlOf(A)),
      appliedRow(B, sqlOf(B), { afterSchema: 'model B {}' }),
    ]);
    expect(codes(status)).toEqual(['applied-migration-missing-locally']);
    expect(status.problems[0]?.migration).toBe(B);
    expect(status.problems[0]?.fix).toContain('rollback');
  });

  test('failed-migration, then resolved as applied or rolled back', () => {
    const failed = appliedRow(B, sqlOf(B), { finishedAt: undefined, logs: 'ERROR: relation "x" does not exist\nmore' });
    const local = folder(strataFolder(A), strataFolder(B));
    const status = computeStatus(local, [appliedRow(A, sqlOf(A)), failed]);
    expect(codes(status)).toEqual(['failed-migration']);
    expect(status.problems[0]?.message).toContain('relation "x" does not exist');
    expect(status.problems[0]?.fix).toContain('strata migrate resolve --applied');
    expect(deployBlockers(status).map((p) => p.code)).toEqual(['failed-migration']);

    const rolledBack = { ...failed, rolledBackAt: new Date() };
    const afterRollBack = computeStatus(local, [appliedRow(A, sqlOf(A)), rolledBack]);
    expect(afterRollBack.problems).toEqual([]);
    expect(afterRollBack.pending.map((m) => m.name)).toEqual([B]);
    expect(afterRollBack.rolledBack).toEqual([B]);

    const afterApplied = computeStatus(local, [
      appliedRow(A, sqlOf(A)),
      rolledBack,
      appliedRow(B, sqlOf(B), { kind: 'resolve' }),
    ]);
    expect(afterApplied.inSync).toBe(true);
  });

  test('a rollback row makes the migration pending again; applying it again makes it applied', () => {
    const local = folder(strataFolder(A), strataFolder(B));
    const rows = [
      appliedRow(A, sqlOf(A)),
      appliedRow(B, sqlOf(B), { rolledBackAt: new Date() }),
      appliedRow(B, 'down', { kind: 'rollback' }),
    ];
    expect(computeStatus(local, rows).pending.map((m) => m.name)).toEqual([B]);
    expect(computeStatus(local, [...rows, appliedRow(B, sqlOf(B))]).inSync).toBe(true);
    const failedRollback = computeStatus(local, [
      ...rows.slice(0, 2),
      appliedRow(B, 'down', { kind: 'rollback', finishedAt: undefined }),
    ]);
    expect(codes(failedRollback)).toEqual(['failed-migration']);
    expect(failedRollback.problems[0]?.message).toContain('rollback');
  });

  test('out-of-order: a pending migration sorting before the last applied one', () => {
    const status = computeStatus(folder(strataFolder(A), strataFolder(B), strataFolder(C)), [
      appliedRow(A, sqlOf(A)),
      appliedRow(C, sqlOf(C)),
    ]);
    expect(codes(status)).toEqual(['out-of-order']);
    expect(status.problems[0]).toMatchObject({ migration: B, severity: 'warning' });
    expect(deployBlockers(status)).toEqual([]);
  });

  test('missing-snapshot: the last applied migration is a Prisma migration', () => {
    const status = computeStatus(folder(prismaFolder(A)), [appliedRow(A, `CREATE TABLE "${A}" ("id" INTEGER);\n`)]);
    expect(codes(status)).toEqual(['missing-snapshot']);
    expect(status.problems[0]?.severity).toBe('info');
    expect(status.inSync).toBe(true);
    const recorded = computeStatus(folder(prismaFolder(A)), [
      appliedRow(A, `CREATE TABLE "${A}" ("id" INTEGER);\n`, { afterSchema: 'model X {}' }),
    ]);
    expect(recorded.problems).toEqual([]);
  });

  test('invalid-local-artifacts: with the path and what is missing', () => {
    const broken = {
      ...strataFolder(B),
      files: {
        'migration.sql': strataFolder(B).files['migration.sql'],
        'metadata.txt': strataFolder(B).files['metadata.txt'],
      },
    };
    const status = computeStatus(folder(strataFolder(A), broken), [appliedRow(A, sqlOf(A))]);
    expect(codes(status)).toEqual(['invalid-local-artifacts']);
    expect(status.problems[0]?.message).toContain(`/m/${B}`);
    expect(status.problems[0]?.message).toContain('before.prisma is missing');
    const badLock = computeStatus(assembleMigrationsFolder('/m', 'junk', []), []);
    expect(codes(badLock)).toEqual(['invalid-local-artifacts']);
  });

  test('drift: each difference in words; unmanaged objects listed apart', () => {
    const change: Change = {
      kind: 'AlterTable',
      name: 'User',
      from: { name: 'User', columns: [], indexes: [], foreignKeys: [] },
      to: { name: 'User', columns: [], indexes: [], foreignKeys: [] },
      changes: [
        { kind: 'AddColumn', column: { name: 'nickname', type: { scalar: 'String', native: 'TEXT' }, nullable: true } },
      ],
    };
    const status = computeStatus(folder(strataFolder(A)), [appliedRow(A, sqlOf(A))], {
      changes: [change, { kind: 'DropTable', table: { name: 'Old', columns: [], indexes: [], foreignKeys: [] } }],
      unmanaged: [{ kind: 'view', name: 'ActiveUsers' }],
      expectedFrom: A,
    });
    expect(codes(status)).toEqual(['drift']);
    expect(status.problems[0]?.differences).toEqual(['add column User.nickname TEXT (optional)', 'drop table Old']);
    expect(status.unmanaged).toEqual([{ kind: 'view', name: 'ActiveUsers' }]);
    expect(deployBlockers(status)).toEqual([]);
  });

  test('provider-mismatch: lock file, metadata and history rows against the provider', () => {
    expect(codes(computeStatus(folder(), [], undefined, { provider: 'sqlite' }))).toEqual(['provider-mismatch']);
    expect(codes(computeStatus(folder(), [], undefined, { provider: 'postgres' }))).toEqual([]);
    const sqliteRow = appliedRow(A, sqlOf(A), { provider: 'sqlite' });
    expect(codes(computeStatus(folder(strataFolder(A)), [sqliteRow]))).toEqual(['provider-mismatch']);
  });
});

describe('describeChange', () => {
  test('says each change in words', () => {
    const col = {
      name: 'role',
      type: { scalar: 'Enum' as const, native: 'Role', enum: { name: 'Role' } },
      nullable: false,
      default: { kind: 'enum' as const, value: 'USER' },
    };
    expect(describeChange({ kind: 'CreateEnum', enum: { name: 'Role', values: ['USER', 'ADMIN'] } })).toEqual([
      'create enum Role (USER, ADMIN)',
    ]);
    expect(describeChange({ kind: 'RenameTable', from: 'A', to: 'B' })).toEqual(['rename table A to B']);
    expect(
      describeChange({
        kind: 'AlterTable',
        name: 'User',
        from: { name: 'User', columns: [col], indexes: [], foreignKeys: [] },
        to: { name: 'User', columns: [col], indexes: [], foreignKeys: [] },
        changes: [
          { kind: 'RenameColumn', from: 'username', to: 'displayName' },
          {
            kind: 'AlterColumn',
            name: 'role',
            from: { ...col, nullable: true },
            to: col,
            changed: ['nullability', 'default'],
          },
          { kind: 'CreateIndex', index: { name: 'User_role_idx', unique: false, columns: [{ name: 'role' }] } },
          {
            kind: 'AddForeignKey',
            foreignKey: {
              name: 'User_teamId_fkey',
              columns: ['teamId'],
              referencedTable: 'Team',
              referencedColumns: ['id'],
              onDelete: 'Cascade',
              onUpdate: 'Cascade',
            },
          },
        ],
      }),
    ).toEqual([
      'rename column User.username to displayName',
      'alter column User.role: now required, default USER -> USER',
      'create index User_role_idx (role) on User',
      'add foreign key User_teamId_fkey User(teamId) -> Team(id)',
    ]);
  });
});
