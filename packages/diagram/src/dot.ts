/**
 * Graphviz DOT, for those who render with `dot` or feed another tool: one HTML-like table per box,
 * relations with crow's-foot arrow ends, a cluster per group. Layout is left to Graphviz.
 */
import { columnFlags } from './box.js';
import type { Cardinality, DiagramModel, ItemStatus } from './model.js';
import { statusMarker, statusWord } from './model.js';

const COLOUR: Record<ItemStatus, string> = {
  added: '#009E73',
  removed: '#D55E00',
  changed: '#0072B2',
  unchanged: '#333333',
};

export function renderDot(model: DiagramModel): string {
  const lines = [
    'digraph schema {',
    '  graph [rankdir=LR, fontname="monospace", nodesep=0.4, ranksep=0.9];',
    '  node [shape=plaintext, fontname="monospace", fontsize=10];',
    '  edge [fontname="monospace", fontsize=9, dir=both];',
  ];
  if (model.title !== undefined) lines.push(`  label="${dq(model.title)}"; labelloc=t;`);
  const groups = new Map<string, string[]>();
  const add = (group: string | undefined, line: string): void => {
    const key = group ?? '';
    groups.set(key, [...(groups.get(key) ?? []), line]);
  };
  for (const table of model.tables) {
    const rows = table.columns.map((c) =>
      row(
        c.status,
        `${statusMarker(c.status)} ${c.name}`,
        c.type,
        [columnFlags(c), c.detail ?? ''].filter((x) => x !== '').join(' · '),
      ),
    );
    for (const note of table.notes) rows.push(row(note.status, `${statusMarker(note.status)} ${note.text}`, '', ''));
    add(
      table.group,
      node(
        table.id,
        title(table.title, table.status, table.kind === 'view' ? 'view' : ''),
        table.status,
        rows,
        table.dimmed,
      ),
    );
  }
  for (const item of model.enums) {
    const rows = item.values.map((v) => row(v.status, `${statusMarker(v.status)} ${v.name}`, '', ''));
    add(item.group, node(item.id, title(item.title, item.status, 'enum'), item.status, rows, item.dimmed));
  }
  let cluster = 0;
  for (const group of [...groups.keys()].sort()) {
    const members = groups.get(group) ?? [];
    if (group === '') lines.push(...members);
    else
      lines.push(
        `  subgraph cluster_${cluster++} {`,
        `    label="${dq(group)}";`,
        ...members.map((m) => `  ${m}`),
        '  }',
      );
  }
  for (const r of model.relations) {
    const marker = statusMarker(r.status);
    lines.push(
      `  "${dq(r.to)}" -> "${dq(r.from)}" [arrowtail=${ARROW[r.toCardinality]}, arrowhead=${ARROW[r.fromCardinality]}, color="${COLOUR[r.status]}", label="${dq(`${marker}${marker === '' ? '' : ' '}${r.columns.join(', ')}`)}"${r.status === 'removed' ? ', style=dashed' : ''}${r.dimmed ? ', penwidth=0.5' : ''}];`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

const ARROW: Record<Cardinality, string> = {
  one: 'teetee',
  'zero-or-one': 'teeodot',
  many: 'crowtee',
  'zero-or-many': 'crowodot',
};

function title(text: string, status: ItemStatus, kind: string): string {
  const marker = statusMarker(status);
  const suffix = [kind, statusWord(status)].filter((w) => w !== '').join(', ');
  return `${marker === '' ? '' : `${marker} `}${text}${suffix === '' ? '' : ` (${suffix})`}`;
}

function row(status: ItemStatus, name: string, type: string, flags: string): string {
  const colour = COLOUR[status];
  return `<TR><TD ALIGN="LEFT"><FONT COLOR="${colour}">${html(name.trim())}</FONT></TD><TD ALIGN="LEFT"><FONT COLOR="${colour}">${html(type)}</FONT></TD><TD ALIGN="LEFT"><FONT COLOR="${colour}">${html(flags)}</FONT></TD></TR>`;
}

function node(id: string, heading: string, status: ItemStatus, rows: readonly string[], dimmed: boolean): string {
  const colour = COLOUR[status];
  return `  "${dq(id)}" [label=<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" COLOR="${colour}"><TR><TD COLSPAN="3" ALIGN="LEFT"><B><FONT COLOR="${colour}">${html(heading)}</FONT></B></TD></TR>${rows.join('')}</TABLE>>${dimmed ? ', style=dashed' : ''}];`;
}

function dq(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\s+/g, ' ');
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
