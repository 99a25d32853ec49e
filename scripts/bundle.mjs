#!/usr/bin/env node
// The production build of a package's JavaScript: `node ../../scripts/bundle.mjs` from the package
// folder, after `tsc --emitDeclarationOnly` wrote the declarations. Node's ES-module loader pays
// per file (read, parse, link), so each entry point becomes one ESM file, with code shared
// between entries in chunks and every `import()` of a local module a chunk of its own, loaded only
// when that code runs (generate, pull, lint renderers, a provider's driver and parser).
// Other packages stay external: @strata/core is one module shared by the CLI and every provider
// it loads, and a project-pinned provider brings its own copy. Source maps are linked, not
// inlined: Node reads them only when asked to (`strata --verbose`, see apps/cli/bin/run.js).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const dir = process.cwd();
const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));

/** Every .ts file under `folder` (relative to the package), tests left out. */
function sources(folder) {
  return readdirSync(path.join(dir, folder), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') && !d.name.endsWith('.d.ts'))
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)));
}

// CommonJS bundled into ESM (oclif and its dependencies) still calls require, __filename and __dirname.
const COMMONJS_SHIMS = [
  "import { createRequire as __strataCreateRequire } from 'node:module';",
  "import { fileURLToPath as __strataFileURLToPath } from 'node:url';",
  'const require = __strataCreateRequire(import.meta.url);',
  'const __filename = __strataFileURLToPath(import.meta.url);',
  "const __dirname = __strataFileURLToPath(new URL('.', import.meta.url));",
].join('\n');

const plans = {
  '@strata/core': {
    // testing/large-schema and testing/generate: the bench imports them without loading jest
    // project: the CLI's and the API's project look-up, without the rest of core
    entryPoints: [
      'src/index.ts',
      'src/project/index.ts',
      'src/testing/index.ts',
      'src/testing/large-schema.ts',
      'src/testing/generate.ts',
    ],
    packages: 'external',
  },
  '@strata/provider-postgres': { entryPoints: ['src/index.ts'], packages: 'external' },
  '@strata/provider-sqlite': { entryPoints: ['src/index.ts'], packages: 'external' },
  '@strata/provider-mysql': { entryPoints: ['src/index.ts'], packages: 'external' },
  '@strata/cli': {
    // One file per command, as the oclif manifest names them; oclif itself is bundled in (a
    // hundred files otherwise), other packages are loaded from node_modules.
    entryPoints: () => ['src/index.ts', 'src/execute.ts', ...sources('src/commands')],
    external: [
      '@strata/*',
      '@oclif/plugin-*',
      'ts-pattern',
      // oclif's development mode (TypeScript sources): never taken by an installed strata
      'typescript',
      'ts-node',
      'tsx',
    ],
    banner: COMMONJS_SHIMS,
  },
};

const plan = plans[pkg.name];
if (plan === undefined) throw new Error(`scripts/bundle.mjs has no plan for ${pkg.name}`);

// Declarations (tsc) stay; JavaScript from an earlier build (tsc's or this one's) goes.
for (const entry of readdirSync(path.join(dir, 'dist'), { recursive: true, withFileTypes: true })) {
  if (entry.isFile() && /\.(m?js|js\.map)$/.test(entry.name)) rmSync(path.join(entry.parentPath, entry.name));
}

await build({
  absWorkingDir: dir,
  entryPoints: typeof plan.entryPoints === 'function' ? plan.entryPoints() : plan.entryPoints,
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.17',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  sourcesContent: false,
  ...(plan.packages ? { packages: plan.packages } : {}),
  ...(plan.external ? { external: plan.external } : {}),
  ...(plan.banner ? { banner: { js: plan.banner } } : {}),
  logLevel: 'warning',
});
