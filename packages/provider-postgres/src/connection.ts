/**
 * A strata Connection to PostgreSQL: a session on one server connection, introspection, data
 * inspection, the migration lock and reset. Core runs scripts and keeps the history through it.
 */
import type { Connection, ConnectOptions, SessionShelf } from '@strata/core';
import { maskSecrets } from '@strata/core';
import { type ClientSettings, connectionError, createDatabase, openClient, probe, type Sql } from './client.js';
import { introspect } from './introspect.js';
import { lockKey, takeLock } from './lock.js';
import { createProbe } from './probe.js';
import { planReset, reset } from './reset.js';
import { leaveSession, sessionKey, takeSession } from './sessions.js';
import { qualify, quoteIdent } from './sql.js';
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
  const settings: ClientSettings = {
    searchPath,
    ...(options.statementTimeoutMs === undefined ? {} : { statementTimeoutMs: options.statementTimeoutMs }),
    ...(options.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: options.lockTimeoutMs }),
  };
  // Also set for the session: the startup parameter is ignored by some servers and proxies
  // (PGlite's socket server, PgBouncer), a kept session started with another tenant's, and
  // unqualified names must land in the implicit schema.
  const setSearchPath = (sql: Sql) => sql.unsafe(`SET search_path TO ${searchPath.map(quoteIdent).join(', ')}`);
  const sessions = { shelf: options.sessions, key: sessionKey('connection', url, settings) };
  let sql = await takeSession(sessions.shelf, sessions.key, setSearchPath);
  let created = false;
  if (sql === undefined) {
    sql = await openClient(url, settings);
    try {
      await probe(sql, url);
    } catch (error) {
      if (!options.createIfMissing || (error as { code?: string }).code !== 'database-missing') throw error;
      await createDatabase(url);
      created = true;
      sql = await openClient(url, settings);
      await probe(sql, url);
    }
    await setSearchPath(sql);
  }
  // Like Prisma, the commands that create the database also create the URL's schema: the
  // history table lives there, and unqualified objects are created there.
  if (options.createIfMissing) {
    try {
      await createSchemaIfMissing(sql, url, scope.history);
    } catch (error) {
      await sql.end({ timeout: 1 }).catch(() => {});
      throw error;
    }
  }
  return { ...createConnection(sql, url, scope, sessions), created };
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

/** The server's message with its detail line, secrets masked. */
function describeError(error: unknown): string {
  const e = error as { message?: string; detail?: string };
  const text = [e.message ?? String(error), e.detail].filter(Boolean).join('\n');
  return maskSecrets(text);
}

/** Where the connection leaves its session on close: core's shelf in a fleet run, else nowhere (it ends). */
interface SessionHome {
  readonly shelf: SessionShelf | undefined;
  readonly key: string;
}

function createConnection(sql: Sql, url: ParsedUrl, scope: NamespaceScope, sessions: SessionHome): Connection {
  const resetScope = { managed: scope.managed, history: scope.history, implicit: scope.implicit };
  // Whether a script or a transaction ran: only then can the session hold something to reset
  // before the next target takes it (a migration may SET anything); strata's reads leave nothing.
  let ranStatements = false;
  // The client holds one session (max: 1), so BEGIN, the statements and COMMIT share it.
  return {
    provider: PROVIDER_ID,
    displayUrl: url.display,
    historyNamespace: scope.history,
    introspect: () =>
      introspect(sql, { namespaces: scope.managed, defaultNamespace: scope.implicit, provider: PROVIDER_ID }),
    async hasTable(name, namespace = scope.implicit) {
      const [row] = await sql`SELECT to_regclass(${qualify(name, namespace)}) IS NOT NULL AS present`;
      return row?.present === true;
    },
    probe: createProbe(sql, scope.managed, scope.implicit),
    lock: ({ timeoutMs }) => takeLock(url, timeoutMs, lockKey(scope.history), sessions.shelf),
    describeError,
    async exec(text) {
      ranStatements = true;
      try {
        await sql.unsafe(text);
      } catch (error) {
        throw connectionError(error, url) ?? error;
      }
    },
    async query<T>(text: string, params: readonly unknown[] = []) {
      return (await sql.unsafe(text, params as never[])) as unknown as T[];
    },
    begin: async () => {
      ranStatements = true;
      await sql.unsafe('BEGIN');
    },
    commit: async () => void (await sql.unsafe('COMMIT')),
    rollback: async () => void (await sql.unsafe('ROLLBACK')),
    planReset: () => planReset(sql, resetScope),
    reset: () => reset(sql, resetScope),
    async close() {
      await leaveSession(sessions.shelf, sessions.key, sql, ranStatements);
    },
  };
}
