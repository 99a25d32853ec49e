/**
 * `--targets-from-query`: tenant lists that live in a table. The query runs on a control database
 * and each row is a target: a `url` column, or a `schema` / `database` column that names the
 * tenant's PostgreSQL schema or database on the control database's server; `name` is optional.
 */
import { openDatabase } from '../database/database.js';
import { ErrorCodes } from '../errors/codes.js';
import { maskSecrets, StrataError } from '../errors/strata-error.js';
import type { Provider } from '../provider/contract.js';
import { checkTargets, type FleetTarget, targetName } from './targets.js';

export interface TargetsFromQueryOptions {
  readonly provider: Provider;
  /** The control database the query runs on. */
  readonly url: string;
  readonly sql: string;
  /** Where relative `file:` URLs start. */
  readonly baseDir?: string;
}

export async function targetsFromQuery(options: TargetsFromQueryOptions): Promise<FleetTarget[]> {
  const database = await openDatabase(options.provider, options.url, {
    ...(options.baseDir === undefined ? {} : { baseDir: options.baseDir }),
  });
  let rows: Record<string, unknown>[];
  try {
    rows = await database.query(options.sql);
  } catch (error) {
    throw new StrataError(ErrorCodes.invalidArgument, `The targets query failed: ${(error as Error).message}`, {
      hint: 'Check the SQL of --targets-from-query; it runs on the database of --url (or the schema’s datasource).',
      details: { query: options.sql },
      cause: error,
    });
  } finally {
    await database.close();
  }
  const source = 'the targets query';
  const targets = rows.map((row, i) => targetOfRow(lowerKeys(row), i + 1, options.url, source));
  return checkTargets(targets, source);
}

/** A row as a target; `controlUrl` is the base for `schema`/`database` columns. */
export function targetOfRow(
  row: Readonly<Record<string, unknown>>,
  rowNumber: number,
  controlUrl: string,
  source: string,
): FleetTarget {
  const text = (key: string): string | undefined => {
    const value = row[key];
    return value === null || value === undefined || value === '' ? undefined : String(value);
  };
  const explicitName = text('name');
  const url = text('url') ?? urlFor(controlUrl, text('schema'), text('database'), rowNumber, source);
  return { name: explicitName ?? targetName(url), url };
}

function urlFor(
  controlUrl: string,
  schema: string | undefined,
  database: string | undefined,
  rowNumber: number,
  source: string,
): string {
  if (schema === undefined && database === undefined) {
    throw new StrataError(
      ErrorCodes.invalidArgument,
      `Row ${rowNumber} of ${source} has no url, schema or database column.`,
      {
        hint: 'Select a `url` column (the tenant’s URL), or `schema` / `database` (on the control database’s server), and optionally `name`: SELECT slug AS name, schema_name AS schema FROM tenants.',
        details: { row: rowNumber },
      },
    );
  }
  let url: URL;
  try {
    url = new URL(controlUrl);
  } catch {
    throw new StrataError(ErrorCodes.invalidArgument, `Cannot derive tenant URLs from ${maskSecrets(controlUrl)}.`, {
      hint: 'Select a `url` column instead of `schema` / `database`.',
    });
  }
  if (database !== undefined) url.pathname = `/${encodeURIComponent(database)}`;
  if (schema !== undefined) url.searchParams.set('schema', schema);
  return url.toString();
}

function lowerKeys(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key.toLowerCase(), value]));
}
