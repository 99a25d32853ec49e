/**
 * `migrate diff`: the changes between any two of: nothing, a schema file, a migrations folder (the
 * schema its last migration produces) and a live database. Output as SQL, a summary in words, or
 * JSON. Reads only; never writes a file or a database.
 */

import type { Change } from '../diff/changes.js';
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { describeChanges } from '../migrations/describe-change.js';
import { readMigrationsFolder } from '../migrations/folder-fs.js';
import type { Warning } from '../plan/warning.js';
import type { Provider } from '../provider/contract.js';
import { type DatabaseSchema, emptySchema } from '../sql/ir.js';
import { declaredSchemas, loadSchema, snapshotToDatabase, withConnection } from './context.js';
import { diffSchemas, planWarnings, type RenameResolver, renderScript } from './engine.js';
import { managedPart } from './live-comparison.js';

export type MigrateDiffSource =
  | { readonly kind: 'empty' }
  | { readonly kind: 'schema'; readonly path: string }
  | { readonly kind: 'migrations'; readonly dir: string }
  | { readonly kind: 'url'; readonly url: string };

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
  /** The requested output, ready to print. */
  readonly output: string;
  readonly empty: boolean;
}

export async function migrateDiff(options: MigrateDiffOptions): Promise<MigrateDiffResult> {
  const { provider } = options;
  // a live database is compared within the schemas the schema file's datasource lists (multiSchema)
  const namespaces = (await schemasOf(options.from)) ?? (await schemasOf(options.to));
  const from = managedPart(await resolveSource(options.from, provider, namespaces));
  const to = managedPart(await resolveSource(options.to, provider, namespaces));
  const planned = await diffSchemas({
    from,
    to,
    provider,
    ...(options.resolver ? { resolver: options.resolver } : {}),
  });
  const warnings =
    planned.changes.length === 0 ? [] : await planWarnings({ changes: planned.changes, from, to, provider });
  const statements = provider.emit(planned.changes, { from, to });
  const sql = planned.changes.length === 0 ? '-- This is an empty migration.\n' : renderScript(statements, warnings);
  const summary = describeChanges(planned.changes);
  const format = options.format ?? 'sql';
  const output =
    format === 'sql'
      ? sql
      : format === 'summary'
        ? summary.length === 0
          ? 'No difference.\n'
          : `${summary.map((line) => `- ${line}`).join('\n')}\n`
        : `${JSON.stringify({ changes: planned.changes, warnings, statements: statements.map((s) => s.sql), summary }, null, 2)}\n`;
  return { changes: planned.changes, warnings, sql, summary, output, empty: planned.changes.length === 0 };
}

async function schemasOf(source: MigrateDiffSource): Promise<string[] | undefined> {
  return source.kind === 'schema' ? declaredSchemas(source.path) : undefined;
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
      return (await loadSchema(source.path, provider)).database;
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
      return withConnection({ provider, url: source.url, ...(namespaces ? { namespaces } : {}) }, (connection) =>
        connection.introspect(),
      );
  }
}
