// Migration lint: every migration.sql of documenso's history (160+ folders, SQL only, no
// snapshots) through the PostgreSQL provider, in a fresh process per run as `strata migrate lint`
// would be: the figure is the parser's WASM load plus reading and linting the folder, every run
// cold (target 1 s). The notes give the parser's load apart, and what the process spent besides:
// node's start and the imports of core and the provider, which every command pays. Skipped, with
// a note, without the corpus (STRATA_CORPUS).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusDir } from '@strata/testkit';

const here = path.dirname(fileURLToPath(import.meta.url));
const folder = () => path.join(corpusDir() ?? '', 'documenso__documenso', 'migrations');

export const scenarios = [
  {
    name: 'lint-pg-documenso-migrations',
    targetMs: 1000,
    runs: 5,
    skip: () => (corpusDir() === undefined ? 'corpus not found (set STRATA_CORPUS)' : undefined),
    run() {
      const start = performance.now();
      const out = execFileSync(process.execPath, [path.join(here, '..', 'lint-folder.mjs'), folder()], {
        encoding: 'utf8',
      });
      const processMs = performance.now() - start;
      const r = JSON.parse(out.trim().split('\n').pop());
      if (r.parseErrors > 0) throw new Error(`${r.parseErrors} statements the parser rejected`);
      return {
        ms: r.parserMs + r.lintMs,
        notes:
          `${r.migrations} migrations, ${r.findings} findings; parser load ${r.parserMs.toFixed(0)} ms + ` +
          `lint ${r.lintMs.toFixed(0)} ms; whole process ${processMs.toFixed(0)} ms (imports ${r.importMs.toFixed(0)} ms)`,
      };
    },
  },
];
