/**
 * The formatter: Prisma's layout, computed from the syntax tree.
 * - 2-space indentation; one blank line between blocks; runs of blank lines collapse to one;
 *   no blank lines at the start or end of a block;
 * - fields are aligned in columns (name, type, attributes) within groups of lines not
 *   separated by a blank line; enum values (name, attributes) and `key = value` pairs likewise;
 *   a trailing comment follows its line's last column after one space;
 * - field attributes are sorted in Prisma's order (@id @unique @default @updatedAt @map
 *   @relation @ignore @db.*, then others as written);
 * - block attributes move after the fields, behind one blank line, sorted (@@id @@unique
 *   @@index @@fulltext @@map @@ignore @@schema, then others), each with the comment lines
 *   directly above it;
 * - every comment is kept (including after `{` and `}`, which Prisma drops or moves).
 * Lines the parser could not read are kept verbatim, so formatting a broken file loses nothing.
 */
import type {
  Attribute,
  Block,
  BlockAttributeLine,
  Comment,
  ConfigBlock,
  EnumMember,
  FieldDeclaration,
  KeyValue,
  ModelMember,
  SchemaFileAst,
  TopLevelItem,
} from './ast.js';
import { isBlock } from './ast.js';
import type { SourceFile } from './diagnostic.js';
import { printAttribute, printExpression } from './expressions.js';
import { parseSchema } from './parser.js';

const INDENT = '  ';

/** Formats one schema file. `path` only matters for multi-file schemas (it is not read). */
export function formatSchema(text: string, path = 'schema.prisma'): string {
  const { ast } = parseSchema([{ path, text }]);
  const file = ast.files[0];
  return file === undefined ? '' : formatFile(file);
}

/** Formats every file of a (multi-file) schema. */
export function formatSchemaFiles(sources: readonly SourceFile[]): SourceFile[] {
  const { ast } = parseSchema(sources);
  return ast.files.map((f) => ({ path: f.path, text: formatFile(f) }));
}

export function formatFile(file: SchemaFileAst): string {
  const out: string[] = [];
  let blankPending = false;
  let previous: TopLevelItem | undefined;
  for (const item of file.items) {
    if (item.kind === 'empty') {
      blankPending = out.length > 0;
      continue;
    }
    if (previous !== undefined) {
      // A block is always followed by a blank line; elsewhere (a comment above a block) one
      // blank line is kept if there was at least one.
      const needBlank = blankPending || isBlock(previous);
      if (needBlank) out.push('');
    }
    blankPending = false;
    if (isBlock(item)) out.push(...formatBlock(item));
    else out.push(item.text);
    previous = item;
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

function formatBlock(block: Block): string[] {
  const header = `${block.kind} ${block.name.name} {${block.openComment ? ` ${block.openComment.text}` : ''}`;
  const footer = `}${block.closeComment ? ` ${block.closeComment.text}` : ''}`;
  let body: string[];
  switch (block.kind) {
    case 'datasource':
    case 'generator':
      body = formatConfigMembers(block);
      break;
    case 'enum':
      body = formatWithBlockAttributes<EnumMember>(block.members, (group) => alignRows(group.map(enumValueRow)));
      break;
    default:
      body = formatWithBlockAttributes<ModelMember>(block.members, (group) => alignRows(group.map(fieldRow)));
  }
  return [header, ...body.map((l) => (l === '' ? '' : INDENT + l)), footer];
}

// ---------------------------------------------------------------------------------------------
// rows and alignment

/** A line made of columns, plus an optional trailing comment. */
interface Row {
  readonly cells: readonly string[];
  readonly comment?: Comment;
}

type Line = { kind: 'row'; row: Row } | { kind: 'text'; text: string };

/** Pads every cell but the last non-empty one to its column's width. */
function alignRows(lines: readonly Line[]): string[] {
  const widths: number[] = [];
  for (const l of lines) {
    if (l.kind !== 'row') continue;
    l.row.cells.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  }
  return lines.map((l) => {
    if (l.kind === 'text') return l.text;
    const cells = [...l.row.cells];
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    const text = cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i] ?? 0) : c)).join(' ');
    return l.row.comment ? `${text} ${l.row.comment.text}` : text;
  });
}

const FIELD_ATTRIBUTE_ORDER = ['id', 'unique', 'default', 'updatedAt', 'map', 'relation', 'ignore'];
const BLOCK_ATTRIBUTE_ORDER = ['id', 'unique', 'index', 'fulltext', 'map', 'ignore', 'schema'];

