/**
 * The one executor: every script strata runs against a database (a migration, a rollback, a
 * `db push`, a `db execute` script) goes through `runScript`. It splits the script with the
 * provider's splitter, decides once whether it runs in one transaction, runs the statements one
 * by one (so a failure names its statement), lets the provider act around it (`prepareScript`),
 * and keeps the history row: in the script's transaction when it has one, after each statement
 * when it has not (`applied_steps_count`, so that a partial failure can be resumed).
 */
import { maskSecrets } from '../errors/strata-error.js';
import { type FailedStatement, failedStatement, failureLogs } from '../migrations/failed-statement.js';
import type { HistoryRow } from '../migrations/history-row.js';
import type { Connection, Provider, ScriptStatement } from '../provider/contract.js';
import type { HistoryStore } from './history-store.js';

/** A script ready to run: exactly the bytes of migration.sql (or of a rollback, a push). */
export interface MigrationScript {
  readonly name: string;
  readonly sql: string;
  /**
   * False when the author asked for no transaction (a `-- strata:no-transaction` first line, or
   * metadata.txt). It runs in one transaction only when this is true, the provider has
   * `transactionalDdl` and its splitter marks no statement `transactional: false`.
   */
  readonly transactional: boolean;
}

export type ApplyResult =
  | { readonly ok: true; readonly appliedSteps: number; readonly durationMs: number; readonly transactional: boolean }
  | {
      readonly ok: false;
      /** The database's error as the provider describes it (secrets masked). */
      readonly error: string;
      /** Statements that stayed applied: 0 when it ran in a transaction. */
      readonly appliedSteps: number;
      readonly durationMs: number;
      /** Whether it ran in one transaction (then nothing of it stayed applied). */
      readonly transactional: boolean;
      /** The statement that failed, when the failure came from one (not from a check after the last). */
      readonly statement?: FailedStatement;
      /** What was thrown. */
      readonly cause: unknown;
    };

export interface RunOptions {
  /** Records the script under this row (absent: `db push`, `db execute`: no history). */
  readonly record?: { readonly row: HistoryRow; readonly history: HistoryStore };
  /**
   * Continues a script that ran outside a transaction and failed: its first `resumeFrom`
   * statements are applied already (the row's `appliedStepsCount`), and the row is updated, not inserted.
   */
  readonly resumeFrom?: number;
  /** Called before each statement with where it is (1-based index, its line in the script), for progress on long scripts. */
  readonly onStatement?: (statement: FailedStatement) => void;
}

/** Whether a script runs in one transaction: the author's flag, the dialect's, and every statement's. */
export function runsInTransaction(
  script: Pick<MigrationScript, 'transactional'>,
  provider: Pick<Provider, 'capabilities'>,
  statements: readonly ScriptStatement[],
): boolean {
  return (
    script.transactional &&
    provider.capabilities.transactionalDdl &&
    statements.every((statement) => statement.transactional !== false)
  );
}

export async function runScript(
  connection: Connection,
  provider: Provider,
  script: MigrationScript,
  options: RunOptions = {},
): Promise<ApplyResult> {
  const started = performance.now();
  const statements = provider.splitStatements(script.sql);
  const transactional = options.resumeFrom === undefined && runsInTransaction(script, provider, statements);
  const elapsed = (): number => Math.round(performance.now() - started);
  const describe = connection.describeError ?? ((error: unknown) => maskSecrets(messageOf(error)));
  const at = (index: number): FailedStatement | undefined => {
    const statement = statements[index];
    return statement === undefined
      ? undefined
      : failedStatement(script.sql, index + 1, statements.length, statement.start);
  };
  const record = options.record;
  await record?.history.ensure();
  const guard = await connection.prepareScript?.(statements);
  try {
    if (transactional) {
      // BEGIN and the row's insert run before any statement: when they fail, the script never
      // started (a locked or read-only database) and the error is the caller's, not a failed row.
      await connection.begin();
      let current = -1;
      try {
        await record?.history.insert({ ...record.row, appliedStepsCount: 0 });
        for (current = 0; current < statements.length; current++) {
          if (options.onStatement !== undefined) options.onStatement(at(current) as FailedStatement);
          await connection.exec((statements[current] as ScriptStatement).text);
        }
        await guard?.beforeCommit?.();
        await record?.history.update(record.row.id, { finishedAt: new Date(), appliedStepsCount: statements.length });
        await connection.commit();
      } catch (error) {
        await connection.rollback().catch(() => {});
        if (current === -1) throw error;
        const error_ = describe(error);
        const statement = at(current);
        // in its own (implicit) transaction: the script's was rolled back with its row
        await record?.history.insert({ ...record.row, appliedStepsCount: 0, logs: failureLogs(error_, statement) });
        return failure(error, error_, 0, statement);
      }
      return { ok: true, appliedSteps: statements.length, durationMs: elapsed(), transactional };
    }

    const from = options.resumeFrom ?? 0;
    if (record !== undefined && options.resumeFrom === undefined)
      await record.history.insert({ ...record.row, appliedStepsCount: 0 });
    let current = from;
    try {
      for (; current < statements.length; current++) {
        if (options.onStatement !== undefined) options.onStatement(at(current) as FailedStatement);
        await connection.exec((statements[current] as ScriptStatement).text);
        await record?.history.update(record.row.id, { appliedStepsCount: current + 1 });
      }
      await guard?.beforeCommit?.();
    } catch (error) {
      const error_ = describe(error);
      const statement = at(current);
      await record?.history.update(record.row.id, {
        appliedStepsCount: current,
        logs: failureLogs(error_, statement),
      });
      return failure(error, error_, current, statement);
    }
    await record?.history.update(record.row.id, { finishedAt: new Date(), appliedStepsCount: statements.length });
    return { ok: true, appliedSteps: statements.length, durationMs: elapsed(), transactional };
  } finally {
    await guard?.release();
  }

  function failure(cause: unknown, error: string, appliedSteps: number, statement: FailedStatement | undefined) {
    return {
      ok: false as const,
      error,
      appliedSteps,
      durationMs: elapsed(),
      transactional,
      cause,
      ...(statement === undefined ? {} : { statement }),
    };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
