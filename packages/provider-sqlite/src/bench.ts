/**
 * Benchmark (not a test): the cost of a table rebuild as the emitter writes it, against the
 * floor any rebuild has to pay, a plain `INSERT INTO ... SELECT` of the same rows into a table of
 * the same shape, in the same process and database. Used by the repository's bench scenarios.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Change, Table } from '@strata/core';
import { connect } from './connection.js';
import { emit } from './emit.js';

export interface RebuildBenchResult {
  readonly rows: number;
  /** The emitter's RedefineTables script, applied through `Connection.apply` (FK check included). */
  readonly rebuildMs: number;
  /** CREATE TABLE + INSERT INTO ... SELECT of the same rows, in one transaction. */
  readonly plainCopyMs: number;
  readonly ratio: number;
}

export async function benchRebuild(rows = 1_000_000): Promise<RebuildBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'strata-bench-rebuild-'));
  const connection = await connect(`file:${path.join(dir, 'bench.db')}`, { createIfMissing: true });
  try {
    await connection.execute(`CREATE TABLE "Item" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "qty" INTEGER NOT NULL,
    "price" REAL,
    "note" TEXT
);
INSERT INTO "Item" ("name", "qty", "price", "note")
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows})
  SELECT 'item ' || i, i % 100, CASE WHEN i % 10 = 0 THEN NULL ELSE i * 0.5 END, 'note ' || (i % 1000) FROM n;`);

    // The floor: copy the same rows into a table of the same shape. Run once untimed first, so
    // that both measured runs find the file grown and its freed pages ready for reuse.
    const copyOnce = async (): Promise<number> => {
      const started = performance.now();
      await connection.execute(`BEGIN;
CREATE TABLE "Copy" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL, "qty" INTEGER NOT NULL, "price" REAL NOT NULL DEFAULT 0, "note" TEXT);
INSERT INTO "Copy" ("id", "name", "note", "price", "qty") SELECT "id", "name", "note", coalesce("price", 0), "qty" FROM "Item";
COMMIT;`);
      const elapsed = performance.now() - started;
      await connection.execute('DROP TABLE "Copy"');
      return elapsed;
    };
    await copyOnce();
    const plainCopyMs = await copyOnce();

    // The rebuild: make "price" required with a default, which SQLite cannot ALTER.
    const before = await connection.introspect();
    const from = before.tables.find((t) => t.name === 'Item') as Table;
    const to: Table = {
      ...from,
      columns: from.columns.map((c) =>
        c.name === 'price' ? { ...c, nullable: false, default: { kind: 'number', value: '0' } } : c,
      ),
    };
    const price = to.columns.find((c) => c.name === 'price');
    const change: Change = {
      kind: 'AlterTable',
      name: 'Item',
      from,
      to,
      changes: [
        {
          kind: 'AlterColumn',
          name: 'price',
          from: from.columns.find((c) => c.name === 'price')!,
          to: price!,
          changed: ['nullability', 'default'],
        },
      ],
    };
    const after = { ...before, tables: [to] };
    const sql = emit([change], { from: before, to: after })
      .map((s) => `-- ${s.step}\n${s.sql}`)
      .join('\n\n');
    const rebuildStarted = performance.now();
    const result = await connection.apply(
      { name: 'bench_rebuild', sql, transactional: true },
      {
        id: randomUUID(),
        migrationName: 'bench_rebuild',
        checksum: '0'.repeat(64),
        provider: 'sqlite',
        startedAt: new Date(),
        appliedStepsCount: 0,
        rebuildRequired: true,
        kind: 'apply',
      },
    );
    const rebuildMs = performance.now() - rebuildStarted;
    if (!result.ok) throw new Error(`rebuild failed: ${result.error}`);
    return { rows, rebuildMs, plainCopyMs, ratio: rebuildMs / plainCopyMs };
  } finally {
    await connection.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
