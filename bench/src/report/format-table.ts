/**
 * Lays out rows under a header: the first `leftColumns` columns left-aligned (labels), the others
 * right-aligned (figures), two spaces apart, as plain text that reads the same in a terminal, a
 * CI log and a Markdown code block.
 *
 * @example
 * formatTable(['system', 'p99'], [['tokenwire', '0.42']]);
 * // 'system      p99\ntokenwire  0.42'
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  leftColumns = 1,
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column < leftColumns
          ? cell.padEnd(widths[column] ?? 0)
          : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
