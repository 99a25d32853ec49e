/**
 * Where every box and relation goes. Each group (a schema file, or the whole schema) is laid out
 * on its own: each connected set of related tables by dagre's layered layout (referenced tables
 * on the left, the tables that reference them to their right), then the sets, the unrelated
 * tables and the enums are packed in rows, largest first. Laying the sets out apart keeps a large
 * schema compact and the layout fast; nothing in it is random, and every input is sorted, so the
 * same model is always placed the same way.
 */
import dagre from '@dagrejs/dagre';
import { type BoxContent, enumBox, tableBox } from './box.js';
import type { DiagramModel, DiagramRelation } from './model.js';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedBox extends Rect {
  readonly content: BoxContent;
  readonly kind: 'table' | 'view' | 'enum';
}

export interface Frame extends Rect {
  readonly group: string;
}

export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  readonly boxes: ReadonlyMap<string, PlacedBox>;
  /** Each relation's route, from the referenced table (`to`) to the referencing one (`from`). */
  readonly routes: ReadonlyMap<string, readonly Point[]>;
  readonly frames: readonly Frame[];
  /** Where the legend's top-left corner is, when the model has one. */
  readonly legendAt?: Point;
}

export const MARGIN = 20;
export const TITLE_HEIGHT = 30;
export const LEGEND_HEIGHT = 44;
const GAP = 40;
const FRAME_PAD = 16;
const FRAME_TITLE = 24;

interface Block {
  readonly width: number;
  readonly height: number;
  /** Boxes and routes relative to the block's top-left corner. */
  readonly boxes: Map<string, PlacedBox>;
  readonly routes: Map<string, Point[]>;
  readonly frames: Frame[];
}

export function layoutDiagram(model: DiagramModel): DiagramLayout {
  const contents = new Map<string, { content: BoxContent; kind: PlacedBox['kind']; group: string }>();
  for (const table of model.tables)
    contents.set(table.id, { content: tableBox(table), kind: table.kind, group: table.group ?? '' });
  for (const item of model.enums)
    contents.set(item.id, { content: enumBox(item), kind: 'enum', group: item.group ?? '' });
  const groups = [...new Set([...contents.values()].map((c) => c.group))].sort();
  const framed = groups.length > 1 || (groups.length === 1 && groups[0] !== '');

  const groupBlocks: { group: string; block: Block }[] = groups.map((group) => {
    const ids = [...contents].filter(([, c]) => c.group === group).map(([id]) => id);
    const inside = new Set(ids);
    const relations = model.relations.filter((r) => inside.has(r.from) && inside.has(r.to));
    return { group, block: layoutGroup(ids, relations, contents) };
  });
  const blocks = framed
    ? groupBlocks.map(({ group, block }) => frameBlock(group, block))
    : groupBlocks.map((g) => g.block);
  const top = MARGIN + (model.title === undefined ? 0 : TITLE_HEIGHT);
  const packed = pack(blocks, GAP * 1.5);
  const all = translate(packed.block, MARGIN, top);

  // Relations between two groups: straight, from border to border, drawn under the boxes.
  for (const relation of model.relations) {
    if (all.routes.has(relation.id)) continue;
    const a = all.boxes.get(relation.to);
    const b = all.boxes.get(relation.from);
    if (a === undefined || b === undefined) continue;
    all.routes.set(relation.id, [borderPoint(a, centre(b)), borderPoint(b, centre(a))]);
  }
  let width = Math.max(packed.block.width + 2 * MARGIN, 320);
  let height = top + packed.block.height + MARGIN;
  let legendAt: Point | undefined;
  if (model.legend) {
    legendAt = { x: MARGIN, y: height };
    height += LEGEND_HEIGHT;
    width = Math.max(width, 640);
  }
  return {
    width: Math.ceil(width),
    height: Math.ceil(height),
    boxes: all.boxes,
    routes: all.routes,
    frames: all.frames,
    ...(legendAt === undefined ? {} : { legendAt }),
  };
}

