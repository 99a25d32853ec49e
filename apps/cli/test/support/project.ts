/** A temp project on disk for end-to-end runs: schema versions written as a user would edit them. */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTempDir } from '@strata/testkit';
import { type CliResult, runCli } from './run-cli.js';

export interface TestProject {
  readonly dir: string;
  writeSchema(text: string): void;
  run(...args: string[]): Promise<CliResult>;
  runWith(options: { env?: Record<string, string | undefined>; input?: string }, ...args: string[]): Promise<CliResult>;
  migrations(): string[];
  read(relative: string): string;
  close(): void;
}

export function createProject(prefix: string, env: Record<string, string | undefined> = {}): TestProject {
  const temp = createTempDir(prefix);
  const dir = temp.dir;
  const migrationsDir = path.join(dir, 'prisma/migrations');
  return {
    dir,
    writeSchema(text) {
      mkdirSync(path.join(dir, 'prisma'), { recursive: true });
      writeFileSync(path.join(dir, 'prisma/schema.prisma'), text);
    },
    run: (...args) => runCli(args, { cwd: dir, env }),
    runWith: (options, ...args) =>
      runCli(args, {
        cwd: dir,
        env: { ...env, ...options.env },
        ...(options.input === undefined ? {} : { input: options.input }),
      }),
    migrations: () => {
      try {
        return readdirSync(migrationsDir, { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => e.name)
          .sort();
      } catch {
        return [];
      }
    },
    read: (relative) => readFileSync(path.join(dir, relative), 'utf8'),
    close: () => temp.close(),
  };
}

/** The error document `--json` prints on failure. */
export interface ErrorJson {
  error: { code: string; message: string; hint?: string; details: Record<string, unknown>; exitCode: number };
}
