/**
 * Mermaid `erDiagram` text, for Markdown renderers (GitHub draws it in issues and pull requests).
 * Mermaid has no colours per item here, so a migration's changes are said in words: in each
 * column's comment (`"+ added"`) and in each relation's label. Names are reduced to what Mermaid's
 * grammar accepts (letters, digits, `_`), kept unique, and the real name is given in a comment.
 */
import type { Cardinality, DiagramModel, ItemStatus } from './model.js';
import { statusMarker, statusWord } from './model.js';

export function renderMermaid(model: DiagramModel): string {
  const names = new Map<string, string>();
  const used = new Set<string>();
  const nameOf = (id: string): string => {
    const known = names.get(id);
    if (known !== undefined) return known;
    let base = id.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    names.set(id, name);
    return name;
  };
  const lines: string[] = ['erDiagram'];
  if (model.title !== undefined) lines.unshift(`%% ${oneLine(model.title)}`);
  for (const table of model.tables) {
    const name = nameOf(table.id);
    const said = [
      name === table.id ? '' : table.id,
      table.kind === 'view' ? 'view' : '',
      statusWord(table.status),
      table.dimmed ? 'context' : '',
    ].filter((w) => w !== '');
    if (said.length > 0) lines.push(`  %% ${name}: ${oneLine(said.join(', '))}`);
    lines.push(`  ${name} {`);
    for (const column of table.columns) {
      const keys = [column.primaryKey ? 'PK' : '', column.foreignKey ? 'FK' : '', column.unique ? 'UK' : '']
        .filter((k) => k !== '')
        .join(', ');
      const comment = [statusText(column.status), column.detail ?? '', column.nullable ? 'nullable' : '']
        .filter((w) => w !== '')
        .join('; ');
      lines.push(
        `    ${word(column.type)} ${word(column.name)}${keys === '' ? '' : ` ${keys}`}${comment === '' ? '' : ` "${quoted(comment)}"`}`,
      );
    }
    // an index, a key or a rename: a row of its own, as Mermaid has no notes in entities
    for (const note of table.notes)
      lines.push(`    note _ "${quoted(`${statusText(note.status)} ${note.text}`.trim())}"`);
    lines.push('  }');
  }
  for (const item of model.enums) {
    const name = nameOf(item.id);
    lines.push(`  %% ${name}: enum${item.status === 'unchanged' ? '' : `, ${statusWord(item.status)}`}`);
    lines.push(`  ${name} {`);
    for (const value of item.values) {
      const status = statusText(value.status);
      lines.push(`    enum ${word(value.name)}${status === '' ? '' : ` "${quoted(status)}"`}`);
    }
    lines.push('  }');
  }
  for (const relation of model.relations) {
    const label = `${statusMarker(relation.status)}${relation.status === 'unchanged' ? '' : ' '}${relation.columns.join(', ')}`;
    lines.push(
      `  ${nameOf(relation.to)} ${LEFT[relation.toCardinality]}--${RIGHT[relation.fromCardinality]} ${nameOf(relation.from)} : "${quoted(label)}"`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const LEFT: Record<Cardinality, string> = { one: '||', 'zero-or-one': '|o', many: '}|', 'zero-or-many': '}o' };
const RIGHT: Record<Cardinality, string> = { one: '||', 'zero-or-one': 'o|', many: '|{', 'zero-or-many': 'o{' };

function statusText(status: ItemStatus): string {
  return status === 'unchanged' ? '' : `${statusMarker(status)} ${status === 'removed' ? 'dropped' : status}`;
}

/** A type or attribute name as Mermaid's grammar takes it: `DECIMAL(10,2)` becomes `DECIMAL(10_2)`. */
function word(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_\-[\]()]/g, '_');
  return /^[A-Za-z_*]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

function quoted(text: string): string {
  return oneLine(text).replace(/"/g, "'");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}
