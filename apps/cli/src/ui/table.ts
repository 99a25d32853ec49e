// biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes (ESC [ ... m) are what is measured away
const ANSI_STYLE = /\u001b\[[0-9;]*m/g;

/** A plain-text table: columns padded to their widest cell (measured without colour codes). */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const visible = (cell: string) => cell.replace(ANSI_STYLE, '').length;
  const widths = header.map((title, i) => Math.max(visible(title), ...rows.map((row) => visible(row[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visible(cell))))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
