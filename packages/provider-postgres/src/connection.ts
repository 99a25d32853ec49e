/**
 * A strata Connection to PostgreSQL: introspection, history, data inspection, the migration
 * lock, and `apply()`, which commits a migration and its history row together.
 */
import type { ApplyResult, Connection, ConnectOptions, HistoryRow, MigrationScript } from '@strata/core';
import { failedStatement, failureLogs, maskSecrets } from '@strata/core';
import { connectionError, createDatabase, openClient, probe, type Sql } from './client.js';
import { createHistoryStore, createHistoryTableSql, historyStatements } from './history.js';
import { createInspector } from './inspect.js';
import { introspect } from './introspect.js';
import { takeLock } from './lock.js';
import { needsNoTransaction, statementSpans } from './split.js';
import { quoteIdent } from './sql.js';
import { type ParsedUrl, parsePostgresUrl } from './url.js';

export const PROVIDER_ID = 'postgresql';

export async function connectPostgres(urlText: string, options: ConnectOptions = {}): Promise<Connection> {
  const url = parsePostgresUrl(urlText);
  const namespaces = options.namespaces && options.namespaces.length > 0 ? [...options.namespaces] : [url.schema];
  const defaultNamespace = namespaces.includes(url.schema) ? url.schema : namespaces[0]!;
  const searchPath = [defaultNamespace, ...namespaces.filter((n) => n !== defaultNamespace)];
  const open = (): Sql =>
    openClient(url, {
      searchPath,
      ...(options.statementTimeoutMs === undefined ? {} : { statementTimeoutMs: options.statementTimeoutMs }),
      ...(options.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: options.lockTimeoutMs }),
    });
  let sql = open();
  try {
    await probe(sql, url);
  } catch (error) {
    if (!options.createIfMissing || (error as { code?: string }).code !== 'database-missing') throw error;
    await createDatabase(url);
    sql = open();
    await probe(sql, url);
  }
  return createConnection(sql, url, namespaces, defaultNamespace);
}

function errorText(error: unknown): string {
  const e = error as { message?: string; detail?: string; position?: string };
  const text = [e.message ?? String(error), e.detail].filter(Boolean).join('\n');
  return maskSecrets(text);
}

function createConnection(sql: Sql, url: ParsedUrl, namespaces: string[], defaultNamespace: string): Connection {
  const history = createHistoryStore(sql, defaultNamespace, PROVIDER_ID);
  const rows = historyStatements(defaultNamespace);

  const apply = async (migration: MigrationScript, row: HistoryRow): Promise<ApplyResult> => {
    const started = performance.now();
    const spans = statementSpans(migration.sql);
    const elapsed = (): number => Math.round(performance.now() - started);
    // The failing statement is the one running when the error came (a script sent as one batch
    // would not say which it was): each is sent as written, one after the other.
    let current = 0;
    const failure = (error: unknown, transactional: boolean) => {
      const span = spans[current];
      const statement =
        span === undefined ? undefined : failedStatement(migration.sql, current + 1, spans.length, span.start);
      return { error: errorText(error), transactional, ...(statement === undefined ? {} : { statement }) };
    };
    await sql.unsafe(createHistoryTableSql(defaultNamespace));
    if (migration.transactional && !needsNoTransaction(migration.sql)) {
      try {
        await sql.begin(async (tx) => {
          await rows.insert(tx as unknown as Sql, { ...row, appliedStepsCount: 0 });
          for (; current < spans.length; current++) await tx.unsafe(spans[current]!.text);
          await rows.update(tx as unknown as Sql, row.id, {
            finishedAt: new Date(),
            appliedStepsCount: spans.length,
          });
        });
        return { ok: true, appliedSteps: spans.length, durationMs: elapsed() };
      } catch (error) {
        const failed = failure(error, true);
        await rows.insert(sql, { ...row, appliedStepsCount: 0, logs: failureLogs(failed.error, failed.statement) });
        return { ok: false, ...failed, appliedSteps: 0, durationMs: elapsed() };
      }
    }
    // statement by statement, outside a transaction: progress is recorded after each one
    await rows.insert(sql, { ...row, appliedStepsCount: 0 });
    for (; current < spans.length; current++) {
      try {
        await sql.unsafe(spans[current]!.text);
      } catch (error) {
        const failed = failure(error, false);
        await rows.update(sql, row.id, {
          appliedStepsCount: current,
          logs: failureLogs(failed.error, failed.statement),
        });
        return { ok: false, ...failed, appliedSteps: current, durationMs: elapsed() };
      }
      await rows.update(sql, row.id, { appliedStepsCount: current + 1 });
    }
    await rows.update(sql, row.id, { finishedAt: new Date() });
    return { ok: true, appliedSteps: spans.length, durationMs: elapsed() };
  };

  return {
    provider: PROVIDER_ID,
    displayUrl: url.display,
    introspect: () => introspect(sql, { namespaces, defaultNamespace, provider: PROVIDER_ID }),
    history,
    inspect: createInspector(sql, namespaces),
    lock: ({ timeoutMs }) => takeLock(url, timeoutMs),
    apply,
    async execute(script) {
      try {
        await sql.unsafe(script);
      } catch (error) {
        throw connectionError(error, url) ?? error;
      }
    },
    async reset() {
      // the whole namespace goes, as `prisma migrate reset` does; then it is created again empty
      for (const ns of namespaces) await sql.unsafe(`DROP SCHEMA IF EXISTS ${quoteIdent(ns)} CASCADE`);
      for (const ns of namespaces) await sql.unsafe(`CREATE SCHEMA ${quoteIdent(ns)}`);
    },
    async query<T>(text: string, params: readonly unknown[] = []) {
      return (await sql.unsafe(text, params as never[])) as unknown as T[];
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}
