/**
 * Turns each result into what reporters are given (a SpecReport), writing its
 * transcript files on the way when `--transcript DIR` was given. For fuzzing,
 * the transcript is the conversation of the shrunk failing case's own run.
 */
import type { FuzzResult } from '../fuzz/fuzz-spec';
import { caseFromFuzz, caseFromRun } from '../report/case-report';
import type { CaseReport } from '../report/case-report';
import type { SpecReport } from '../report/reporter';
import type { ClientResult, SpecResult } from '../run/run-spec';
import { describeOutcome } from '../clients/describe';
import { verdictLabel } from '../verdict';
import { headerOf, renderSpecTranscripts, stepLinesOf, writeSpecTranscripts } from '../transcript/write-transcript';
import type { SpecTranscript } from '../transcript/write-transcript';

export interface CaseOptions {
  /** Where to write transcript files; none are written without it. */
  readonly transcriptDir?: string;
}

/** A report, and why its transcript could not be written (the verdict still counts). */
export interface Reported {
  readonly report: SpecReport;
  readonly problem?: string;
}

interface Finished {
  readonly paths: string[];
  readonly text?: string;
  readonly problem?: string;
}

function finish(t: SpecTranscript, failed: boolean, options: CaseOptions): Finished {
  let paths: string[] = [];
  let problem: string | undefined;
  if (options.transcriptDir !== undefined) {
    try {
      paths = writeSpecTranscripts(options.transcriptDir, t);
    } catch (err) {
      // A transcript that cannot be written must not hide the verdict: say so, and exit 2 at the end.
      const fsError = err as NodeJS.ErrnoException;
      if (typeof fsError.syscall !== 'string') throw err;
      problem = `cannot write the transcript of ${t.header.file}: ${fsError.code ?? fsError.message}`;
    }
  }
  const withProblem = problem !== undefined ? { problem } : {};
  // Only a case that did not pass carries its conversation into the JUnit report.
  if (!failed) return { paths, ...withProblem };
  const text = renderSpecTranscripts(t)
    .map((r) => r.text)
    .join('\n');
  return { paths, text, ...withProblem };
}

/** The transcript header's `client:` field: the command, how it ended, and the end of what it printed. */
function clientField(c: ClientResult): [string, string] {
  return ['client', `${c.description}\n${describeOutcome(c.outcome)}`];
}

function runCase(r: SpecResult, options: CaseOptions): { c: CaseReport; problem?: string } {
  const spec = r.spec;
  const header = headerOf(r);
  const t: SpecTranscript = {
    header: r.client ? { ...header, extra: [clientField(r.client)] } : header,
    conversations: r.conversations,
    ...(spec ? { stepLines: stepLinesOf(spec) } : {}),
  };
  const { paths, text, problem } = finish(t, r.status !== 'passed', options);
  return { c: caseFromRun(r, paths, text), ...(problem !== undefined ? { problem } : {}) };
}

function fuzzCase(r: FuzzResult, options: CaseOptions): { c: CaseReport; problem?: string } {
  if (r.status === 'passed') return { c: caseFromFuzz(r) };
  const header: SpecTranscript['header'] = {
    file: r.file,
    name: r.name,
    verdict: verdictLabel(r.status),
    durationMs: r.durationMs,
    ...(r.failure || r.error ? { failure: (r.failure?.error ?? r.error)!.message } : {}),
  };
  const spec = r.failure ? r.spec : undefined;
  let t: SpecTranscript = { header, conversations: [] };
  if (r.failure && spec) {
    const f = r.failure;
    const extra: [string, string][] = [
      [
        'fuzz case',
        f.path === '' ? 'the plain exchange, before any reshaping' : `${f.flaky ? 'FLAKY: ' : ''}${f.words}`,
      ],
      r.lying && f.path !== ''
        ? ['lying-length case', f.path]
        : ['seed', `${r.seed}${f.path !== '' ? `, path "${f.path}"` : ''}`],
      ['replay', f.replay],
      ...(f.client ? [clientField(f.client)] : []),
      ['below', 'the conversation of the failing run of this case'],
    ];
    t = { header: { ...header, extra }, conversations: f.conversations, stepLines: stepLinesOf(spec) };
  }
  const { paths, text, problem } = finish(t, true, options);
  return { c: caseFromFuzz(r, paths, text), ...(problem !== undefined ? { problem } : {}) };
}

/** A `run` result as a report case, with its transcript. */
export function caseOfRun(r: SpecResult, options: CaseOptions): CaseReport {
  return runCase(r, options).c;
}

/** A `fuzz` result as a report case, with the conversation of its smallest failing case. */
export function caseOfFuzz(r: FuzzResult, options: CaseOptions): CaseReport {
  return fuzzCase(r, options).c;
}

/** A `run` result as a report, with its transcript files written. */
export function reportOfRun(r: SpecResult, options: CaseOptions): Reported {
  const { c, problem } = runCase(r, options);
  const report: SpecReport = {
    verdict: r.status,
    source: { command: 'run', result: r },
    case: c,
    conversations: r.conversations,
    ...(r.spec ? { stepLines: stepLinesOf(r.spec) } : {}),
  };
  return problem !== undefined ? { report, problem } : { report };
}

/** A `fuzz` result as a report, with the transcript of its smallest failing case written. */
export function reportOfFuzz(r: FuzzResult, options: CaseOptions): Reported {
  const { c, problem } = fuzzCase(r, options);
  const report: SpecReport = {
    verdict: r.status,
    source: { command: 'fuzz', result: r },
    case: c,
    conversations: r.failure?.conversations ?? [],
    ...(r.spec ? { stepLines: stepLinesOf(r.spec) } : {}),
  };
  return problem !== undefined ? { report, problem } : { report };
}
