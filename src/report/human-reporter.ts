/**
 * The human report as a reporter: each spec's verdict (and failure) on
 * stdout as soon as it finished, then at the end the matrix table (for
 * `matrix`), the problems on stderr, what an interrupt left unfinished, and
 * the closing `N passed, N failed` line last.
 */
import { formatFuzzResult } from './fuzz-report';
import { formatResult, styleFor, summaryLine } from './human';
import type { Style } from './human';
import { formatMatrixTable } from './matrix-table';
import type { Reporter, ReporterModule, RunEnd, SpecReport } from './reporter';

function formatReport(r: SpecReport, style: Style): string {
  const text =
    r.source.command === 'run' ? formatResult(r.source.result, style) : formatFuzzResult(r.source.result, style);
  const m = r.matrix;
  if (!m) return text;
  const [head, ...rest] = text.split('\n');
  const note =
    m.outcome === 'expected-fail'
      ? style.dim(`  expected fail: ${m.reason ?? ''}`)
      : m.outcome === 'unexpected-pass'
        ? style.fail(`  UNEXPECTEDLY PASSING: the matrix expects a failure: ${m.reason ?? ''}`)
        : '';
  return [`${m.implementation}: ${head ?? ''}${note}`, ...rest].join('\n');
}

export function humanReporter(out: NodeJS.WriteStream, err: NodeJS.WriteStream): Reporter {
  const style = styleFor(out);
  return {
    onStart: () => undefined,
    onResult(r) {
      out.write(`${formatReport(r, style)}\n`);
    },
    onEnd(end: RunEnd) {
      if (end.matrix) out.write(`\n${formatMatrixTable(end.matrix)}\n\n`);
      for (const p of end.problems) err.write(`tcpspec: ${p}\n`);
      if (end.interruptedBy) {
        const left = end.notFinished.length;
        out.write(
          `interrupted by ${end.interruptedBy}: everything started was stopped; ${left} spec${left === 1 ? '' : 's'} not finished${left > 0 ? `: ${end.notFinished.join(', ')}` : ''}${end.progress !== undefined ? ` (${end.progress})` : ''}\n`,
        );
      }
      out.write(`${summaryLine(end.summary)}\n`);
      return [];
    },
  };
}

export const human: ReporterModule = {
  name: 'human',
  writesFile: false,
  create: ({ out, err }) => humanReporter(out, err),
};
