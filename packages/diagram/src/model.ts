/**
 * The diagram model: what a picture shows, before any layout. Plain readonly data, built from a
 * database-level schema (`schema-diagram.ts`) or from a migration's before/after schemas and its
 * changes (`migration-diagram.ts`), and read by every writer (SVG, Mermaid, DOT). Order is
 * deterministic (sorted by id), so the same schema always gives the same picture.
 */

/** What a migration does to an item; `unchanged` everywhere in a schema diagram. */
export type ItemStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/** One end of a relation, crow's-foot style. */
export type Cardinality = 'one' | 'zero-or-one' | 'many' | 'zero-or-many';

export interface DiagramColumn {
  readonly name: string;
  /** The column type as the database spells it (`TEXT`, `VARCHAR(255)`, an enum's name, `TEXT[]`). */
  readonly type: string;
  readonly primaryKey: boolean;
  /** Part of a foreign key. */
  readonly foreignKey: boolean;
  /** Unique on its own (a one-column unique index or constraint). */
  readonly unique: boolean;
  readonly nullable: boolean;
  readonly status: ItemStatus;
  /** What changed or where it came from, in words (`type TEXT → INTEGER`, `renamed from name`). */
  readonly detail?: string;
}

/** A change to a table that is not a column: an index, a primary key, a rename. */
export interface DiagramNote {
  readonly text: string;
  readonly status: ItemStatus;
}

export interface DiagramTable {
  /** `namespace.name` or `name`: unique among tables, enums and views. */
  readonly id: string;
  /** What the box is titled: the table name, with the model name when it differs. */
  readonly title: string;
  readonly kind: 'table' | 'view';
  readonly columns: readonly DiagramColumn[];
  readonly notes: readonly DiagramNote[];
  readonly status: ItemStatus;
  /** Shown for context only (a neighbour of what a migration touches, or of a focused model). */
  readonly dimmed: boolean;
  /** The group it is drawn in (the schema file of its model); absent = the only group. */
  readonly group?: string;
}

export interface DiagramEnum {
  readonly id: string;
  readonly title: string;
  readonly values: readonly { readonly name: string; readonly status: ItemStatus }[];
  readonly status: ItemStatus;
  readonly dimmed: boolean;
  readonly group?: string;
}

/** A foreign key, drawn from the referencing table (`from`) to the referenced one (`to`). */
export interface DiagramRelation {
  /** Unique among relations: `from(columns)->to(columns)`. */
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly columns: readonly string[];
  readonly referencedColumns: readonly string[];
  /** How many `to` rows one `from` row references: `one`, or `zero-or-one` when a column is nullable. */
  readonly toCardinality: Cardinality;
  /** How many `from` rows reference one `to` row: `zero-or-many`, or `zero-or-one` when the columns are unique. */
  readonly fromCardinality: Cardinality;
  readonly status: ItemStatus;
  readonly dimmed: boolean;
}

export interface DiagramModel {
  /** Printed on top of the picture (the migration's name, the schema's path). */
  readonly title?: string;
  readonly tables: readonly DiagramTable[];
  readonly enums: readonly DiagramEnum[];
  readonly relations: readonly DiagramRelation[];
  /** A migration diagram draws its legend (what the colours and markers mean). */
  readonly legend: boolean;
}

/** The text marker of a status: a reader without colour (print, grey-scale, colour blindness) still sees it. */
export function statusMarker(status: ItemStatus): string {
  switch (status) {
    case 'added':
      return '+';
    case 'removed':
      return '−';
    case 'changed':
      return '~';
    case 'unchanged':
      return '';
  }
}

/** The word of a status, for table titles and the legend. */
export function statusWord(status: ItemStatus): string {
  switch (status) {
    case 'added':
      return 'new';
    case 'removed':
      return 'dropped';
    case 'changed':
      return 'changed';
    case 'unchanged':
      return '';
  }
}

export function byId<T extends { readonly id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
