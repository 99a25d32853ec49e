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
import { lockKey, takeLock } from './lock.js';
import { planReset, reset } from './reset.js';
import { needsNoTransaction, statementSpans } from './split.js';
import { quoteIdent } from './sql.js';
import { type ParsedUrl, parsePostgresUrl } from './url.js';

export const PROVIDER_ID = 'postgresql';

/** The schema whose objects carry no namespace in the IR when the datasource lists `schemas` (as in `lower()`). */
export const DEFAULT_NAMESPACE = 'public';

/**
 * Which PostgreSQL schemas a connection manages, and how they appear in the IR.
 *
 * - Without datasource `schemas`: the URL's `schema=` (default `public`) only; its objects carry
 *   no namespace, whatever its name, so one migrations folder serves every tenant schema.
 * - With `schemas` (multiSchema): exactly those; objects carry their schema's name except those
 *   in `public`, as `lower()` does (Prisma's rule: the schema file names the schemas).
 *
 * The history table and the migration lock belong to the URL's schema in both cases (Prisma keeps
 * `_prisma_migrations` there too).
 */
export interface NamespaceScope {
  /** The schemas strata introspects, diffs and resets. */
  readonly managed: readonly string[];
  /** The schema whose objects carry no `namespace` in the IR; first on the search_path. */
  readonly implicit: string;
  /** Where `_strata_migrations` lives and what the migration lock is keyed by: the URL's schema. */
  readonly history: string;
}

export function namespaceScope(urlSchema: string, declared: readonly string[] | undefined): NamespaceScope {
  if (declared === undefined || declared.length === 0)
    return { managed: [urlSchema], implicit: urlSchema, history: urlSchema };
  return { managed: [...new Set(declared)], implicit: DEFAULT_NAMESPACE, history: urlSchema };
}

export async function connectPostgres(urlText: string, options: ConnectOptions = {}): Promise<Connection> {
  const url = parsePostgresUrl(urlText);
  const scope = namespaceScope(url.schema, options.namespaces);
  const searchPath = [scope.implicit, ...scope.managed.filter((n) => n !== scope.implicit)];
  const open = (): Sql =>
    openClient(url, {
      searchPath,
      ...(options.statementTimeoutMs === undefined ? {} : { statementTimeoutMs: options.statementTimeoutMs }),
      ...(options.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: options.lockTimeoutMs }),
    });
  let sql = open();
  let created = false;
  try {
    await probe(sql, url);
  } catch (error) {
    if (!options.createIfMissing || (error as { code?: string }).code !== 'database-missing') throw error;
    await createDatabase(url);
    created = true;
    sql = open();
    await probe(sql, url);
  }
  // Like Prisma, the commands that create the database also create the URL's schema: the
  // history table lives there, and unqualified objects are created there.
  if (options.createIfMissing) await createSchemaIfMissing(sql, url, scope.history);
  // Also set for the session: the startup parameter is ignored by some servers and proxies
  // (PGlite's socket server, PgBouncer), and unqualified names must land in the implicit schema.
  await sql.unsafe(`SET search_path TO ${searchPath.map(quoteIdent).join(', ')}`);
  return { ...createConnection(sql, url, scope), created };
}

async function createSchemaIfMissing(sql: Sql, url: ParsedUrl, namespace: string): Promise<void> {
  // checked first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when it exists
  const [row] = await sql`SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${namespace}) AS present`;
  if (row?.present === true) return;
  try {
    await sql.unsafe(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(namespace)}`);
  } catch (error) {
    throw connectionError(error, url) ?? error;
  }
}

function errorText(error: unknown): string {
  const e = error as { message?: string; detail?: string; position?: string };
  const text = [e.message ?? String(error), e.detail].filter(Boolean).join('\n');
  return maskSecrets(text);
}

function createConnection(sql: Sql, url: ParsedUrl, scope: NamespaceScope): Connection {
  const history = createHistoryStore(sql, scope.history, PROVIDER_ID);
  const rows = historyStatements(scope.history);
  const resetScope = { managed: scope.managed, history: scope.history, implicit: scope.implicit };

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
    await sql.unsafe(createHistoryTableSql(scope.history));
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
    introspect: () =>
      introspect(sql, { namespaces: scope.managed, defaultNamespace: scope.implicit, provider: PROVIDER_ID }),
    history,
    inspect: createInspector(sql, scope.managed, scope.implicit),
    lock: ({ timeoutMs }) => takeLock(url, timeoutMs, lockKey(scope.history)),
    apply,
    async execute(script) {
      try {
        await sql.unsafe(script);
      } catch (error) {
        throw connectionError(error, url) ?? error;
      }
    },
    planReset: () => planReset(sql, resetScope),
    reset: () => reset(sql, resetScope),
    async query<T>(text: string, params: readonly unknown[] = []) {
      return (await sql.unsafe(text, params as never[])) as unknown as T[];
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}
