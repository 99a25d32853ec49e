/**
 * The provider kit: everything strata checks of a provider, on real databases, from one call.
 * A provider author (ours or a third party's) writes one test file:
 *
 *     describeProviderKit({ provider, createDatabase: async () => freshUrl() });
 *
 * and gets the conformance suite (round trips, evolution, renames, enums, keys, warnings, history,
 * reset, locking), the reviewed flow end to end (dev, deploy, status, rollback, resolve, reset,
 * push, pull), core's executor on this provider (resume after a partial failure, atomic failure,
 * history rows), the linter over a migrations folder and in `migrate dev`, and the property-based
 * invariants. SQL in the kit is written with the
 * provider's own quoting and placeholders; whether a script runs in a transaction is the
 * provider's `transactionalDdl` (without it, the resume variant is the one that holds).
 */

import { openDatabase } from '../database/database.js';
import type { ConnectOptions, Provider } from '../provider/contract.js';
import type { Column } from '../sql/ir.js';
import { type CellValue, irDialectOf, type TypeChoice } from './arbitraries.js';
import { type ConformanceArea, describeProviderConformance } from './conformance.js';
import { describeEnumValuesScenario } from './enum-values-scenario.js';
import { describeExecutionScenarios } from './execution-scenarios.js';
import { describeInvariants } from './invariants.js';
import { describeLintScenario } from './lint-scenario.js';
import { describeWorkflowScenarios } from './workflow-scenarios.js';

export interface ProviderKitTarget {
  readonly provider: Provider;
  /** For test titles; default: the provider id. */
  readonly label?: string;
  /** The URL of a fresh, empty database: a new one on each call. */
  createDatabase(): Promise<string>;
  /** Removes a database `createDatabase` made (optional: temporary files may be left to the OS). */
  dropDatabase?(url: string): Promise<void>;
  readonly connectOptions?: ConnectOptions;
  /**
   * A generated cell as a SQL literal of this dialect, for the invariants' rows. Default
   * `standardLiteral`: standard SQL (numbers bare, text quoted, TRUE/FALSE, X'..' bytes).
   */
  literal?(value: CellValue, column: Column): string;
  /** Native types the generated schemas may use besides each scalar's default (`irDialectOf`). */
  readonly nativeTypes?: readonly TypeChoice[];
  /** False for a column the generated schemas must not index as a whole (`IrDialect.indexable`); default all but Json. */
  indexable?(column: Column): boolean;
  /** Tables a script rebuilds (their rows are at risk like dropped ones); default none. */
  rebuiltTables?(script: string): string[];
  /** fast-check runs of the invariants that touch the database; default 10. */
  readonly numRuns?: number;
  /** Conformance areas to leave out, each with the reason printed. */
  readonly skip?: Partial<Record<ConformanceArea, string>>;
  /** False where two sessions cannot use one database at once: lock contention is skipped. */
  readonly supportsConcurrentSessions?: boolean;
}

/** Standard SQL literals, for dialects that need nothing else. */
export function standardLiteral(value: CellValue, column: Column): string {
  if (value === null) return 'NULL';
  switch (column.type.scalar) {
    case 'Boolean':
      return value === true ? 'TRUE' : 'FALSE';
    case 'Int':
    case 'Float':
    case 'BigInt':
      return String(value);
    case 'Bytes':
      return `X'${String(value)}'`;
    default:
      return `'${String(value).replace(/'/g, "''")}'`;
  }
}

export function describeProviderKit(target: ProviderKitTarget): void {
  const { provider } = target;
  const label = target.label ?? provider.id;
  describeProviderConformance({
    provider,
    connect: async () => {
      const url = await target.createDatabase();
      return { url, close: async () => target.dropDatabase?.(url) };
    },
    ...(target.connectOptions === undefined ? {} : { connectOptions: target.connectOptions }),
    ...(target.skip === undefined ? {} : { skip: target.skip }),
    ...(target.supportsConcurrentSessions === undefined
      ? {}
      : { supportsConcurrentSessions: target.supportsConcurrentSessions }),
  });
  describeWorkflowScenarios(label, () => target);
  describeExecutionScenarios(label, () => target);
  describeEnumValuesScenario(label, () => target);
  describeLintScenario(label, () => target);
  describeInvariants({
    provider,
    label,
    dialect: {
      ...irDialectOf(provider, target.nativeTypes ?? []),
      ...(target.indexable === undefined ? {} : { indexable: (column: Column) => target.indexable?.(column) ?? true }),
    },
    numRuns: target.numRuns ?? 10,
    timeoutMs: 180_000,
    withEmptyDatabase: async (body) => {
      const url = await target.createDatabase();
      const connection = await openDatabase(provider, url, { createIfMissing: true, ...target.connectOptions });
      try {
        await body(connection);
      } finally {
        await connection.close();
        await target.dropDatabase?.(url);
      }
    },
    literal: target.literal ?? standardLiteral,
    ...(target.rebuiltTables === undefined ? {} : { rebuiltTables: target.rebuiltTables }),
    staticDataLossTitle: 'every drop, lossy type change, enum value removal and rebuild carries a data-loss warning',
  });
}
