import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { analyzeSchema } from '../src/schema/index.js';
it('x', () => {
  const files: string[] = [];
  for (const p of readdirSync('/work/shared/corpus')) { try { for (const f of readdirSync(`/work/shared/corpus/${p}/history`)) if (f.endsWith('.prisma')) files.push(`/work/shared/corpus/${p}/history/${f}`); } catch {} }
  const out: [string, boolean, string][] = [];
  let seed = 3;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (const f of files.filter((_, i) => i % 3 === 0)) {
    const text = readFileSync(f, 'utf8').replace(/^\s*(url|directUrl|shadowDatabaseUrl)\s*=.*$/mg, '');
    if (/provider\s*=\s*"(sqlite|mysql)"/.test(text)) continue;
    const lines = text.split('\n');
    for (let k = 0; k < 12; k++) {
      const i = Math.floor(rnd() * lines.length);
      const copy = [...lines];
      const op = rnd();
      const line = copy[i] ?? '';
      if (op < 0.2) copy.splice(i, 1);
      else if (op < 0.35) copy.splice(i, 0, line);
      else if (op < 0.5) copy[i] = line.replace(/ Int\b/, ' String').replace(/ String\b/, ' Int');
      else if (op < 0.7) { const attrs = [...line.matchAll(/ @[a-zA-Z.]+(\([^)]*\))?/g)]; const a = attrs[Math.floor(rnd() * attrs.length)]; if (a) copy[i] = line.replace(a[0], ''); }
      else if (op < 0.8) copy[i] = line.replace(/(\w+)\?/, '$1');
      else if (op < 0.9) copy[i] = line.replace(/\?/, '[]');
      else copy[i] = line.replace(/@default\([^)]*\)/, '@default("x")');
      const t = copy.join('\n');
      const r = analyzeSchema([{ path: 's.prisma', text: t }]);
      out.push([t, r.errors.length === 0, r.errors.map((e) => `${e.code}@${e.span.start.line}: ${e.message}`).join(' | ')]);
    }
  }
  writeFileSync('/tmp/psl-oracle/mutants.json', JSON.stringify(out));
});
