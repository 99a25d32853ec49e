/**
 * Creating a folder and its missing parents, without `mkdir({ recursive: true })`: Node's
 * recursive mkdir loops forever (100% CPU) when the file system answers ENOENT for a folder
 * whose parent exists, which /proc and /sys do (`strata generate --output /proc/nope/x.ts`
 * hung until killed). Here each missing folder is created once, top-down, so any refusal
 * surfaces as the file system's own error (ENOENT, ENOTDIR, EACCES, EROFS, ...) at once.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    const stat = statOrUndefined(current);
    if (stat !== undefined) {
      if (!stat.isDirectory()) throw notADirectory(current);
      break;
    }
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Another process may have created it in between: that is what we wanted.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statOrUndefined(folder)?.isDirectory()) throw error;
    }
  }
}

function statOrUndefined(file: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a file further up; the walk up reaches it and names it
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** The error `mkdir` gives for a path through a file, with the file's path. */
function notADirectory(file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${file}'`), {
    code: 'ENOTDIR',
    errno: -20,
    syscall: 'mkdir',
    path: file,
  });
}
