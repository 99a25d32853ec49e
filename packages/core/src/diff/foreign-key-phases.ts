/**
 * Foreign keys are the one dependency that crosses tables, so providers schedule them in two
 * phases around everything else, as Prisma does: every foreign key that goes away is dropped
 * first (including those of dropped tables, so tables can be dropped in any order), and every
 * new one is added last (including those of created tables, so tables can be created in any
 * order). A provider that inlines foreign keys in CREATE TABLE (SQLite) uses only `drop`.
 */
import type { ForeignKey } from '../sql/ir.js';
import type { Change } from './changes.js';

export interface PhasedForeignKey {
  readonly namespace?: string;
  /** The table that holds the key (its name after any rename in the same change list). */
  readonly table: string;
  readonly foreignKey: ForeignKey;
  /** The top-level change it belongs to (CreateTable, DropTable or AlterTable). */
  readonly source: Change;
}

export interface ForeignKeyPhases {
  /** To run before any other statement. */
  readonly drop: readonly PhasedForeignKey[];
  /** To run after every other statement. */
  readonly add: readonly PhasedForeignKey[];
}

export function foreignKeyPhases(changes: readonly Change[]): ForeignKeyPhases {
  const drop: PhasedForeignKey[] = [];
  const add: PhasedForeignKey[] = [];
  const at = (namespace: string | undefined, table: string, foreignKey: ForeignKey, source: Change) => ({
    ...(namespace === undefined ? {} : { namespace }),
    table,
    foreignKey,
    source,
  });
  for (const change of changes) {
    if (change.kind === 'DropTable') {
      for (const fk of change.table.foreignKeys) drop.push(at(change.table.namespace, change.table.name, fk, change));
    } else if (change.kind === 'CreateTable') {
      for (const fk of change.table.foreignKeys) add.push(at(change.table.namespace, change.table.name, fk, change));
    } else if (change.kind === 'AlterTable') {
      for (const tableChange of change.changes) {
        if (tableChange.kind === 'DropForeignKey') {
          // Dropped before the RenameTable runs: it lives under the table's OLD name.
          drop.push(at(change.namespace, change.from.name, tableChange.foreignKey, change));
        } else if (tableChange.kind === 'AddForeignKey') {
          add.push(at(change.namespace, change.name, tableChange.foreignKey, change));
        }
      }
    }
  }
  return { drop, add };
}
