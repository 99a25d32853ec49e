// Core: parse + validate, lower and diff at the scale of a very large project (2,000 models).
import { analyzeSchema, diff, lower } from '@strata/core';
import { provider as postgres } from '@strata/provider-postgres';
// The generators live in @strata/core/testing, whose entry point also loads jest: import the module itself.
import { generateLargeIr, mutate } from '../../packages/core/dist/testing/generate.js';
import { generateLargeSchema } from '../../packages/core/dist/testing/large-schema.js';

const MODELS = 2000;

export const scenarios = [
  {
    name: 'parse-validate-2000-models',
    targetMs: 300,
    setup: () => ({ text: generateLargeSchema(MODELS) }),
    run({ text }) {
      const result = analyzeSchema([{ path: 'schema.prisma', text }]);
      if (result.model === undefined) throw new Error('generated schema did not validate');
    },
  },
  {
    name: 'lower-2000-models',
    targetMs: 200,
    setup() {
      const { model } = analyzeSchema([{ path: 'schema.prisma', text: generateLargeSchema(MODELS) }]);
      return { model };
    },
    run({ model }) {
      const ir = lower(model, postgres);
      if (ir.tables.length < MODELS) throw new Error('lower lost tables');
    },
  },
  {
    name: 'diff-2000-tables-10pct-changed',
    targetMs: 100,
    setup() {
      const from = generateLargeIr(MODELS, 1);
      return { from, to: mutate(from, 0.1, 2) };
    },
    run({ from, to }) {
      const changes = diff(from, to, { hooks: postgres.diffHooks });
      if (changes.length === 0) throw new Error('no changes found');
    },
  },
];
