import type { FieldDeclaration, ModelBlock } from '../../src/psl/index.js';
import { decodeString, encodeString, parseSchema, plainSpan, tokenize } from '../../src/psl/index.js';

const parse = (text: string, path = 'schema.prisma') => parseSchema([{ path, text }]);

describe('lexer', () => {
  it('reads numbers, negative numbers, identifiers that start with digits, and dotted names', () => {
    const kinds = tokenize('a 12 -3 4.5 2fa db.VarChar "x"').map((t) => `${t.kind}:${t.text}`);
    expect(kinds).toEqual([
      'ident:a',
      'number:12',
      'number:-3',
      'number:4.5',
      'ident:2fa',
      'ident:db',
      'dot:.',
      'ident:VarChar',
      'string:"x"',
      'eof:',
    ]);
  });

  it('tells doc comments from comments and keeps them whole', () => {
    const tokens = tokenize('/// doc\n// plain  \nx // tail');
    expect(tokens.filter((t) => t.kind.endsWith('comment')).map((t) => [t.kind, t.text])).toEqual([
      ['doc-comment', '/// doc'],
      ['comment', '// plain  '],
      ['comment', '// tail'],
    ]);
  });

  it('counts lines over LF, CRLF and CR', () => {
    const tokens = tokenize('a\r\nb\rc\nd');
    expect(tokens.filter((t) => t.kind === 'ident').map((t) => t.line)).toEqual([1, 2, 3, 4]);
  });

  it('decodes and encodes string escapes', () => {
    expect(decodeString('"a\\"b\\\\c\\n\\u0041"').value).toBe('a"b\\c\nA');
    expect(decodeString('"a\\qb"').badEscapes).toEqual([2]);
    for (const s of ['', 'plain', 'quote " and \\ backslash', 'line\nbreak\ttab', 'ünïcödé 🎉', '\u0001']) {
      expect(decodeString(encodeString(s)).value).toBe(s);
    }
  });
});

