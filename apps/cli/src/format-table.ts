/** A cell: strings as they are, booleans the way Supvisors prints them (True/False). */
export type Cell = string | number | boolean | null | undefined;

export function formatCell(cell: Cell): string {
  if (cell === null || cell === undefined || cell === '') return '-';
  if (typeof cell === 'boolean') return cell ? 'True' : 'False';
  // One row per line: a multi-line message would break the columns.
  return String(cell).replace(/\s*\n\s*/g, ' ');
}

/**
 * Left-aligned columns separated by two spaces, header first. The last column is not padded,
 * so lines carry no trailing blanks and a long description does not widen the others.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string[] {
  const cells = [headers.map(String), ...rows.map((row) => headers.map((_, i) => formatCell(row[i])))];
  const widths = headers.map((_, i) => Math.max(...cells.map((line) => displayWidth(line[i] ?? ''))));
  return cells.map((line) =>
    line
      .map((cell, i) =>
        i === line.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - displayWidth(cell) + 2),
      )
      .join(''),
  );
}

/** Code points, not UTF-16 units, so that names with accents line up. */
function displayWidth(text: string): number {
  return [...text].length;
}
