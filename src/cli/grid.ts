/** Text tables for the CLI: aligned columns, optional columns dropped when 0 everywhere. */

export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
export const ms = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
export const pct = (n: number, digits = 1): string => `${(n * 100).toFixed(digits)}%`;

/** A human duration from milliseconds: 250ms, 5s, 10m, 2h, 1h30m. */
export function humanDuration(t: number): string {
  if (t < 1000) return `${+t.toFixed(1)}ms`;
  if (t < 60_000) return `${+(t / 1000).toFixed(2)}s`;
  // Round to whole seconds first, so 119.6 s reads 2m, not 1m60s.
  const all = Math.round(t / 1000), h = Math.floor(all / 3600), m = Math.floor((all % 3600) / 60), s = all % 60;
  return [h ? `${h}h` : '', m ? `${m}m` : '', s ? `${s}s` : ''].join('') || '0s';
}

/** A table column: a header, a cell per row, and whether it is worth showing when every value is 0. */
export interface Column<T> { head: string; cell: (row: T) => string; value?: (row: T) => number }

/** Left-aligns the first column, right-aligns the others; drops optional columns that are 0 everywhere. */
export function grid<T>(rows: [string, T][], first: string, columns: Column<T>[]): string {
  const shown = columns.filter((c) => !c.value || rows.some(([, r]) => c.value!(r) !== 0));
  return align([[first, ...shown.map((c) => c.head)], ...rows.map(([name, r]) => [name, ...shown.map((c) => c.cell(r))])]);
}

/** Rows of cells as text: the first column left-aligned, the others right-aligned, two spaces apart. */
export function align(table: string[][]): string {
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  return table
    .map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd())
    .join('\n');
}

export const count = <T>(head: string, get: (r: T) => number): Column<T> => ({ head, cell: (r) => int(get(r)), value: get });

