import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { renderDiagnostic, renderDiagnostics } from '../../src/psl/index.js';
import { analyzeSchema, DIAGNOSTIC_CATALOGUE } from '../../src/schema/index.js';
import { generateLargeSchema } from '../../src/testing/large-schema.js';

describe('the diagnostic catalogue', () => {
  it('has unique kebab-case codes', () => {
    const codes = DIAGNOSTIC_CATALOGUE.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
  });

  it('is documented in docs/schema-diagnostics.md, code by code', () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, '../../../../docs/schema-diagnostics.md'), 'utf8');
    const undocumented = DIAGNOSTIC_CATALOGUE.filter((d) => !doc.includes(`| \`${d.code}\` | ${d.severity} |`)).map(
      (d) => d.code,
    );
    expect(undocumented).toEqual([]);
  });
});

describe('columns that collide after @map', () => {
  it('reports every later field, each time naming the first field on the column', () => {
    const text =
      'datasource db {\n  provider = "postgresql"\n}\nmodel A {\n  id Int @id\n  x  Int @map("c")\n  y  Int @map("c")\n  c  Int\n  b  B?\n}\nmodel B {\n  id Int @id\n  a  A  @relation(fields: [id], references: [id])\n}\n';
    const found = analyzeSchema([{ path: 's.prisma', text }]).errors.filter((e) => e.code === 'duplicate-column');
    expect(found.map((e) => [e.span.start.line, e.message])).toEqual([
      [7, 'The field `y` maps to the column `c`, which the field `x` already uses.'],
      [8, 'The field `c` maps to the column `c`, which the field `x` already uses.'],
    ]);
  });
});

describe('renderDiagnostic', () => {
  const text = 'datasource db {\n  provider = "postgresql"\n}\nmodel User {\n  id   Int   @id\n  name Strin\n}\n';
  const sources = [{ path: 'prisma/schema.prisma', text }];

  it('shows file:line:column, the source line and a caret under the span', () => {
    const [diag] = analyzeSchema(sources).errors;
    if (diag === undefined) throw new Error('expected an error');
    expect(renderDiagnostic(diag, sources)).toBe(
      [
        'error[unknown-type]: Type `Strin` is neither a built-in type, nor an enum, nor a model.',
        ' --> prisma/schema.prisma:6:8',
        '  |',
        '6 |   name Strin',
        '  |        ^^^^^',
        '  = hint: built-in types: String, Boolean, Int, BigInt, Float, Decimal, DateTime, Json, Bytes',
      ].join('\n'),
    );
  });

  it('renders without a code frame when the file is unknown, and renders several at once', () => {
    const { errors } = analyzeSchema(sources);
    const [diag] = errors;
    if (diag === undefined) throw new Error('expected an error');
    expect(renderDiagnostic(diag, new Map())).toBe(
      'error[unknown-type]: Type `Strin` is neither a built-in type, nor an enum, nor a model.\n --> prisma/schema.prisma:6:8\n  = hint: built-in types: String, Boolean, Int, BigInt, Float, Decimal, DateTime, Json, Bytes',
    );
    expect(renderDiagnostics(errors, new Map([['prisma/schema.prisma', text]]))).toContain('6 |   name Strin');
  });

  it('keeps the caret aligned under tabs', () => {
    const tabbed = [{ path: 's.prisma', text: 'model A {\n\tid Int @id @nope\n}\n' }];
    const [diag] = analyzeSchema(tabbed).errors;
    if (diag === undefined) throw new Error('expected an error');
    expect(renderDiagnostic(diag, tabbed).split('\n').slice(3, 5)).toEqual([
      '2 |   id Int @id @nope',
      '  |               ^^^^',
    ]);
  });
});

describe('control characters in a schema (a binary file given as the schema)', () => {
  // What a terminal would obey instead of print: C0 (but newline), DEL, C1, bidirectional overrides.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

  it('escapes them in the message and the code frame, and keeps the caret under the character', () => {
    const sources = [{ path: 's.prisma', text: 'model A {\n  id Int @id\n}\n\u001b[2J\u0007 \u007f' }];
    const rendered = renderDiagnostics(analyzeSchema(sources).diagnostics, sources);
    expect(rendered).not.toMatch(RAW_CONTROL);
    const lines = rendered.split('\n');
    const frame = lines.findIndex((l) => l.startsWith('4 | '));
    expect(lines[frame]).toBe('4 | \\x1b[2J\\x07 \\x7f');
    expect(rendered).toContain('Unexpected character `\\x1b`');
    // after escaped characters on the same line, the caret still sits under the span
    const mapped = [{ path: 's.prisma', text: 'model A {\n  id Int @id @map("\u0007\u001b") @nope\n}\n' }];
    const [unknown] = analyzeSchema(mapped).errors;
    const frameLines = renderDiagnostic(unknown ?? fail('expected an error'), mapped).split('\n');
    expect(frameLines[3]).toBe('2 |   id Int @id @map("\\x07\\x1b") @nope');
    const caret = frameLines[4] ?? '';
    expect(caret.slice(caret.indexOf('^'))).toMatch(/^\^+$/);
    expect((frameLines[3] ?? '').slice(caret.indexOf('^'), caret.length)).toMatch(/^@?nope$/);
  });

  it('no rendered diagnostic holds a raw control character, whatever the bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 60 }), (bytes, text) => {
        for (const source of [Buffer.from(bytes).toString('utf8'), text, `model A {\n  id Int @id ${text}\n}`]) {
          const sources = [{ path: 'bin.prisma', text: source }];
          const rendered = renderDiagnostics(analyzeSchema(sources).diagnostics, sources);
          expect(rendered).not.toMatch(RAW_CONTROL);
        }
      }),
      { numRuns: 300 },
    );
  });
});

function fail(message: string): never {
  throw new Error(message);
}

describe('scale', () => {
  it('validates a generated 2,000-model schema without errors (timing is measured by the bench, not here)', () => {
    const text = generateLargeSchema(2000);
    const result = analyzeSchema([{ path: 'large.prisma', text }]);
    expect(result.errors).toEqual([]);
    expect(result.model?.models).toHaveLength(2000);
    expect(result.model?.enums).toHaveLength(40);
    // 1999 parent/children relations + 199 many-to-many "peers" relations
    expect(result.model?.relations).toHaveLength(1999 + 199);
  });
});
