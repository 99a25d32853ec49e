/**
 * Migration folders written to disk and linted as `strata migrate lint` reads them (migration.sql
 * and the before/after snapshots, lowered the way the workflow lowers them), for a provider's
 * lint tests.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintMigration } from '../lint/lint-migration.js';
import type { LintFinding } from '../lint/types.js';
import type { Provider } from '../provider/contract.js';
import { snapshotToDatabase } from '../workflows/context.js';

export interface LintFixtureFiles {
  readonly sql: string;
  /** before.prisma / after.prisma text; absent: the folder has none. */
  readonly before?: string;
  readonly after?: string;
}

export interface LintFixture {
  /** Writes one migration folder, reads it back and lints it (with rows per table, as `--url` counts them). */
  lint(files: LintFixtureFiles, rows?: ReadonlyMap<string, number>): Promise<LintFinding[]>;
  /** Removes the folders. */
  close(): void;
}

export function createLintFixture(provider: Provider): LintFixture {
  const root = mkdtempSync(path.join(tmpdir(), `strata-lint-${provider.id}-`));
  let folders = 0;
  return {
    async lint(files, rows) {
      const name = `2026010100${String(++folders).padStart(4, '0')}_step`;
      const dir = path.join(root, 'migrations', name);
      mkdirSync(dir, { recursive: true });
      const read = (file: string, text: string): string => {
        writeFileSync(path.join(dir, file), text);
        return readFileSync(path.join(dir, file), 'utf8');
      };
      const sql = read('migration.sql', files.sql);
      const snapshot = (file: string, text: string | undefined) =>
        text === undefined ? undefined : snapshotToDatabase(read(file, text), provider, `${name}/${file}`);
      const before = snapshot('before.prisma', files.before);
      const after = snapshot('after.prisma', files.after);
      return lintMigration({
        provider,
        name,
        sql,
        ...(before === undefined ? {} : { before }),
        ...(after === undefined ? {} : { after }),
        ...(rows === undefined ? {} : { rows }),
      });
    },
    close: () => rmSync(root, { recursive: true, force: true }),
  };
}