function fieldAttributeRank(a: Attribute): number {
  const i = FIELD_ATTRIBUTE_ORDER.indexOf(a.name);
  if (i >= 0) return i;
  return a.name.includes('.') ? FIELD_ATTRIBUTE_ORDER.length : FIELD_ATTRIBUTE_ORDER.length + 1;
}

function blockAttributeRank(a: Attribute): number {
  const i = BLOCK_ATTRIBUTE_ORDER.indexOf(a.name);
  return i >= 0 ? i : BLOCK_ATTRIBUTE_ORDER.length;
}

function stableSortBy<T>(items: readonly T[], rank: (t: T) => number): T[] {
  return items
    .map((item, i) => ({ item, i, r: rank(item) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.item);
}

export function fieldTypeText(f: FieldDeclaration): string {
  const t = f.type;
  const base = t.unsupported ? `Unsupported(${t.unsupported.raw})` : t.name;
  return `${base}${t.list ? '[]' : ''}${t.optional ? '?' : ''}`;
}

function fieldRow(m: ModelMember): Line {
  if (m.kind === 'field') {
    const attrs = stableSortBy(m.attributes, fieldAttributeRank).map(printAttribute).join(' ');
    return {
      kind: 'row',
      row: {
        cells: [m.name.name, fieldTypeText(m), attrs],
        ...(m.trailingComment ? { comment: m.trailingComment } : {}),
      },
    };
  }
  return { kind: 'text', text: triviaText(m) };
}

function enumValueRow(m: EnumMember): Line {
  if (m.kind === 'enum-value') {
    const attrs = m.attributes.map(printAttribute).join(' ');
    return {
      kind: 'row',
      row: { cells: [m.name.name, attrs], ...(m.trailingComment ? { comment: m.trailingComment } : {}) },
    };
  }
  return { kind: 'text', text: triviaText(m) };
}

function triviaText(m: ModelMember | EnumMember): string {
  switch (m.kind) {
    case 'comment':
    case 'invalid':
      return m.text;
    case 'block-attribute':
      return blockAttributeText(m);
    default:
      return '';
  }
}

function blockAttributeText(m: BlockAttributeLine): string {
  return `${printAttribute(m.attribute)}${m.trailingComment ? ` ${m.trailingComment.text}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// models, views, types and enums

/**
 * Splits the members into the body (fields/values, comments) and the block attributes with
 * the comment lines directly above each, formats the body in alignment groups, then appends
 * the sorted attributes behind a blank line.
 */
function formatWithBlockAttributes<M extends ModelMember | EnumMember>(
  members: readonly M[],
  formatGroup: (group: M[]) => string[],
): string[] {
  const body: M[] = [];
  const attributes: { attr: BlockAttributeLine; comments: Comment[] }[] = [];
  let pendingComments: M[] = [];
  for (const m of members) {
    if (m.kind === 'comment') {
      pendingComments.push(m);
      continue;
    }
    if (m.kind === 'block-attribute') {
      attributes.push({ attr: m, comments: pendingComments as Comment[] });
      pendingComments = [];
      continue;
    }
    body.push(...pendingComments, m);
    pendingComments = [];
  }
  body.push(...pendingComments);

  const out: string[] = [];
  let group: M[] = [];
  const flush = (): void => {
    if (group.length > 0) out.push(...formatGroup(group));
    group = [];
  };
  for (const m of body) {
    if (m.kind === 'empty') {
      flush();
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    group.push(m);
  }
  flush();
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  if (attributes.length > 0) {
    if (out.length > 0) out.push('');
    for (const { attr, comments } of stableSortBy(attributes, (a) => blockAttributeRank(a.attr.attribute))) {
      out.push(...comments.map((c) => c.text), blockAttributeText(attr));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// datasource and generator

function formatConfigMembers(block: ConfigBlock): string[] {
  const out: string[] = [];
  let group: (KeyValue | Comment | { kind: 'invalid'; text: string })[] = [];
  const flush = (): void => {
    const width = Math.max(0, ...group.map((m) => (m.kind === 'key-value' ? m.key.name.length : 0)));
    for (const m of group) {
      if (m.kind !== 'key-value') out.push(m.text);
      else {
        const line = `${m.key.name.padEnd(width)} = ${printExpression(m.value)}`;
        out.push(m.trailingComment ? `${line} ${m.trailingComment.text}` : line);
      }
    }
    group = [];
  };
  for (const m of block.members) {
    if (m.kind === 'empty') {
      flush();
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    group.push(m);
  }
  flush();
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}
