/**
 * Benchmark (not a test): the cost of a table rebuild as the emitter writes it, against the
 * floor any rebuild has to pay, a plain `INSERT INTO ... SELECT` of the same rows into a table of
 * the same shape, in the same process and database. Used by the repository's bench scenarios.
 *
 * Fairness: the same rows, the same SELECT expressions, the same table shape (no secondary
 * indexes on either side), the same connection and pragmas (the copy runs with the page cache
 * `apply` gives a rebuild). What the rebuild pays on top is its own: DROP TABLE of the old table,
 * the sqlite_sequence carry-over, the RENAME, `PRAGMA foreign_key_check`, the history row.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Change, openDatabase, type Table } from '@strata/core';
import { rebuildCacheSize } from './connection.js';
import { emit } from './emit.js';
import { provider } from './index.js';

export interface RebuildBenchResult {
  readonly rows: number;
  /** Median over the rounds: the emitter's RedefineTables script through `Connection.apply` (FK check and history row included). */
  readonly rebuildMs: number;
  /** Median over the rounds: CREATE TABLE + INSERT INTO ... SELECT of the same rows into the same shape, in one transaction. */
  readonly plainCopyMs: number;
  readonly ratio: number;
  /** Every measurement, in the order taken (rounds alternate copy then rebuild). */
  readonly rounds: readonly { readonly plainCopyMs: number; readonly rebuildMs: number }[];
  /** Creating `_strata_migrations` (once per database, before the first migration): not part of a rebuild. */
  readonly historySetupMs: number;
}

export interface RebuildBenchOptions {
  /**
   * Alternating (copy, rebuild) rounds; the medians are reported. One sample of each is at the
   * mercy of whatever else the machine does; alternation spreads that over both sides.
   */
  readonly rounds?: number;
}

const CREATE_ITEM = (name: string, priceRequired: boolean) => `CREATE TABLE "${name}" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "qty" INTEGER NOT NULL,
    "price" REAL${priceRequired ? ' NOT NULL DEFAULT 0' : ''},
    "note" TEXT
)`;

export async function benchRebuild(rows = 1_000_000, options: RebuildBenchOptions = {}): Promise<RebuildBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'strata-bench-rebuild-'));
  const connection = await openDatabase(provider, `file:${path.join(dir, 'bench.db')}`, { createIfMissing: true });
  try {
    await connection.execute(`${CREATE_ITEM('Item', false)};
INSERT INTO "Item" ("name", "qty", "price", "note")
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows})
  SELECT 'item ' || i, i % 100, CASE WHEN i % 10 = 0 THEN NULL ELSE i * 0.5 END, 'note ' || (i % 1000) FROM n;`);
    const historyStarted = performance.now();
    await connection.history.ensure();
    const historySetupMs = performance.now() - historyStarted;

    // Same pragmas on both sides: the copy runs with the page cache `apply` gives a rebuild.
    const [size] = await connection.query<{ bytes: number }>(
      'SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()',
    );
    const [defaultCache] = await connection.query<{ cache_size: number }>('PRAGMA cache_size');

    // The floor: copy the same rows, with the same expressions, into a table of the same shape.
    // Run once untimed first, so that every measured run finds the file grown and its freed pages
    // ready for reuse, as the rebuild does.
    const copyOnce = async (priceRequired: boolean): Promise<number> => {
      const price = priceRequired ? 'coalesce("price", 0)' : '"price"';
      await connection.execute(`PRAGMA cache_size=${rebuildCacheSize(size?.bytes ?? 0)}`);
      const started = performance.now();
      await connection.execute(`BEGIN;
${CREATE_ITEM('Copy', priceRequired)};
INSERT INTO "Copy" ("id", "name", "note", "price", "qty") SELECT "id", "name", "note", ${price}, "qty" FROM "Item";
COMMIT;`);
      const elapsed = performance.now() - started;
      await connection.execute(`PRAGMA cache_size=${defaultCache?.cache_size ?? -2000}`);
      await connection.execute('DROP TABLE "Copy"');
      return elapsed;
    };

    // The rebuild: make "price" required with a default (or optional again), which SQLite cannot ALTER.
    const rebuildOnce = async (priceRequired: boolean, round: number): Promise<number> => {
      const before = await connection.introspect();
      const from = before.tables.find((t) => t.name === 'Item') as Table;
      const to: Table = {
        ...from,
        columns: from.columns.map((c) => {
          if (c.name !== 'price') return c;
          const { default: _old, ...rest } = c;
          return priceRequired
            ? { ...rest, nullable: false, default: { kind: 'number', value: '0' } }
            : { ...rest, nullable: true };
        }),
      };
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
            to: to.columns.find((c) => c.name === 'price')!,
            changed: ['nullability', 'default'],
          },
        ],
      };
      const sql = emit([change], { from: before, to: { ...before, tables: [to] } })
        .map((s) => `-- ${s.step}\n${s.sql}`)
        .join('\n\n');
      const name = `bench_rebuild_${round}`;
      const started = performance.now();
      const result = await connection.apply(
        { name, sql, transactional: true },
        {
          id: randomUUID(),
          migrationName: name,
          checksum: '0'.repeat(64),
          provider: 'sqlite',
          startedAt: new Date(),
          appliedStepsCount: 0,
          rebuildRequired: true,
          kind: 'apply',
        },
      );
      const elapsed = performance.now() - started;
      if (!result.ok) throw new Error(`rebuild failed: ${result.error}`);
      return elapsed;
    };

    await copyOnce(true);
    const rounds: { plainCopyMs: number; rebuildMs: number }[] = [];
    for (let round = 0; round < (options.rounds ?? 5); round += 1) {
      // Even rounds make "price" required, odd rounds optional again: both are full rebuilds.
      const priceRequired = round % 2 === 0;
      const plainCopyMs = await copyOnce(priceRequired);
      const rebuildMs = await rebuildOnce(priceRequired, round);
      rounds.push({ plainCopyMs, rebuildMs });
    }
    const rebuildMs = median(rounds.map((r) => r.rebuildMs));
    const plainCopyMs = median(rounds.map((r) => r.plainCopyMs));
    return { rows, rebuildMs, plainCopyMs, ratio: rebuildMs / plainCopyMs, rounds, historySetupMs };
  } finally {
    await connection.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
