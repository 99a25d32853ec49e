import { readFileSync } from 'node:fs';
import { formatSchema } from '../src/psl/index.js';
it('x', () => {
  for (const f of ['t2', 't3', 't4']) console.log(formatSchema(readFileSync(`/tmp/psl-oracle/${f}.prisma`, 'utf8')));
});
