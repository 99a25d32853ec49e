/**
 * @strata/diagram: entity-relationship diagrams of a schema and of a migration, laid out
 * in-process (dagre) and written as SVG, Mermaid `erDiagram` text or Graphviz DOT. Pure: no file,
 * no database, no browser. Kept out of @strata/core so that core, and the CLI's start-up, do not
 * load a layout library; the CLI imports it when a command draws.
 */
import type { Change, DatabaseSchema } from '@strata/core';
import { renderDot } from './dot.js';
import { layoutDiagram } from './layout.js';
import { renderMermaid } from './mermaid.js';
import { migrationDiagram } from './migration-diagram.js';
import type { DiagramModel } from './model.js';
import { renderSvg } from './svg.js';

export { type BoxContent, CHAR_WIDTH, tableBox } from './box.js';
export { renderDot } from './dot.js';
export { type DiagramLayout, layoutDiagram, type PlacedBox, type Point, type Rect } from './layout.js';
export { renderMermaid } from './mermaid.js';
export { type MigrationDiagramInput, migrationDiagram } from './migration-diagram.js';
export * from './model.js';
export { type SchemaDiagramOptions, schemaDiagram } from './schema-diagram.js';
export { renderSvg } from './svg.js';

export type DiagramFormat = 'svg' | 'mermaid' | 'dot';
export const DIAGRAM_FORMATS: readonly DiagramFormat[] = ['svg', 'mermaid', 'dot'];

export function renderDiagram(model: DiagramModel, format: DiagramFormat): string {
  switch (format) {
    case 'svg':
      return renderSvg(model, layoutDiagram(model));
    case 'mermaid':
      return renderMermaid(model);
    case 'dot':
      return renderDot(model);
  }
}

/**
 * `diagram.svg` of a migration folder: what `migrate dev` writes (core's `MigrationDiagramRenderer`).
 */
export function migrationDiagramSvg(input: {
  readonly name: string;
  readonly before: DatabaseSchema;
  readonly after: DatabaseSchema;
  readonly changes: readonly Change[];
}): string {
  return renderSvg(
    migrationDiagram({ title: input.name, before: input.before, after: input.after, changes: input.changes }),
  );
}
