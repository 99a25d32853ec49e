/**
 * The picture of a migration (diagram.svg in its folder). Core only says what a drawing is given
 * and where it goes; the drawing itself (layout, SVG) is `@strata/diagram`, which the CLI passes
 * in, so core loads no layout library and stays usable without one.
 */
import type { Change } from '../diff/changes.js';
import type { DatabaseSchema } from '../sql/ir.js';

export interface MigrationDiagramInput {
  /** The migration's folder name. */
  readonly name: string;
  /** The schema the migration starts from and the one it produces. */
  readonly before: DatabaseSchema;
  readonly after: DatabaseSchema;
  /** The planned changes from `before` to `after`. */
  readonly changes: readonly Change[];
}

/** Draws a migration as SVG text; the same input must give the same bytes (the file is checksummed). */
export type MigrationDiagramRenderer = (input: MigrationDiagramInput) => string;
