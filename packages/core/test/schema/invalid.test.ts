/**
 * The catalogue of invalid schemas (`invalid-cases.ts`): each must fail with the expected code
 * at the expected line:column, and produce no model.
 */
import { renderDiagnostic } from '../../src/psl/index.js';
import { analyzeSchema, DIAGNOSTIC_CATALOGUE } from '../../src/schema/index.js';
import { INVALID_CASES } from './invalid-cases.js';

describe('invalid schemas', () => {
  it('has at least 80 cases', () => {
    expect(INVALID_CASES.length).toBeGreaterThanOrEqual(80);
  });

  it('has unique case names', () => {
    expect(new Set(INVALID_CASES.map((c) => c.name)).size).toBe(INVALID_CASES.length);
  });

  it.each(INVALID_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const sources = [{ path: 'schema.prisma', text: c.schema }];
    const result = analyzeSchema(sources, c.options ?? {});
    expect(result.model).toBeUndefined();
    const first = result.errors[0];
    if (first === undefined) throw new Error('expected an error');
    expect({ code: first.code, at: `${first.span.start.line}:${first.span.start.column}` }).toEqual({
      code: c.code,
      at: c.at,
    });
    // Every diagnostic renders with a code frame pointing into the file.
    expect(renderDiagnostic(first, sources)).toContain(`schema.prisma:${c.at}`);
  });

  it('covers every error code of the catalogue except the ones a catalogue entry cannot trigger alone', () => {
    const covered = new Set(INVALID_CASES.map((c) => c.code));
    const errors = DIAGNOSTIC_CATALOGUE.filter((d) => d.severity === 'error').map((d) => d.code);
    expect(errors.filter((code) => !covered.has(code))).toEqual([]);
  });
});

describe('several errors at once', () => {
  it('reports every error of a schema in one run, in source order', () => {
    const text = [
      'datasource db {',
      '  provider = "postgresql"',
      '}',
      'model A {',
      '  id   Int    @id',
      '  name Strin',
      '  x    Int    @default("no")',
      '  @@index([nope])',
      '}',
      'model B {',
      '  id Int @id @id2',
      '  y: Int',
      '}',
    ].join('\n');
    const result = analyzeSchema([{ path: 's.prisma', text }]);
    expect(result.errors.map((e) => `${e.code}@${e.span.start.line}:${e.span.start.column}`)).toEqual([
      'unknown-type@6:8',
      'invalid-default@7:24',
      'unknown-index-field@8:12',
      'unknown-attribute@11:15',
      'legacy-field-colon@12:4',
    ]);
  });
});
