/**
 * The data structures made lean for large schemas (see `bench/scenarios/10-core.mjs`) must give
 * exactly what the straightforward versions gave. Each test checks one of them against a plain
 * reference implementation written here.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { pairBy } from '../../src/diff/pairing.js';
import type { DatabaseSchema, FieldDeclaration, SchemaAst, Span } from '../../src/index.js';
import {
  blocksOf,
  byteLength,
  canonicalize,
  parseSchema,
  plainSpan,
  tokenize,
  truncateToBytes,
} from '../../src/index.js';

// --- names cut to a byte limit: computed from UTF-16 units instead of a TextEncoder

const encoder = new TextEncoder();
const referenceByteLength = (text: string): number => encoder.encode(text).length;
function referenceTruncate(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = referenceByteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

// Any UTF-16 string, lone surrogates included (TextEncoder turns them into U+FFFD, 3 bytes).
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const anyText = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'é', '€', '😀', '\ud800', '\udfff'), anyUnit) });

describe('byte lengths and truncation', () => {
  test('byteLength is the UTF-8 length TextEncoder gives', () => {
    fc.assert(fc.property(anyText, (text) => byteLength(text) === referenceByteLength(text)));
  });

  test('truncateToBytes cuts where the code-point-by-code-point reference cuts', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: -2, max: 80 }), (text, max) => {
        expect(truncateToBytes(text, max)).toBe(referenceTruncate(text, max));
      }),
    );
  });
});

// --- pairing by key: a map-free path for lists that are already aligned

function referencePairBy<A, B>(
  from: readonly A[],
  to: readonly B[],
  keyOfFrom: (a: A) => string,
  keyOfTo: (b: B) => string,
  renames: ReadonlyMap<string, string>,
) {
  const toByKey = new Map<string, B>();
  for (const b of to) toByKey.set(keyOfTo(b), b);
  const renameTargets = new Set(renames.values());
  const used = new Set<string>();
  const pairs: [A, B][] = [];
  const dropped: A[] = [];
  for (const a of from) {
    const key = keyOfFrom(a);
    const targetKey = renames.get(key) ?? (renameTargets.has(key) ? undefined : key);
    const b = targetKey === undefined || used.has(targetKey) ? undefined : toByKey.get(targetKey);
    if (b === undefined || targetKey === undefined) dropped.push(a);
    else {
      used.add(targetKey);
      pairs.push([a, b]);
    }
  }
  return { pairs, dropped, created: to.filter((b) => !used.has(keyOfTo(b))) };
}

interface Item {
  readonly key: string;
  readonly side: 'from' | 'to';
  readonly index: number;
}

const keys = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 8 });

describe('pairBy', () => {
  test('gives what the map-based reference gives, aligned or not, with repeated keys and renames', () => {
    fc.assert(
      fc.property(
        keys,
        keys,
        fc.boolean(),
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('d', 'e', 'f')), { maxLength: 2 }),
        (fromKeys, toKeys, aligned, renameList) => {
          const from: Item[] = fromKeys.map((key, index) => ({ key, side: 'from', index }));
          // Half the cases use the same keys on both sides: the path without maps.
          const to: Item[] = (aligned ? fromKeys : toKeys).map((key, index) => ({ key, side: 'to', index }));
          const renames = new Map(renameList);
          const key = (i: Item): string => i.key;
          expect(pairBy(from, to, key, key, renames)).toEqual(referencePairBy(from, to, key, key, renames));
        },
      ),
    );
  });
});

// --- canonical form: objects without `undefined` properties are shared, not copied

const hasUndefined = (value: unknown): boolean =>
  Array.isArray(value)
    ? value.some(hasUndefined)
    : value !== null && typeof value === 'object'
      ? Object.values(value).some((v) => v === undefined || hasUndefined(v))
      : false;

describe('canonicalize', () => {
  test('drops undefined properties at any depth, keeps everything else, and is idempotent', () => {
    const schema = {
      provider: 'postgresql',
      namespaces: ['public'],
      tables: [
        {
          name: 'B',
          namespace: undefined,
          columns: [
            { name: 'id', type: { scalar: 'Int', native: 'INTEGER', list: undefined }, nullable: false },
            { name: 'x', type: { scalar: 'String', native: 'TEXT' }, nullable: true, default: undefined },
          ],
          indexes: [
            { name: 'z', unique: false, columns: [{ name: 'x' }] },
            { name: 'a', unique: true, columns: [{ name: 'x', sort: undefined }] },
          ],
          foreignKeys: [],
        },
        { name: 'A', columns: [], indexes: [], foreignKeys: [] },
      ],
      enums: [],
      unmanaged: [
        { kind: 'view', name: 'v2' },
        { kind: 'trigger', name: 'v1', table: undefined },
        { kind: 'function', name: 'v1' },
      ],
    } as unknown as DatabaseSchema;
    const once = canonicalize(schema);
    expect(hasUndefined(once)).toBe(false);
    expect(JSON.parse(JSON.stringify(once))).toEqual(once);
    expect(once.tables.map((t) => t.name)).toEqual(['A', 'B']);
    expect(once.tables[1]?.indexes.map((i) => i.name)).toEqual(['a', 'z']);
    expect(once.tables[1]?.columns[1]).toEqual({
      name: 'x',
      type: { scalar: 'String', native: 'TEXT' },
      nullable: true,
    });
    expect(once.unmanaged.map((u) => `${u.kind}:${u.name}`)).toEqual(['function:v1', 'trigger:v1', 'view:v2']);
    expect(canonicalize(once)).toEqual(once);
    // The input is never modified.
    expect('namespace' in (schema.tables[0] as object)).toBe(true);
  });
});

// --- the token stream and the syntax tree: one interned string per word, positions from offsets

function fieldsOf(ast: SchemaAst): FieldDeclaration[] {
  const fields: FieldDeclaration[] = [];
  for (const block of blocksOf(ast)) {
    for (const m of block.members) if (m.kind === 'field') fields.push(m);
  }
  return fields;
}

describe('token stream', () => {
  test('thousands of distinct words (the word table grows) keep their text and positions', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}_${i % 7}`);
    const text = words.map((w, i) => (i % 10 === 9 ? `${w}\n` : `${w} `)).join('');
    const tokens = tokenize(text).filter((t) => t.kind === 'ident');
    expect(tokens.map((t) => t.text)).toEqual(words);
    for (const t of tokens) expect(text.slice(t.offset, t.offset + t.text.length)).toBe(t.text);
    expect(tokens[10]).toMatchObject({ line: 2, column: 1 });
  });

  test('a repeated name is one string in the syntax tree, and spans still point at each use', () => {
    const text = 'model A {\n  createdAt DateTime\n}\n\nmodel B {\n  createdAt DateTime\n}\n';
    const { ast } = parseSchema([{ path: 's.prisma', text }]);
    const fields = fieldsOf(ast);
    expect(fields).toHaveLength(2);
    const [a, b] = fields as [FieldDeclaration, FieldDeclaration];
    expect(a.name.name).toBe('createdAt');
    expect(b.name.name).toBe('createdAt');
    expect(plainSpan(a.name.span)).toEqual({
      file: 's.prisma',
      start: { offset: 12, line: 2, column: 3 },
      end: { offset: 21, line: 2, column: 12 },
    });
    expect(plainSpan(b.name.span).start).toEqual({ offset: 46, line: 6, column: 3 });
  });

  test('a dotted attribute name is cut from the source in one piece, and still joined when spaced', () => {
    const text = 'model A {\n  a String @db.VarChar(3)\n  b String @db .VarChar(3)\n}\n';
    const { ast } = parseSchema([{ path: 's.prisma', text }]);
    const [a, b] = fieldsOf(ast) as [FieldDeclaration, FieldDeclaration];
    const [attrA, attrB] = [a.attributes[0], b.attributes[0]];
    expect(attrA?.name).toBe('db.VarChar');
    expect(attrB?.name).toBe('db.VarChar');
    expect(attrA?.name).toBe(attrB?.name);
    expect(plainSpan(attrA?.nameSpan as Span)).toMatchObject({ start: { line: 2, column: 13 }, end: { column: 23 } });
    expect(plainSpan(attrB?.nameSpan as Span)).toMatchObject({ start: { line: 3, column: 13 }, end: { column: 24 } });
  });

  test('nodes turn into plain data for JSON: spans, no offsets', () => {
    const { ast } = parseSchema([{ path: 's.prisma', text: 'model A {\n  id Int @id\n}\n' }]);
    const [field] = fieldsOf(ast) as [FieldDeclaration];
    const json = JSON.parse(JSON.stringify(field));
    expect(json).not.toHaveProperty('lines');
    expect(json).not.toHaveProperty('startOffset');
    expect(json.span).toEqual({
      file: 's.prisma',
      start: { offset: 12, line: 2, column: 3 },
      end: { offset: 22, line: 2, column: 13 },
    });
    expect(json.name).toMatchObject({ name: 'id', span: { start: { column: 3 } } });
    expect(json.type.nameSpan).toMatchObject({ start: { column: 6 }, end: { column: 9 } });
    expect(json.type).not.toHaveProperty('nameEnd');
    expect(json.attributes[0]).toMatchObject({ scope: 'field', name: 'id', nameSpan: { start: { column: 11 } } });
    expect(json.attributes[0]).not.toHaveProperty('nameStart');
    const [block] = blocksOf(ast);
    const blockJson = JSON.parse(JSON.stringify(block));
    expect(blockJson.keywordSpan).toMatchObject({ start: { line: 1, column: 1 }, end: { column: 6 } });
    expect(blockJson).not.toHaveProperty('keywordEnd');
  });
});
