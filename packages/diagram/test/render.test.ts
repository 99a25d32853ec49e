/**
 * The SVG rasterized by a real renderer (resvg, no browser): it draws, at the size the SVG says,
 * with ink on it; and the Mermaid text parsed by Mermaid's own parser (it runs in Node without a
 * browser for erDiagram).
 */
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { Resvg } from '@resvg/resvg-js';
import { diff } from '@strata/core';
import { provider as postgres } from '@strata/provider-postgres';
import { migrationDiagram, renderMermaid, renderSvg, schemaDiagram } from '../src/index.js';
import { corpus, lowerSchema, lowerText } from './support.js';

const odd = lowerText([
  {
    path: 'schema.prisma',
    text: `datasource db {\n  provider = "postgresql"\n}\nenum Kind {\n  a_b @map("a b")\n  C\n}\nmodel Weird {\n  id Int @id\n  price Decimal @db.Decimal(10, 2)\n  at DateTime @db.Timestamptz(6)\n  kind Kind\n  tags String[]\n  quote String @map("say \\"hi\\"")\n  child Child?\n  @@map("2 weird-table")\n}\nmodel Child {\n  id Int @id\n  weird Weird @relation(fields: [weirdId], references: [id])\n  weirdId Int @unique\n}\n`,
  },
]);

function rasterize(svg: string): { width: number; height: number; png: Buffer; ink: number } {
  const rendered = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans Mono' } }).render();
  const pixels = rendered.pixels;
  let ink = 0;
  for (let i = 0; i < pixels.length; i += 4)
    if (pixels[i]! < 200 || pixels[i + 1]! < 200 || pixels[i + 2]! < 200) ink++;
  return {
    width: rendered.width,
    height: rendered.height,
    png: rendered.asPng(),
    ink: ink / (rendered.width * rendered.height),
  };
}

describe('rasterized with resvg', () => {
  const pictures: [string, string][] = [
    ['a schema with odd names', renderSvg(schemaDiagram(odd.database, { model: odd.model }))],
  ];
  if (corpus !== undefined) {
    const { model, database } = lowerSchema(path.join(corpus, 'ghostfolio__ghostfolio/schema.prisma'));
    pictures.push(['ghostfolio', renderSvg(schemaDiagram(database, { model, title: 'ghostfolio' }))]);
  }
  test.each(pictures)('%s: the size the SVG says, a PNG with lines and text on white', (_, svg) => {
    const size = /width="(\d+)" height="(\d+)"/.exec(svg)!;
    const { width, height, png, ink } = rasterize(svg);
    expect([width, height]).toEqual([Number(size[1]), Number(size[2])]);
    expect(width).toBeGreaterThanOrEqual(320);
    expect(width).toBeLessThan(8000);
    expect(height).toBeGreaterThan(50);
    expect(height).toBeLessThan(8000);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(2000);
    // boxes, lines and text cover part of the picture, not none and not all
    expect(ink).toBeGreaterThan(0.01);
    expect(ink).toBeLessThan(0.6);
  });
});

describe('Mermaid', () => {
  test('erDiagram text of schemas and migrations parses with Mermaid', async () => {
    const { default: mermaid } = await import('mermaid');
    const texts = [renderMermaid(schemaDiagram(odd.database, { model: odd.model }))];
    const empty = lowerText([
      { path: 'schema.prisma', text: 'datasource db {\n  provider = "postgresql"\n}\n' },
    ]).database;
    texts.push(
      renderMermaid(
        migrationDiagram({
          before: empty,
          after: odd.database,
          changes: diff(empty, odd.database, { hooks: postgres.diffHooks }),
        }),
      ),
    );
    texts.push(
      renderMermaid(
        migrationDiagram({
          before: odd.database,
          after: empty,
          changes: diff(odd.database, empty, { hooks: postgres.diffHooks }),
        }),
      ),
    );
    if (corpus !== undefined) {
      const { model, database } = lowerSchema(path.join(corpus, 'lukevella__rallly/schema'));
      texts.push(renderMermaid(schemaDiagram(database, { model })));
    }
    expect(texts[0]).toContain('DECIMAL(10_2)');
    for (const text of texts) await expect(mermaid.parse(text)).resolves.toMatchObject({ diagramType: 'er' });
    // the parser does reject what is not erDiagram text
    await expect(mermaid.parse('erDiagram\n  A ||--o{ {B : x\n')).rejects.toThrow();
  });
});
