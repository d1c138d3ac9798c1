/** The implementation matrix as a text table: one row per spec, one column per implementation. */
import type { CellOutcome, MatrixGrid } from './reporter';

const WORDS: Record<CellOutcome, string> = {
  pass: 'pass',
  fail: 'FAIL',
  'expected-fail': 'expected fail',
  'unexpected-pass': 'UNEXPECTEDLY PASSING',
};

/** A cell in words: `pass`, `FAIL`, `expected fail`, `UNEXPECTEDLY PASSING`, or `not run`. */
export function cellWords(outcome: CellOutcome | undefined): string {
  return outcome ? WORDS[outcome] : 'not run';
}

/** True when the cell went as the matrix file expects (it counts as passed). */
export function cellAsExpected(outcome: CellOutcome): boolean {
  return outcome === 'pass' || outcome === 'expected-fail';
}

/** The table, columns padded to their widest cell. */
export function formatMatrixTable(grid: MatrixGrid): string {
  const header = ['spec', ...grid.implementations];
  const rows = grid.rows.map((r) => [r.spec, ...grid.implementations.map((i) => cellWords(r.cells[i]))]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
