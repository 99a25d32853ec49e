/**
 * A `Database`: the provider's connection with core's executor and history store on top. Every
 * workflow works on one (`openDatabase`), so that running a script and keeping the history follow
 * one set of rules whatever the provider.
 */
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { describeFailedStatement } from '../migrations/failed-statement.js';
import type { HistoryRow } from '../migrations/history-row.js';
import type { Connection, ConnectOptions, DataProbe, Provider, Release, ResetObject } from '../provider/contract.js';
import type { DatabaseSchema } from '../sql/ir.js';
import { type ApplyResult, type MigrationScript, type RunOptions, runScript } from './executor.js';
import { createHistoryStore, type HistoryStore } from './history-store.js';

export interface Database {
  /** The provider id (`postgresql`), as recorded in history rows. */
  readonly provider: string;
  /** The provider's connection, for what only it can do. */
  readonly connection: Connection;
  readonly displayUrl: string;
  readonly created: boolean;
  readonly history: HistoryStore;
  readonly probe: DataProbe;
  introspect(): Promise<DatabaseSchema>;
  lock(options: { readonly timeoutMs: number }): Promise<Release>;
  planReset(): Promise<ResetObject[]>;
  reset(): Promise<ResetObject[]>;
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a migration and records it under `row` (see `runScript`). */
  apply(script: MigrationScript, row: HistoryRow, options?: Omit<RunOptions, 'record'>): Promise<ApplyResult>;
  /** Runs a script by the executor's rules without a history row (`db push`). */
  run(script: MigrationScript): Promise<ApplyResult>;
  /**
   * Runs SQL text statement by statement, each on its own (`db execute`, test fixtures); throws
   * at the first failure, naming the statement.
   */
  execute(sql: string): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(provider: Provider, url: string, options: ConnectOptions = {}): Promise<Database> {
  return databaseOf(provider, await provider.connect(url, options));
}

export function databaseOf(provider: Provider, connection: Connection | Database): Database {
  if (isDatabase(connection)) return connection;
  const history = createHistoryStore(connection, provider);
  return {
    provider: connection.provider,
    connection,
    displayUrl: connection.displayUrl,
    created: connection.created === true,
    history,
    probe: connection.probe,
    introspect: () => connection.introspect(),
    lock: (options) => connection.lock(options),
    planReset: () => connection.planReset(),
    reset: () => connection.reset(),
    query: (sql, params) => connection.query(sql, params),
    apply: (script, row, options = {}) =>
      runScript(connection, provider, script, { ...options, record: { row, history } }),
    run: (script) => runScript(connection, provider, script),
    async execute(sql) {
      const result = await runScript(connection, provider, { name: 'script', sql, transactional: false });
      if (result.ok) return;
      if ((result.cause as { isStrataError?: unknown } | null)?.isStrataError === true) throw result.cause;
      const where =
        result.statement === undefined ? '' : ` at ${describeFailedStatement(result.statement, 'the script')}`;
      throw new StrataError(ErrorCodes.executeFailed, `${result.error}${where}`, {
        details: {
          error: result.error,
          appliedSteps: result.appliedSteps,
          ...(result.statement === undefined ? {} : { statement: result.statement }),
        },
        cause: result.cause,
      });
    },
    close: () => connection.close(),
  };
}

export function isDatabase(value: Connection | Database): value is Database {
  return 'history' in value && 'execute' in value;
}
