// Statistics and the plain-text tables the bench prints.

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (values: readonly number[]): number => percentile(values, 50);
export const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
export const ratio = (value: number): string => `${value.toFixed(2)}×`;
export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
export const verdict = (value: number, goal: number): string => (value <= goal ? 'yes' : 'NO');

export type Cell = string | number;

/** A plain-text table: the first column left-aligned, the others right-aligned. */
export function table(title: string, header: readonly string[], rows: readonly (readonly Cell[])[], notes: readonly string[] = []): void {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells: readonly Cell[]) =>
    cells.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join('  ');
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  rows.forEach((row) => console.log(line(row)));
  notes.forEach((note) => console.log(note));
}

/** Milliseconds since a process.hrtime.bigint() reading. */
export function since(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}
