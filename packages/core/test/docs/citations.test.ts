/**
 * Comments cite documents of this repository only: every `*.md` file a comment names in the
 * packages, the CLI or the benches must exist here, and a `#anchor` after it must be a heading
 * (or an explicit id) of that page, so `docs/architecture.md#history-table` keeps pointing at
 * something when the page is edited. Comments are found with TypeScript's own parser, so a `.md`
 * inside a string or a regular expression is not mistaken for a citation.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const SCANNED = ['packages/*/src', 'packages/*/test', 'apps/*/src', 'apps/*/test', 'bench'];
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'dist-typecheck', 'coverage']);

interface Citation {
  readonly file: string;
  readonly line: number;
  readonly target: string;
  readonly anchor?: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : sourceFiles(full);
    return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function scannedFiles(): string[] {
  return SCANNED.flatMap((pattern) => {
    const [first, star, last] = pattern.split('/');
    const dirs =
      star === '*'
        ? readdirSync(path.join(ROOT, first as string)).map((name) =>
            path.join(ROOT, first as string, name, last as string),
          )
        : [path.join(ROOT, pattern)];
    return dirs.filter((d) => statSync(d, { throwIfNoEntry: false })?.isDirectory() === true).flatMap(sourceFiles);
  });
}

/** Every comment of a source file, with its start offset. */
function comments(fileName: string, text: string): { readonly pos: number; readonly text: string }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found = new Map<number, string>();
  const collect = (ranges: readonly ts.CommentRange[] | undefined) => {
    for (const range of ranges ?? []) found.set(range.pos, text.slice(range.pos, range.end));
  };
  const visit = (node: ts.Node): void => {
    collect(ts.getLeadingCommentRanges(text, node.pos));
    collect(ts.getTrailingCommentRanges(text, node.end));
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...found].sort(([a], [b]) => a - b).map(([pos, comment]) => ({ pos, text: comment }));
}

const CITATION = /(?<![\w/.-])((?:[\w.-]+\/)*[\w.-]+\.md)(?![\w-])(?:#([\w-]+))?/g;

function citations(fileName: string, text: string): Citation[] {
  const lineOf = (pos: number) => text.slice(0, pos).split('\n').length;
  return comments(fileName, text).flatMap((comment) =>
    [...comment.text.matchAll(CITATION)].map((m) => ({
      file: fileName,
      line: lineOf(comment.pos + (m.index ?? 0)),
      target: m[1] as string,
      ...(m[2] === undefined ? {} : { anchor: m[2] }),
    })),
  );
}

/** GitHub's heading ids: lower case, punctuation dropped, spaces as dashes, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    for (const id of line.matchAll(/\bid="([^"]+)"/g)) anchors.add(id[1] as string);
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading === null) continue;
    const text = (heading[1] as string).replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** The cited file: from the repository root, else from the citing file's folder or its package. */
function resolveTarget(citation: Citation): string | undefined {
  const relative = path.relative(ROOT, citation.file).split(path.sep);
  const packageRoot = path.join(ROOT, relative[0] as string, relative[1] as string);
  return [ROOT, path.dirname(citation.file), packageRoot]
    .map((base) => path.join(base, citation.target))
    .find((candidate) => statSync(candidate, { throwIfNoEntry: false })?.isFile() === true);
}

function problemsOf(found: readonly Citation[]): string[] {
  const anchorCache = new Map<string, Set<string>>();
  return found.flatMap((citation) => {
    const where = `${path.relative(ROOT, citation.file)}:${citation.line}`;
    const target = resolveTarget(citation);
    if (target === undefined) return [`${where} cites ${citation.target}, which is not in the repository`];
    if (citation.anchor === undefined) return [];
    let anchors = anchorCache.get(target);
    if (anchors === undefined) {
      anchors = anchorsOf(readFileSync(target, 'utf8'));
      anchorCache.set(target, anchors);
    }
    return anchors.has(citation.anchor)
      ? []
      : [`${where} cites ${citation.target}#${citation.anchor}, which has no such heading`];
  });
}

describe('document citations in comments', () => {
  test('finds citations in comments only, with their anchors', () => {
    const file = path.join(ROOT, 'packages/core/src/example.ts');
    const text = [
      '/** Rows of the history table (NOTES.md, section 3). */',
      "const doc = 'docs/cli.md'; // see docs/architecture.md#history-table",
      'const pattern = /\\/\\/ docs\\/lint.md/;',
      '/* docs/architecture.md#no-such-section */',
    ].join('\n');
    const found = citations(file, text);
    expect(found.map((c) => [c.line, c.target, c.anchor])).toEqual([
      [1, 'NOTES.md', undefined],
      [2, 'docs/architecture.md', 'history-table'],
      [4, 'docs/architecture.md', 'no-such-section'],
    ]);
    expect(problemsOf(found)).toEqual([
      'packages/core/src/example.ts:1 cites NOTES.md, which is not in the repository',
      'packages/core/src/example.ts:4 cites docs/architecture.md#no-such-section, which has no such heading',
    ]);
  });

  test('heading anchors follow GitHub: punctuation dropped, repeats numbered', () => {
    const anchors = anchorsOf(
      '# A page\n## `strata migrate dev`\n## History table\n```\n# not a heading\n```\n## History table\n',
    );
    expect([...anchors]).toEqual(['a-page', 'strata-migrate-dev', 'history-table', 'history-table-1']);
  });

  test('every citation in the repository points at a file and heading that exist', () => {
    const files = scannedFiles();
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((file) => citations(file, readFileSync(file, 'utf8')));
    expect(found.some((c) => c.target === 'docs/architecture.md' && c.anchor === 'history-table')).toBe(true);
    expect(problemsOf(found)).toEqual([]);
  }, 120_000);

  test('links between the docs pages point at files and headings that exist', () => {
    const pages = [
      path.join(ROOT, 'README.md'),
      ...readdirSync(path.join(ROOT, 'docs'))
        .filter((name) => name.endsWith('.md'))
        .map((name) => path.join(ROOT, 'docs', name)),
    ];
    const problems = pages.flatMap((page) => {
      const text = readFileSync(page, 'utf8');
      return [...text.matchAll(/\]\(([\w./-]*\.md)?(?:#([\w-]+))?\)/g)].flatMap((m) => {
        const where = `${path.relative(ROOT, page)}:${text.slice(0, m.index).split('\n').length}`;
        const target = m[1] === undefined ? page : path.join(path.dirname(page), m[1]);
        if (statSync(target, { throwIfNoEntry: false })?.isFile() !== true)
          return [`${where} links to ${m[1]}, which does not exist`];
        if (m[2] === undefined || anchorsOf(readFileSync(target, 'utf8')).has(m[2])) return [];
        return [`${where} links to ${m[1] ?? ''}#${m[2]}, which has no such heading`];
      });
    });
    expect(problems).toEqual([]);
  });
});
