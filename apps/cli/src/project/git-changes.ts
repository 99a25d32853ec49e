/**
 * `migrate lint --since REF`: the migration folders a branch added or changed, asked of git
 * itself. Compared with where the branch left REF (`git merge-base REF HEAD`), so migrations
 * merged into REF since then are not this branch's; without a common history (a shallow clone),
 * with REF itself. Uncommitted and untracked files count: the working tree is what gets linted.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { StrataCliError } from '../errors/cli-error.js';

interface GitResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

function git(args: readonly string[], cwd: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
        reject(
          new StrataCliError('invalid-argument', '--since needs git, and no `git` command was found.', {
            hint: 'Install git, or select the migrations another way (names, --latest N).',
          }),
        );
        return;
      }
      resolve({ ok: error === null, stdout, stderr });
    });
  });
}

/** Names of the migration folders under `migrationsDir` that differ from `ref`, in name order. */
export async function migrationsChangedSince(ref: string, migrationsDir: string, cwd: string): Promise<string[]> {
  if (ref === '' || ref.startsWith('-'))
    throw new StrataCliError('invalid-argument', `--since "${ref}" is not a git revision.`, {
      hint: 'Pass a branch, tag or commit: --since origin/main.',
    });
  const top = await git(['rev-parse', '--show-toplevel'], cwd);
  if (!top.ok)
    throw new StrataCliError('invalid-argument', `--since needs a git repository: ${cwd} is not inside one.`, {
      hint: 'Run it in the repository, or select the migrations another way (names, --latest N).',
      details: { git: top.stderr.trim() },
    });
  const root = top.stdout.trim();
  const known = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root);
  if (!known.ok)
    throw new StrataCliError('invalid-argument', `--since ${ref}: git knows no such commit.`, {
      hint: 'Check the name, or fetch it first (on CI: a checkout with the full history, e.g. fetch-depth: 0).',
      details: { ref },
    });
  if (!existsSync(migrationsDir)) return [];
  const base = await git(['merge-base', ref, 'HEAD'], root);
  const against = base.ok ? base.stdout.trim() : ref;
  // git prints paths relative to the repository's top level, whose path it resolves through links
  const relative = path.relative(root, realpathSync(migrationsDir)).split(path.sep).join('/');
  const pathspec = relative === '' ? '.' : relative;
  const changed = await git(['diff', '--name-only', '--no-renames', '-z', against, '--', pathspec], root);
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '-z', '--', pathspec], root);
  for (const result of [changed, untracked])
    if (!result.ok)
      throw new StrataCliError('invalid-argument', `git could not list the changes since ${ref}.`, {
        hint: 'Run the same git command yourself to see why: git diff --name-only <ref> -- <migrations folder>.',
        details: { git: result.stderr.trim() },
      });
  const prefix = relative === '' ? '' : `${relative}/`;
  const folders = new Set<string>();
  for (const file of [...changed.stdout.split('\0'), ...untracked.stdout.split('\0')]) {
    if (!file.startsWith(prefix)) continue;
    const parts = file.slice(prefix.length).split('/');
    // a file of the folder itself (migration_lock.toml) belongs to no migration
    if (parts.length > 1 && parts[0] !== undefined) folders.add(parts[0]);
  }
  // a migration deleted since `ref` has nothing left to lint
  const present = new Set(
    readdirSync(migrationsDir, { withFileTypes: true })
      // dot-folders are no migrations (the folder reader skips them too)
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name),
  );
  return [...folders].filter((name) => present.has(name)).sort();
}

/** The top folder of the git work tree that holds `dir` (a `.git` folder or file there), if any. */
export function repositoryRoot(dir: string): string | undefined {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (existsSync(path.join(at, '.git'))) return at;
    if (path.dirname(at) === at) return undefined;
  }
}
