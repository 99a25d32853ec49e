#!/usr/bin/env node
// Regenerates the reference pictures in docs/img/ from the corpus (shared/corpus beside the
// repository, or STRATA_CORPUS): the SVG strata writes and a PNG of it rasterized by resvg, so a
// reader of docs/ sees what a reviewer sees. Run after `pnpm build`:
//   pnpm --filter @strata/diagram docs:images
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { analyzeSchema, diff, lower } from '@strata/core';
import { migrationDiagramSvg, renderDiagram, schemaDiagram } from '@strata/diagram';
import { provider as postgres } from '@strata/provider-postgres';

const root = path.resolve(import.meta.dirname, '../../..');
const corpus = process.env.STRATA_CORPUS ?? path.resolve(root, '../shared/corpus');
if (!existsSync(corpus)) {
  console.error(`corpus not found at ${corpus}: set STRATA_CORPUS`);
  process.exit(1);
}
const out = path.join(root, 'docs/img');

function lowered(file, name = 'schema.prisma') {
  const result = analyzeSchema([{ path: name, text: readFileSync(file, 'utf8') }]);
  if (result.model === undefined) throw new Error(`${file} does not validate`);
  return { model: result.model, database: lower(result.model, postgres) };
}

function write(name, svg) {
  writeFileSync(path.join(out, `${name}.svg`), svg);
  const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans Mono' } }).render();
  writeFileSync(path.join(out, `${name}.png`), png.asPng());
  console.log(`docs/img/${name}.svg and .png (${png.width}×${png.height})`);
}

// A whole schema: ghostfolio (15 models, 9 enums), as `strata diagram` draws it.
const ghostfolio = lowered(path.join(corpus, 'ghostfolio__ghostfolio/schema.prisma'));
write(
  'schema-ghostfolio',
  renderDiagram(
    schemaDiagram(ghostfolio.database, { model: ghostfolio.model, title: 'ghostfolio: prisma/schema.prisma' }),
    'svg',
  ),
);

// One migration of documenso's history, 20250807011918_add_organisation_sso_portal: the schema
// at the commit before it and at the commit that added it, as `migrate dev` draws diagram.svg.
const history = path.join(corpus, 'documenso__documenso/history');
const index = readFileSync(path.join(history, 'index.tsv'), 'utf8').split('\n');
const commit = (prefix) => index.find((line) => line.startsWith(prefix)).split('\t')[0];
const before = lowered(path.join(history, commit('d1eb14ac'))).database;
const after = lowered(path.join(history, commit('9ac7b94d'))).database;
write(
  'migration-documenso-sso-portal',
  migrationDiagramSvg({
    name: '20250807011918_add_organisation_sso_portal',
    before,
    after,
    changes: diff(before, after, { hooks: postgres.diffHooks }),
  }),
);
