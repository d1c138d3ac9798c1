/** How a matrix cell is judged against the matrix file, and the table built from the cells. */
import type { CellOutcome, MatrixGrid, MatrixPlace, SpecReport } from '../report/reporter';
import type { Verdict } from '../verdict';
import type { Matrix } from './load';

/** A cell's outcome: a failure the file expects is `expected-fail`; an unusable input is never an expected failure. */
export function cellOutcome(verdict: Verdict, expectFail: string | undefined): CellOutcome {
  if (expectFail === undefined) return verdict === 'passed' ? 'pass' : 'fail';
  if (verdict === 'passed') return 'unexpected-pass';
  return verdict === 'failed' ? 'expected-fail' : 'fail';
}

/** The verdict a cell counts as: passed when it went as the file expects, the result's own otherwise. */
export function countedVerdict(verdict: Verdict, outcome: CellOutcome): Verdict {
  if (outcome === 'pass' || outcome === 'expected-fail') return 'passed';
  return outcome === 'unexpected-pass' ? 'failed' : verdict;
}

/** Places a spec's report in the matrix, with its counted verdict. */
export function placeInMatrix(
  report: SpecReport,
  implementation: string,
  spec: string,
  expectFail: string | undefined,
): SpecReport {
  const outcome = cellOutcome(report.verdict, expectFail);
  const place: MatrixPlace = {
    implementation,
    spec,
    outcome,
    ...(expectFail !== undefined ? { reason: expectFail } : {}),
  };
  return { ...report, verdict: countedVerdict(report.verdict, outcome), matrix: place };
}

/** One row per spec (in the collection's order), one column per implementation; cells not run stay empty. */
export function matrixGrid(
  matrix: Pick<Matrix, 'implementations'>,
  specs: readonly string[],
  reports: readonly SpecReport[],
): MatrixGrid {
  const implementations = matrix.implementations.map((i) => i.name);
  return {
    implementations,
    rows: specs.map((spec) => ({
      spec,
      cells: Object.fromEntries(
        implementations.map((impl) => [
          impl,
          reports.find((r) => r.matrix?.spec === spec && r.matrix.implementation === impl)?.matrix?.outcome,
        ]),
      ),
    })),
  };
}
