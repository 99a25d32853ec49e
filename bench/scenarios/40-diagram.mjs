// Diagrams: a 300-model schema drawn whole (diagram model, dagre layout of every connected set,
// SVG text), target 1 s; and the diagram.svg of a migration changing a tenth of those tables,
// which `migrate dev` adds to every run. The schema is core's generated large schema (every model
// related to the previous one, every 10th in a many-to-many), so one connected set of ~330 tables.
import { analyzeSchema, diff, lower } from '@strata/core';
import { migrationDiagramSvg, renderDiagram, schemaDiagram } from '@strata/diagram';
import { provider as postgres } from '@strata/provider-postgres';
import { mutate } from '../../packages/core/dist/testing/generate.js';
import { generateLargeSchema } from '../../packages/core/dist/testing/large-schema.js';

const MODELS = 300;

function lowered() {
  const { model } = analyzeSchema([{ path: 'schema.prisma', text: generateLargeSchema(MODELS) }]);
  return { model, database: lower(model, postgres) };
}

export const scenarios = [
  {
    name: 'diagram-svg-300-models',
    targetMs: 1000,
    setup: lowered,
    run({ model, database }) {
      const svg = renderDiagram(schemaDiagram(database, { model }), 'svg');
      if (!svg.includes('data-id="model_299"')) throw new Error('a table is missing from the diagram');
    },
  },
  {
    name: 'diagram-migration-300-models-10pct-changed',
    targetMs: 500,
    setup() {
      const { database } = lowered();
      const after = mutate(database, 0.1, 3);
      return { before: database, after, changes: diff(database, after, { hooks: postgres.diffHooks }) };
    },
    run({ before, after, changes }) {
      const svg = migrationDiagramSvg({ name: 'bench', before, after, changes });
      if (!svg.includes('class="legend"')) throw new Error('no legend');
    },
  },
];
