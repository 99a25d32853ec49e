/**
 * Property tests (fast-check): printing, parsing and formatting agree with each other on random
 * valid schemas, and no input, however broken, makes the parser or validator throw or hang.
 */
import fc from 'fast-check';
import { formatSchema, loadSchemaFiles, type SourceFile } from '../../src/psl/index.js';
import { analyzeSchema, printSchema, type SchemaModel } from '../../src/schema/index.js';
import { corpusDir, mainSchemas } from '../corpus.js';
import { messyVariant, schemaText } from './arbitraries.js';
import { canonicalJson, withoutSpans } from './meaning.js';

function validModel(text: string): SchemaModel {
  const result = analyzeSchema([{ path: 'schema.prisma', text }]);
  if (result.model === undefined) {
    throw new Error(
      `generated schema is invalid:\n${result.errors.map((e) => `${e.code} ${e.span.start.line}:${e.span.start.column} ${e.message}`).join('\n')}\n${text}`,
    );
  }
  return result.model;
}

const meaning = (text: string): string => {
  const r = analyzeSchema([{ path: 'schema.prisma', text }]);
  return canonicalJson({ model: withoutSpans(r.model), errors: r.errors.map((e) => e.code) });
};

describe('properties on random valid schemas', () => {
  it('generated schemas are valid', () => {
    fc.assert(
      fc.property(schemaText, (text) => {
        validModel(text);
      }),
      { numRuns: 200 },
    );
  });

  it('print -> parse -> print is unchanged, and the model survives', () => {
    fc.assert(
      fc.property(schemaText, (text) => {
        const model = validModel(text);
        const printed = printSchema(model);
        const reread = validModel(printed);
        expect(printSchema(reread)).toBe(printed);
        expect(canonicalJson(withoutSpans(reread))).toBe(canonicalJson(withoutSpans(model)));
      }),
      { numRuns: 200 },
    );
  });

  it('format is idempotent and never changes the meaning, however the schema is laid out', () => {
    fc.assert(
      fc.property(
        schemaText.chain((text) => messyVariant(text).map((messy) => ({ text, messy }))),
        ({ text, messy }) => {
          const once = formatSchema(messy);
          expect(formatSchema(once)).toBe(once);
          expect(meaning(once)).toBe(meaning(messy));
          expect(meaning(messy)).toBe(meaning(text));
        },
      ),
      { numRuns: 200 },
    );
  });
});

const dir = corpusDir();
const describeCorpus = dir === undefined ? describe.skip : describe;

describeCorpus('robustness on mutated corpus schemas', () => {
  let corpus: SourceFile[] = [];
  beforeAll(async () => {
    const all: SourceFile[] = [];
    for (const s of mainSchemas(dir as string)) all.push(...(await loadSchemaFiles(s.path)));
    corpus = all;
  });

  const mutation = fc.record({
    at: fc.nat(),
    op: fc.constantFrom('insert', 'delete', 'replace', 'duplicate-line', 'truncate'),
    char: fc.constantFrom(
      '{',
      '}',
      '(',
      ')',
      '[',
      ']',
      '"',
      '\\',
      '@',
      '@@',
      '\n',
      ' ',
      '?',
      '!',
      ':',
      '=',
      ',',
      '.',
      '/',
      '//',
      '///',
      'x',
      '1',
      '-',
      '\t',
      '\r',
      'é',
      '\u0000',
      '🎉',
      'model ',
      'enum X {',
    ),
    length: fc.integer({ min: 1, max: 40 }),
  });

  it('random byte mutations produce diagnostics, never an exception or a hang', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 8 }), (fileIndex, mutations) => {
        const file = corpus[fileIndex % corpus.length] as SourceFile;
        let text = file.text;
        for (const m of mutations) {
          const at = m.at % (text.length + 1);
          if (m.op === 'insert') text = text.slice(0, at) + m.char + text.slice(at);
          else if (m.op === 'delete') text = text.slice(0, at) + text.slice(at + m.length);
          else if (m.op === 'replace') text = text.slice(0, at) + m.char + text.slice(at + m.char.length);
          else if (m.op === 'truncate') text = text.slice(0, at);
          else {
            const start = text.lastIndexOf('\n', at) + 1;
            const end = text.indexOf('\n', at);
            const line = text.slice(start, end === -1 ? text.length : end);
            text = `${text.slice(0, start)}${line}\n${text.slice(start)}`;
          }
        }
        const started = Date.now();
        const result = analyzeSchema([{ path: file.path, text }]);
        for (const d of result.diagnostics) {
          expect(d.span.start.line).toBeGreaterThanOrEqual(1);
          expect(d.span.start.offset).toBeLessThanOrEqual(text.length);
        }
        const formatted = formatSchema(text);
        expect(typeof formatted).toBe('string');
        // Linear algorithms: even the largest corpus file takes milliseconds; a hang would not.
        expect(Date.now() - started).toBeLessThan(5_000);
      }),
      { numRuns: 300 },
    );
  });
});