describe('parser', () => {
  it('gives every node a span with file, line, column and offset', () => {
    const text =
      'datasource db {\n  provider = "postgresql"\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  email String @unique @db.VarChar(255)\n}\n';
    const { ast, diagnostics } = parse(text, 'prisma/schema.prisma');
    expect(diagnostics).toEqual([]);
    const model = ast.files[0]?.items.find((i) => i.kind === 'model') as ModelBlock;
    expect(plainSpan(model.name.span)).toEqual({
      file: 'prisma/schema.prisma',
      start: { offset: 51, line: 5, column: 7 },
      end: { offset: 55, line: 5, column: 11 },
    });
    expect(text.slice(51, 55)).toBe('User');
    const email = model.members.find((m) => m.kind === 'field' && m.name.name === 'email') as FieldDeclaration;
    expect(email.type.name).toBe('String');
    expect(email.type.span.start).toMatchObject({ line: 7, column: 9 });
    const native = email.attributes[1];
    expect(native?.name).toBe('db.VarChar');
    expect(native?.span.start).toMatchObject({ line: 7, column: 24 });
    expect(native?.args?.args[0]?.value).toMatchObject({ kind: 'number', value: '255' });
    expect(text.slice(email.span.start.offset, email.span.end.offset)).toBe('email String @unique @db.VarChar(255)');
  });

  it('keeps comments, doc comments, trailing comments and empty lines in place', () => {
    const text =
      '// top\n/// doc of A\nmodel A { // open\n  /// doc of id\n  id Int @id // trailing\n\n  // before index\n  @@map("a") // after map\n} // close\n';
    const { ast, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    const items = ast.files[0]?.items ?? [];
    expect(items.map((i) => i.kind)).toEqual(['comment', 'comment', 'model']);
    const model = items[2] as ModelBlock;
    expect(model.openComment?.text).toBe('// open');
    expect(model.closeComment?.text).toBe('// close');
    expect(model.members.map((m) => m.kind)).toEqual(['comment', 'field', 'empty', 'comment', 'block-attribute']);
    const field = model.members[1] as FieldDeclaration;
    expect(field.trailingComment?.text).toBe('// trailing');
  });

  it('parses every kind of block, field type and expression', () => {
    const text = [
      'generator client {',
      '  provider        = "prisma-client-js"',
      '  previewFeatures = ["views", "typedSql"]',
      '  binaryTargets   = [env("TARGET"), "native"]',
      '}',
      'enum Role {',
      '  USER  @map("user")',
      '  ADMIN',
      '  @@map("roles")',
      '}',
      'view Stats {',
      '  id Int @unique',
      '}',
      'type Address {',
      '  street String',
      '}',
      'model A {',
      '  id   String                   @id @default(dbgenerated("gen_random_uuid()"))',
      '  v    Unsupported("tsvector")?',
      '  tags String[]                 @default([])',
      '  n    Float                    @default(-1.5)',
      '  @@index([tags(ops: ArrayOps), n(sort: Desc)], type: Gin, where: raw("n > 0"))',
      '}',
    ].join('\n');
    const { ast, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(ast.files[0]?.items.map((i) => i.kind)).toEqual(['generator', 'enum', 'view', 'type', 'model']);
    const model = ast.files[0]?.items[4] as ModelBlock;
    const v = model.members[1] as FieldDeclaration;
    expect(v.type).toMatchObject({
      name: 'Unsupported',
      optional: true,
      list: false,
      unsupported: { value: 'tsvector' },
    });
  });

  it('recovers line by line and reports every broken line', () => {
    const text = 'model A {\n  id Int @id\n  x: Int\n  y String!\n  z Int\n}\nmodel B {\n  id Int @id(\n}\n';
    const { ast, diagnostics } = parse(text);
    expect(diagnostics.map((d) => `${d.code}@${d.span.start.line}`)).toEqual([
      'legacy-field-colon@3',
      'legacy-required-marker@4',
      'unexpected-line-end@8',
    ]);
    const [a, b] = (ast.files[0]?.items ?? []) as ModelBlock[];
    expect(a?.members.map((m) => m.kind)).toEqual(['field', 'invalid', 'invalid', 'field']);
    expect(b?.members.map((m) => m.kind)).toEqual(['invalid']);
    expect(b?.members[0]).toMatchObject({ kind: 'invalid', text: 'id Int @id(' });
  });

  it('skips an unknown block as one error instead of one per line', () => {
    const { ast, diagnostics } = parse('table X {\n  a b\n  c d\n}\nmodel A {\n  id Int @id\n}\n');
    expect(diagnostics.map((d) => d.code)).toEqual(['invalid-top-level-line']);
    expect(ast.files[0]?.items.map((i) => i.kind)).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'model']);
  });

  it('parses several files as one schema, with each span naming its file', () => {
    const { ast, diagnostics } = parseSchema([
      { path: 'schema.prisma', text: 'datasource db {\n  provider = "postgresql"\n}\n' },
      { path: 'models/user.prisma', text: 'model User {\n  id Int @id\n}\n' },
    ]);
    expect(diagnostics).toEqual([]);
    expect(ast.files.map((f) => f.path)).toEqual(['schema.prisma', 'models/user.prisma']);
    const user = ast.files[1]?.items[0] as ModelBlock;
    expect(user.name.span.file).toBe('models/user.prisma');
  });

  it('accepts CRLF files and a byte-order mark', () => {
    const { ast, diagnostics } = parse('\uFEFFmodel A {\r\n  id Int @id\r\n}\r\n');
    expect(diagnostics).toEqual([]);
    expect((ast.files[0]?.items[0] as ModelBlock | undefined)?.members[0]).toMatchObject({
      kind: 'field',
      span: { start: { line: 2, column: 3 } },
    });
  });

  it('never throws, whatever the input', () => {
    for (const text of [
      '',
      '{',
      '}',
      '@@',
      '"',
      'model',
      'model A',
      'model A {',
      'model A {\n  x Int @default("\n',
      '\u0000\u0001',
      'enum E {\n  A @map(\n}',
      'datasource db {\n  provider = [\n}',
    ]) {
      expect(() => parse(text)).not.toThrow();
    }
  });
});
