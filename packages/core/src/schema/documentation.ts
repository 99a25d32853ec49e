/**
 * `///` documentation comments. Like Prisma:
 * - a block's documentation is the run of `///` lines directly above it;
 * - a field's or enum value's documentation is every `///` line since the previous field (empty
 *   lines and `//` comments in between do not matter), plus a `///` comment at the end of its
 *   own line.
 * One deliberate difference: a block attribute (`@@index`, ...) ends the run, so a `///` line
 * above `@@index` documents nothing. The formatter moves block attributes (with the comments
 * above them) to the end of the block, and this rule makes that move meaning-preserving.
 * Each line is trimmed; lines are joined with `\n`.
 */
import type { Comment, EnumMember, ModelMember, TopLevelItem } from '../psl/ast.js';

export function commentText(c: Comment): string {
  return c.text.replace(/^\/\/\/?/, '').trim();
}

/** The documentation of the top-level item at `index`, or undefined. */
export function blockDocumentation(items: readonly TopLevelItem[], index: number): string | undefined {
  const lines: string[] = [];
  for (let i = index - 1; i >= 0; i--) {
    const item = items[i];
    if (item === undefined || item.kind !== 'comment' || !item.doc) break;
    lines.push(commentText(item));
  }
  return lines.length === 0 ? undefined : lines.reverse().join('\n');
}

/**
 * The documentation of every declaration (field or enum value) of a block, by member index.
 */
export function memberDocumentation(members: readonly (ModelMember | EnumMember)[]): Map<number, string> {
  const docs = new Map<number, string>();
  let pending: string[] = [];
  members.forEach((m, i) => {
    if (m.kind === 'comment') {
      if (m.doc) pending.push(commentText(m));
      return;
    }
    if (m.kind === 'empty' || m.kind === 'invalid') return;
    if (m.kind === 'block-attribute') {
      pending = [];
      return;
    }
    const lines = pending;
    pending = [];
    if (m.trailingComment?.doc) lines.push(commentText(m.trailingComment));
    if (lines.length > 0) docs.set(i, lines.join('\n'));
  });
  return docs;
}
