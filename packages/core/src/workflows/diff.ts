/**
 * `migrate diff`: the changes between any two of: nothing, a schema file, a migrations folder (the
 * schema its last migration produces) and a live database. Output as SQL, a summary in words, or
 * JSON. Reads only; never writes a file or a database.
 */

import type { Change } from '../diff/changes.js';
import { describeChanges } from '../diff/describe.js';
import type { RenameResolver } from '../diff/renames.js';
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { readMigrationsFolder } from '../migrations/folder-fs.js';
import { planMigration } from '../plan/plan.js';
import type { Warning } from '../plan/warning.js';
import type { Provider } from '../provider/contract.js';
import { claimExtensions } from '../sql/extensions.js';
import { type DatabaseSchema, emptySchema } from '../sql/ir.js';
import { declaredSchemas, type GivenSchema, loadSchema, snapshotToDatabase, withConnection } from './context.js';
import { managedPart, withLiveUnmanaged } from './live-comparison.js';

export type MigrateDiffSource =
  | { readonly kind: 'empty' }
  /** `schema`: the schema at `path` already read (`readSchemaInput`), so that it is not read and parsed again. */
  | { readonly kind: 'schema'; readonly path: string; readonly schema?: GivenSchema }
  | { readonly kind: 'migrations'; readonly dir: string }
  /** `baseDir`: where a relative `file:` URL starts (the project schema's folder); default the working directory. */
  | { readonly kind: 'url'; readonly url: string; readonly baseDir?: string };

export type MigrateDiffFormat = 'sql' | 'summary' | 'json';

export interface MigrateDiffOptions {
  readonly provider: Provider;
  readonly from: MigrateDiffSource;
  readonly to: MigrateDiffSource;
  readonly format?: MigrateDiffFormat;
  readonly resolver?: RenameResolver;
}

export interface MigrateDiffResult {
  readonly changes: readonly Change[];
  readonly warnings: readonly Warning[];
  readonly sql: string;
  readonly summary: readonly string[];
  /** What was compared (managed objects only), for a caller that draws the difference. */
  readonly from: DatabaseSchema;
  readonly to: DatabaseSchema;
  /** The requested output, ready to print. */
  readonly output: string;
  readonly empty: boolean;
}

export async function migrateDiff(options: MigrateDiffOptions): Promise<MigrateDiffResult> {
  const { provider } = options;
  // a live database is compared within the schemas the schema file's datasource lists (multiSchema)
  const namespaces = (await schemasOf(options.from)) ?? (await schemasOf(options.to));
  const [fromSource, toSource] = [
    await resolveSource(options.from, provider, namespaces),
    await resolveSource(options.to, provider, namespaces),
  ];
  // a database's extensions count as far as the other side declares them; against nothing or
  // another database, all of them
  const from = managedPart(claimLive(options.from, fromSource, options.to, toSource));
  const to = managedPart(claimLive(options.to, toSource, options.from, fromSource));
  // A live source's views and triggers are never diffed, but a table rebuild must keep them.
  const plan = await planMigration({
    from: withLiveUnmanaged(from, fromSource),
    to,
    provider,
    ...(options.resolver ? { resolver: options.resolver } : {}),
    warnDeclinedRenames: false,
  });
  const { changes, warnings, statements, script: sql } = plan;
  const summary = describeChanges(changes);
  const format = options.format ?? 'sql';
  const output =
    format === 'sql'
      ? sql
      : format === 'summary'
        ? summary.length === 0
          ? 'No difference.\n'
          : `${summary.map((line) => `- ${line}`).join('\n')}\n`
        : `${JSON.stringify({ changes, warnings, statements: statements.map((s) => s.sql), summary }, null, 2)}\n`;
  return { changes, warnings, sql, summary, from, to, output, empty: changes.length === 0 };
}

function claimLive(
  source: MigrateDiffSource,
  schema: DatabaseSchema,
  other: MigrateDiffSource,
  otherSchema: DatabaseSchema,
): DatabaseSchema {
  if (source.kind !== 'url') return schema;
  return claimExtensions(schema, other.kind === 'schema' || other.kind === 'migrations' ? otherSchema : 'all');
}

async function schemasOf(source: MigrateDiffSource): Promise<readonly string[] | undefined> {
  return source.kind === 'schema' ? declaredSchemas(source.schema ?? source.path) : undefined;
}

async function resolveSource(
  source: MigrateDiffSource,
  provider: Provider,
  namespaces: readonly string[] | undefined,
): Promise<DatabaseSchema> {
  switch (source.kind) {
    case 'empty':
      return emptySchema(provider.id);
    case 'schema':
      return (await loadSchema(source.schema ?? source.path, provider)).database;
    case 'migrations': {
      const folder = await readMigrationsFolder(source.dir);
      const last = folder.migrations.at(-1);
      if (last === undefined) return emptySchema(provider.id);
      if (last.afterSchema === undefined) {
        throw new StrataError(
          ErrorCodes.unsupportedChange,
          `The last migration in ${source.dir} (${last.name}) has no after.prisma snapshot, so the schema it produces is unknown.`,
          {
            hint: 'Deploy the migrations to an empty database and diff against its URL instead (--from-url).',
          },
        );
      }
      return snapshotToDatabase(last.afterSchema, provider, `${last.name}/after.prisma`);
    }
    case 'url':
      return withConnection(
        {
          provider,
          url: source.url,
          ...(source.baseDir === undefined ? {} : { baseDir: source.baseDir }),
          ...(namespaces ? { namespaces } : {}),
        },
        (connection) => connection.introspect(),
      );
  }
}
