import { generateLargeSchema, parseSchema, tokenize } from '../src/psl/index.js';
import { validateSchema } from '../src/schema/index.js';
it('x', () => {
  const text = generateLargeSchema(2000);
  console.log('chars', text.length, 'lines', text.split('\n').length);
  for (let i = 0; i < 6; i++) {
    let t = performance.now();
    tokenize(text);
    const tl = performance.now() - t;
    t = performance.now();
    const { ast } = parseSchema([{ path: 'x', text }]);
    const tp = performance.now() - t;
    t = performance.now();
    validateSchema(ast);
    const tv = performance.now() - t;
    console.log(`lex ${tl.toFixed(0)} parse ${tp.toFixed(0)} validate ${tv.toFixed(0)}`);
  }
});
