/**
 * The SVG writer: plain SVG 1.1 with inline presentation attributes (no CSS, no scripts, no
 * external fonts), so browsers, GitHub's viewer and rasterizers draw it alike. Every status is
 * shown twice: by colour (a palette safe for the common colour blindnesses) and by a text marker
 * and word (`+ name`, `(new)`), which grey-scale prints keep. Elements carry `class` and `data-*`
 * attributes naming what they draw, for tests and for readers of the source.
 */

import { CHAR_WIDTH, FONT_SIZE, HEADER_HEIGHT, PAD_X, ROW_HEIGHT } from './box.js';
import { type DiagramLayout, layoutDiagram, MARGIN, type PlacedBox, type Point } from './layout.js';
import type { Cardinality, DiagramModel, DiagramRelation, ItemStatus } from './model.js';

/** Okabe–Ito colours: told apart with every common colour vision deficiency. */
const COLOUR: Record<ItemStatus, string> = {
  added: '#009E73',
  removed: '#D55E00',
  changed: '#0072B2',
  unchanged: '#333333',
};
const FILL: Record<ItemStatus, string> = {
  added: '#E3F5EF',
  removed: '#FBE9DF',
  changed: '#E1EEF7',
  unchanged: '#F2F2F2',
};
const FONT = 'DejaVu Sans Mono, Menlo, Consolas, Liberation Mono, monospace';

export function renderSvg(model: DiagramModel, layout: DiagramLayout = layoutDiagram(model)): string {
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="${FONT}" font-size="${FONT_SIZE}">`,
  );
  const summary = `${model.tables.length} table${model.tables.length === 1 ? '' : 's'}, ${model.relations.length} relation${model.relations.length === 1 ? '' : 's'}, ${model.enums.length} enum${model.enums.length === 1 ? '' : 's'}`;
  out.push(`<title>${xml(model.title === undefined ? summary : `${model.title}: ${summary}`)}</title>`);
  out.push(`<rect class="background" width="100%" height="100%" fill="#FFFFFF"/>`);
  if (model.title !== undefined)
    out.push(
      `<text class="diagram-title" x="${MARGIN}" y="${MARGIN + 14}" font-size="15" font-weight="bold" fill="#111111">${xml(model.title)}</text>`,
    );
  for (const frame of layout.frames) {
    out.push(
      `<g class="group" data-group="${xml(frame.group)}"><rect x="${frame.x}" y="${frame.y}" width="${frame.width}" height="${frame.height}" rx="6" fill="#FAFAFA" stroke="#BBBBBB" stroke-dasharray="6 4"/><text x="${frame.x + 10}" y="${frame.y + 17}" fill="#555555">${xml(frame.group)}</text></g>`,
    );
  }
  // relations first: a box is drawn over any line that crosses it
  for (const relation of model.relations) {
    const route = layout.routes.get(relation.id);
    if (route !== undefined && route.length >= 2) out.push(relationSvg(relation, route));
  }
  for (const table of model.tables) {
    const box = layout.boxes.get(table.id);
    if (box !== undefined) out.push(boxSvg(box, table.kind, table.dimmed));
  }
  for (const item of model.enums) {
    const box = layout.boxes.get(item.id);
    if (box !== undefined) out.push(boxSvg(box, 'enum', item.dimmed));
  }
  if (layout.legendAt !== undefined) out.push(legendSvg(layout.legendAt));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function boxSvg(box: PlacedBox, kind: string, dimmed: boolean): string {
  const { content } = box;
  const status = content.status;
  const stroke = COLOUR[status];
  const parts: string[] = [];
  parts.push(
    `<g class="${kind === 'enum' ? 'enum' : 'table'}" data-id="${xml(content.id)}" data-kind="${kind}" data-status="${status}" data-dimmed="${dimmed}"${dimmed ? ' opacity="0.5"' : ''}>`,
  );
  parts.push(
    `<rect class="box" x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="4" fill="#FFFFFF" stroke="${stroke}" stroke-width="${status === 'unchanged' ? 1 : 2}"${kind === 'view' ? ' stroke-dasharray="5 3"' : ''}/>`,
  );
  parts.push(
    `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${HEADER_HEIGHT - 4}" rx="4" fill="${kind === 'enum' && status === 'unchanged' ? '#EFEAF7' : FILL[status]}" stroke="${stroke}" stroke-width="${status === 'unchanged' ? 1 : 2}"/>`,
  );
  parts.push(
    `<text class="box-title" x="${box.x + PAD_X}" y="${box.y + 16}" font-weight="bold" fill="${stroke}">${xml(content.title)}</text>`,
  );
  content.rows.forEach((row, index) => {
    const y = box.y + HEADER_HEIGHT + index * ROW_HEIGHT + 12;
    const colour =
      row.status === 'unchanged'
        ? row.kind === 'column' || row.kind === 'value'
          ? '#222222'
          : '#666666'
        : COLOUR[row.status];
    if (row.status !== 'unchanged')
      parts.push(
        `<rect x="${box.x + 1}" y="${y - 12}" width="${box.width - 2}" height="${ROW_HEIGHT - 2}" fill="${FILL[row.status]}"/>`,
      );
    const cells = row.cells
      .map((cell, i) => {
        if (cell === '') return '';
        const x =
          box.x +
          PAD_X +
          (content.cellOffsets[row.kind === 'column' || row.kind === 'value' ? i : Math.min(i, 1)] ?? 0) * CHAR_WIDTH;
        const decoration = row.status === 'removed' && i > 0 ? ' text-decoration="line-through"' : '';
        const weight = i === 0 && row.status !== 'unchanged' ? ' font-weight="bold"' : '';
        const fill = i === 2 && row.kind === 'column' && row.status === 'unchanged' ? '#555555' : colour;
        return `<text x="${round(x)}" y="${y}" fill="${fill}"${weight}${decoration}>${xml(cell)}</text>`;
      })
      .join('');
    parts.push(
      `<g class="row" data-kind="${row.kind}" data-status="${row.status}"${row.kind === 'column' ? ` data-column="${xml(row.cells[1] ?? '')}"` : ''}>${cells}</g>`,
    );
  });
  parts.push('</g>');
  return parts.join('\n');
}

