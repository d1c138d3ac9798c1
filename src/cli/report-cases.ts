/**
 * Turns each result into a report case, writing its transcript files on the
 * way when `--transcript DIR` was given. For fuzzing, the transcript is the
 * conversation of the shrunk failing case's own run.
 */
import type { FuzzResult } from '../fuzz/fuzz-spec';
import { caseFromFuzz, caseFromRun } from '../report/case-report';
import type { CaseReport } from '../report/case-report';
import type { SpecResult } from '../run/run-spec';
import { headerOf, renderSpecTranscripts, stepLinesOf, writeSpecTranscripts } from '../transcript/write-transcript';
import type { SpecTranscript } from '../transcript/write-transcript';

export interface CaseOptions {
  /** Where to write transcript files; none are written without it. */
  readonly transcriptDir?: string;
}

function finish(t: SpecTranscript, failed: boolean, options: CaseOptions): { paths: string[]; text?: string } {
  const paths = options.transcriptDir !== undefined ? writeSpecTranscripts(options.transcriptDir, t) : [];
  // Only a case that did not pass carries its conversation into the JUnit report.
  return failed
    ? {
        paths,
        text: renderSpecTranscripts(t)
          .map((r) => r.text)
          .join('\n'),
      }
    : { paths };
}

/** A `run` result as a report case, with its transcript. */
export function caseOfRun(r: SpecResult, options: CaseOptions): CaseReport {
  const spec = r.spec;
  const t: SpecTranscript = {
    header: headerOf(r),
    conversations: r.conversations,
    ...(spec ? { stepLines: stepLinesOf(spec) } : {}),
  };
  const { paths, text } = finish(t, r.status !== 'passed', options);
  return caseFromRun(r, paths, text);
}

/** A `fuzz` result as a report case, with the conversation of its smallest failing case. */
export function caseOfFuzz(r: FuzzResult, options: CaseOptions): CaseReport {
  if (r.status === 'passed') return caseFromFuzz(r);
  const header: SpecTranscript['header'] = {
    file: r.file,
    name: r.name,
    verdict: r.status === 'failed' ? 'FAIL' : 'ERROR',
    durationMs: r.durationMs,
    ...(r.failure || r.error ? { failure: (r.failure?.error ?? r.error)!.message } : {}),
  };
  const spec = r.failure ? r.spec : undefined;
  if (!r.failure || !spec) {
    const { paths, text } = finish({ header, conversations: [] }, true, options);
    return caseFromFuzz(r, paths, text);
  }
  const f = r.failure;
  const extra: [string, string][] = [
    ['fuzz case', f.path === '' ? 'the plain exchange, before any reshaping' : `${f.flaky ? 'FLAKY: ' : ''}${f.words}`],
    ['seed', `${r.seed}${f.path !== '' ? `, path "${f.path}"` : ''}`],
    ['replay', f.replay],
    ['below', 'the conversation of the failing run of this case'],
  ];
  const t: SpecTranscript = {
    header: { ...header, extra },
    conversations: f.conversations,
    stepLines: stepLinesOf(spec),
  };
  const { paths, text } = finish(t, true, options);
  return caseFromFuzz(r, paths, text);
}
