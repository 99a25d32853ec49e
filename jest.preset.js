// Shared jest setup: ESM TypeScript through @swc/jest (run jest with --experimental-vm-modules).
// Workspace packages resolve to their TypeScript sources, so tests never need a prior build.
import path from 'node:path';

const root = import.meta.dirname;

export function jestConfig(dir) {
  return {
    rootDir: dir,
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
          module: { type: 'es6' },
          sourceMaps: 'inline',
        },
      ],
    },
    moduleNameMapper: {
      '^@strata/core$': path.join(root, 'packages/core/src/index.ts'),
      '^@strata/core/project$': path.join(root, 'packages/core/src/project/index.ts'),
      '^@strata/core/testing$': path.join(root, 'packages/core/src/testing/index.ts'),
      '^@strata/diagram$': path.join(root, 'packages/diagram/src/index.ts'),
      '^@strata/testkit$': path.join(root, 'packages/testkit/src/index.ts'),
      '^@strata/provider-postgres$': path.join(root, 'packages/provider-postgres/src/index.ts'),
      '^@strata/provider-sqlite$': path.join(root, 'packages/provider-sqlite/src/index.ts'),
      '^@strata/api$': path.join(root, 'packages/api/src/index.ts'),
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    // `pnpm bench` copies package.json into dist-bench/: not a second module of the same name
    modulePathIgnorePatterns: ['<rootDir>/dist-bench/'],
    testTimeout: 60_000,
  };
}