function relationSvg(relation: DiagramRelation, route: readonly Point[]): string {
  const colour = COLOUR[relation.status];
  const dash = relation.status === 'removed' ? ' stroke-dasharray="6 4"' : '';
  const width = relation.status === 'unchanged' ? 1.2 : 2;
  const path = route.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');
  const label = `${relation.from}(${relation.columns.join(', ')}) → ${relation.to}(${relation.referencedColumns.join(', ')})`;
  const parts = [
    `<g class="relation" data-id="${xml(relation.id)}" data-from="${xml(relation.from)}" data-to="${xml(relation.to)}" data-status="${relation.status}" data-dimmed="${relation.dimmed}"${relation.dimmed ? ' opacity="0.5"' : ''}>`,
    `<title>${xml(label)}</title>`,
    `<path d="${path}" fill="none" stroke="${colour}" stroke-width="${width}"${dash}/>`,
    endGlyph(route[0]!, route[1]!, relation.toCardinality, colour),
    endGlyph(route[route.length - 1]!, route[route.length - 2]!, relation.fromCardinality, colour),
  ];
  const marker = relation.status === 'added' ? '+' : relation.status === 'removed' ? '−' : '';
  if (marker !== '') {
    // the marker in text too, beside the middle of the line, so the change reads without colour
    const mid = midpoint(route);
    parts.push(
      `<text class="relation-marker" x="${round(mid.x + 4)}" y="${round(mid.y - 4)}" font-weight="bold" fill="${colour}">${marker}</text>`,
    );
  }
  parts.push('</g>');
  return parts.join('\n');
}

/**
 * Crow's foot at `end`, the line leaving towards `next`: a bar for "one", a circle for "zero",
 * a three-pronged foot for "many". The glyph nearest the box says the most.
 */
function endGlyph(end: Point, next: Point, cardinality: Cardinality, colour: string): string {
  const length = Math.hypot(next.x - end.x, next.y - end.y) || 1;
  const ux = (next.x - end.x) / length;
  const uy = (next.y - end.y) / length;
  const at = (d: number, side = 0): Point => ({
    x: round(end.x + ux * d - uy * side),
    y: round(end.y + uy * d + ux * side),
  });
  const line = (a: Point, b: Point): string =>
    `<path d="M${a.x} ${a.y} L${b.x} ${b.y}" stroke="${colour}" stroke-width="1.2" fill="none"/>`;
  const shapes: string[] = [];
  const many = cardinality === 'many' || cardinality === 'zero-or-many';
  const zero = cardinality === 'zero-or-one' || cardinality === 'zero-or-many';
  if (many) {
    shapes.push(line(at(0, -6), at(10)), line(at(0, 6), at(10)), line(at(0), at(10)));
  } else {
    shapes.push(line(at(6, -6), at(6, 6)));
  }
  if (zero) {
    const c = at(many ? 15 : 13);
    shapes.push(`<circle cx="${c.x}" cy="${c.y}" r="3.5" fill="#FFFFFF" stroke="${colour}" stroke-width="1.2"/>`);
  } else {
    shapes.push(line(at(11, -6), at(11, 6)));
  }
  return `<g class="cardinality" data-cardinality="${cardinality}">${shapes.join('')}</g>`;
}

function midpoint(route: readonly Point[]): Point {
  const a = route[Math.floor((route.length - 1) / 2)]!;
  const b = route[Math.floor(route.length / 2)]!;
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

function legendSvg(at: Point): string {
  const items: [ItemStatus, string][] = [
    ['added', '+ added'],
    ['removed', '− dropped'],
    ['changed', '~ changed'],
  ];
  const parts = [`<g class="legend" data-kind="legend">`];
  let x = at.x;
  const y = at.y + 8;
  for (const [status, text] of items) {
    const width = Math.ceil(text.length * CHAR_WIDTH + 16);
    parts.push(
      `<rect x="${x}" y="${y}" width="${width}" height="22" rx="3" fill="${FILL[status]}" stroke="${COLOUR[status]}" stroke-width="1.5"/><text x="${x + 8}" y="${y + 15}" font-weight="bold" fill="${COLOUR[status]}">${xml(text)}</text>`,
    );
    x += width + 10;
  }
  parts.push(`<text x="${x + 4}" y="${y + 15}" fill="#666666">faded: unchanged neighbour, for context</text>`, '</g>');
  return parts.join('');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export function xml(text: string): string {
  return (
    text
      // characters XML 1.0 forbids even escaped (a name could hold one): shown as the replacement character
      // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is matched
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}
