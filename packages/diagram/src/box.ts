/**
 * The text content of a table or enum box, and its size. Every text is set in a monospace font,
 * so a fixed advance width per character measures it exactly enough (DejaVu Sans Mono, Menlo and
 * Consolas all advance about 0.6 em), with no font metrics to load and nothing that varies by
 * machine: the same model gives the same boxes everywhere.
 */
import {
  type DiagramColumn,
  type DiagramEnum,
  type DiagramTable,
  type ItemStatus,
  statusMarker,
  statusWord,
} from './model.js';

export const FONT_SIZE = 12;
/** Slightly above 0.6 em, so a box is never narrower than its text in any common monospace font. */
export const CHAR_WIDTH = 7.3;
export const ROW_HEIGHT = 18;
export const HEADER_HEIGHT = 26;
export const PAD_X = 8;
export const PAD_BOTTOM = 6;
/** Cells longer than this are cut with an ellipsis: a long expression type would make a box unreadable. */
const MAX_CELL = 48;
const CELL_GAP = 2;

export interface BoxRow {
  readonly kind: 'column' | 'detail' | 'note' | 'value';
  readonly status: ItemStatus;
  /** Monospace cells: marker, then the texts; each starts at the column offset of its index. */
  readonly cells: readonly string[];
}

export interface BoxContent {
  readonly id: string;
  readonly title: string;
  readonly status: ItemStatus;
  readonly rows: readonly BoxRow[];
  /** Where each cell index starts, in characters from the left padding. */
  readonly cellOffsets: readonly number[];
  readonly width: number;
  readonly height: number;
}

export function cut(text: string, max = MAX_CELL): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function columnFlags(column: DiagramColumn): string {
  return [
    column.primaryKey ? 'PK' : '',
    column.foreignKey ? 'FK' : '',
    column.unique ? 'UK' : '',
    column.nullable ? 'null' : '',
  ]
    .filter((f) => f !== '')
    .join(' ');
}

export function boxTitle(item: { readonly title: string; readonly status: ItemStatus }, kind: string): string {
  const marker = statusMarker(item.status);
  const word = statusWord(item.status);
  const suffix = [kind === 'table' ? '' : kind, word].filter((w) => w !== '').join(', ');
  return `${marker === '' ? '' : `${marker} `}${cut(item.title, 60)}${suffix === '' ? '' : ` (${suffix})`}`;
}

export function tableBox(table: DiagramTable): BoxContent {
  const rows: BoxRow[] = [];
  for (const column of table.columns) {
    rows.push({
      kind: 'column',
      status: column.status,
      cells: [statusMarker(column.status), cut(column.name), cut(column.type), columnFlags(column)],
    });
    if (column.detail !== undefined)
      rows.push({ kind: 'detail', status: column.status, cells: ['', `↳ ${cut(column.detail, 70)}`] });
  }
  for (const note of table.notes)
    rows.push({ kind: 'note', status: note.status, cells: [statusMarker(note.status), cut(note.text, 70)] });
  return measure(table.id, boxTitle(table, table.kind), table.status, rows);
}

export function enumBox(item: DiagramEnum): BoxContent {
  const rows: BoxRow[] = item.values.map((value) => ({
    kind: 'value' as const,
    status: value.status,
    cells: [statusMarker(value.status), cut(value.name)],
  }));
  return measure(item.id, boxTitle(item, 'enum'), item.status, rows);
}

function measure(id: string, title: string, status: ItemStatus, rows: readonly BoxRow[]): BoxContent {
  // Column rows align their cells; detail and note rows run from the second cell on.
  const widths = [1, 0, 0, 0];
  for (const row of rows) {
    if (row.kind !== 'column' && row.kind !== 'value') continue;
    row.cells.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  const offsets: number[] = [];
  let at = 0;
  for (const w of widths) {
    offsets.push(at);
    at += w === 0 ? 0 : w + CELL_GAP;
  }
  let chars = Math.max(title.length, at - CELL_GAP);
  for (const row of rows) {
    if (row.kind === 'detail' || row.kind === 'note')
      chars = Math.max(chars, (offsets[1] ?? 0) + (row.cells[1]?.length ?? 0));
  }
  return {
    id,
    title,
    status,
    rows,
    cellOffsets: offsets,
    width: Math.ceil(chars * CHAR_WIDTH + 2 * PAD_X),
    height: HEADER_HEIGHT + rows.length * ROW_HEIGHT + PAD_BOTTOM,
  };
}