function layoutGroup(
  ids: readonly string[],
  relations: readonly DiagramRelation[],
  contents: ReadonlyMap<string, { content: BoxContent; kind: PlacedBox['kind'] }>,
): Block {
  // connected sets of tables, by their relations
  const parent = new Map(ids.map((id) => [id, id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (const r of relations) {
    const [a, b] = [find(r.from), find(r.to)];
    // the smaller id is the root: the same sets whatever order the relations come in
    if (a < b) parent.set(b, a);
    else if (b < a) parent.set(a, b);
  }
  const sets = new Map<string, string[]>();
  for (const id of ids) {
    const root = find(id);
    sets.set(root, [...(sets.get(root) ?? []), id]);
  }
  const blocks: Block[] = [];
  const loose: Block[] = [];
  for (const members of [...sets.values()].sort((a, b) => b.length - a.length || (a[0]! < b[0]! ? -1 : 1))) {
    const inside = new Set(members);
    const own = relations.filter((r) => inside.has(r.from));
    if (members.length === 1 && own.length === 0) {
      const id = members[0]!;
      const { content, kind } = contents.get(id)!;
      const box: PlacedBox = { x: 0, y: 0, width: content.width, height: content.height, content, kind };
      // enums after tables, each kind in id order
      (kind === 'enum' ? loose : blocks).push({
        width: box.width,
        height: box.height,
        boxes: new Map([[id, box]]),
        routes: new Map(),
        frames: [],
      });
      continue;
    }
    blocks.push(layered(members, own, contents));
  }
  return pack([...blocks, ...loose], GAP).block;
}

/** One connected set of tables, laid out by dagre. */
function layered(
  members: readonly string[],
  relations: readonly DiagramRelation[],
  contents: ReadonlyMap<string, { content: BoxContent; kind: PlacedBox['kind'] }>,
): Block {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  // tight-tree ranking: a few ranks longer than network simplex at times, several times faster on large sets
  g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 72, edgesep: 14, marginx: 0, marginy: 0, ranker: 'tight-tree' });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of members) {
    const { content } = contents.get(id)!;
    g.setNode(id, { width: content.width, height: content.height });
  }
  for (const r of relations) g.setEdge(r.to, r.from, {}, r.id);
  dagre.layout(g);
  const boxes = new Map<string, PlacedBox>();
  let maxX = 0;
  let maxY = 0;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  for (const id of members) {
    const node = g.node(id);
    const { content, kind } = contents.get(id)!;
    const x = (node.x ?? 0) - content.width / 2;
    const y = (node.y ?? 0) - content.height / 2;
    boxes.set(id, { x, y, width: content.width, height: content.height, content, kind });
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x + content.width);
    maxY = Math.max(maxY, y + content.height);
  }
  const routes = new Map<string, Point[]>();
  for (const r of relations) {
    const points: readonly Point[] = g.edge({ v: r.to, w: r.from, name: r.id })?.points ?? [];
    for (const p of points) {
      minX = Math.min(minX, p.x);
      minY = Math.min(minY, p.y);
      maxX = Math.max(maxX, p.x);
      maxY = Math.max(maxY, p.y);
    }
    routes.set(
      r.id,
      points.map((p) => ({ x: p.x, y: p.y })),
    );
  }
  return translate({ width: maxX - minX, height: maxY - minY, boxes, routes, frames: [] }, -minX, -minY);
}

function frameBlock(group: string, block: Block): Block {
  const inner = translate(block, FRAME_PAD, FRAME_TITLE + FRAME_PAD);
  const width = block.width + 2 * FRAME_PAD;
  const height = block.height + FRAME_TITLE + 2 * FRAME_PAD;
  return { ...inner, width, height, frames: [{ group, x: 0, y: 0, width, height }, ...inner.frames] };
}

/**
 * Rows of blocks, in the given order, each row as wide as about the square root of the total
 * area (so the picture is roughly as wide as it is tall) and never narrower than the widest block.
 */
function pack(blocks: readonly Block[], gap: number): { block: Block } {
  const area = blocks.reduce((sum, b) => sum + (b.width + gap) * (b.height + gap), 0);
  const widest = blocks.reduce((max, b) => Math.max(max, b.width), 0);
  const rowWidth = Math.max(widest, Math.sqrt(area * 1.6));
  const boxes = new Map<string, PlacedBox>();
  const routes = new Map<string, Point[]>();
  const frames: Frame[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const block of blocks) {
    if (x > 0 && x + block.width > rowWidth) {
      x = 0;
      y += rowHeight + gap;
      rowHeight = 0;
    }
    const moved = translate(block, x, y);
    for (const [id, box] of moved.boxes) boxes.set(id, box);
    for (const [id, route] of moved.routes) routes.set(id, route);
    frames.push(...moved.frames);
    width = Math.max(width, x + block.width);
    x += block.width + gap;
    rowHeight = Math.max(rowHeight, block.height);
  }
  return { block: { width, height: y + rowHeight, boxes, routes, frames } };
}

function translate(block: Block, dx: number, dy: number): Block {
  const move = (p: Point): Point => ({ x: round(p.x + dx), y: round(p.y + dy) });
  return {
    width: block.width,
    height: block.height,
    boxes: new Map([...block.boxes].map(([id, b]) => [id, { ...b, x: round(b.x + dx), y: round(b.y + dy) }])),
    routes: new Map([...block.routes].map(([id, points]) => [id, points.map(move)])),
    frames: block.frames.map((f) => ({ ...f, x: round(f.x + dx), y: round(f.y + dy) })),
  };
}

/** Two decimals: enough for a picture, and the SVG text is the same on every machine. */
function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function centre(r: Rect): Point {
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
}

/** Where the line from the centre of `r` towards `to` leaves `r`. */
function borderPoint(r: Rect, to: Point): Point {
  const c = centre(r);
  const dx = to.x - c.x;
  const dy = to.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const scale = Math.min(
    dx === 0 ? Number.POSITIVE_INFINITY : r.width / 2 / Math.abs(dx),
    dy === 0 ? Number.POSITIVE_INFINITY : r.height / 2 / Math.abs(dy),
  );
  return { x: round(c.x + dx * scale), y: round(c.y + dy * scale) };
}
