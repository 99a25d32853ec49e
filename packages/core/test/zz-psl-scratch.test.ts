import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { schemaText } from './psl/arbitraries.js';
it('x', () => { writeFileSync('/tmp/psl-oracle/random.json', JSON.stringify(fc.sample(schemaText, { numRuns: 300, seed: 7 }))); });
