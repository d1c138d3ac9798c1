import { StepTimeoutError } from '../peer/step-errors';
import type { FuzzResult } from '../fuzz/fuzz-spec';
import { PLAIN_PLAN } from '../fuzz/plan';
import { caseFromFuzz } from './case-report';
import type { CaseReport } from './case-report';
import { failureDetail } from './failure-detail';
import { jsonReport, renderJson } from './json';
import type { JsonReport } from './json';

const timeout = new StepTimeoutError({
  step: { file: 'specs/a.yaml', line: 4, column: 5, index: 2, kind: 'expect' },
  waitedMs: 300,
  awaiting: 'a line matching /OK/',
  pending: Buffer.from('O\x00'),
  streamOffset: 0,
});
const cases: CaseReport[] = [
  {
    file: 'specs/a.yaml',
    name: 'a',
    status: 'failed',
    durationMs: 310,
    failure: failureDetail(timeout),
    notRun: [],
    transcripts: ['t/specs/a.transcript.txt'],
    transcript: 'long text',
  },
  { file: 'specs/b.yaml', name: 'b', status: 'passed', durationMs: 5, notRun: [], transcripts: [] },
];
const options = {
  command: 'run' as const,
  version: '0.1.0',
  startedAt: new Date('2026-01-02T03:04:05.000Z'),
  durationMs: 400,
};

describe('JSON report', () => {
  it('has the documented top-level shape, with the exit status the command returns', () => {
    const report = JSON.parse(
      renderJson(cases, { passed: 1, failed: 1, errors: 0, skipped: 0 }, options),
    ) as JsonReport;
    expect(Object.keys(report)).toEqual([
      'tool',
      'version',
      'format',
      'command',
      'startedAt',
      'durationMs',
      'summary',
      'exitStatus',
      'specs',
    ]);
    expect(report).toMatchObject({
      tool: 'tcpspec',
      format: 1,
      command: 'run',
      startedAt: '2026-01-02T03:04:05.000Z',
      exitStatus: 1,
      summary: { passed: 1, failed: 1 },
    });
  });

  it('gives a failure its code, step, expectation and received bytes as text and hex', () => {
    const spec = jsonReport(cases, { passed: 1, failed: 1, errors: 0, skipped: 0 }, options).specs[0]!;
    expect(spec.failure).toMatchObject({
      code: 'TCPSPEC_STEP_TIMEOUT',
      type: 'StepTimeoutError',
      step: { file: 'specs/a.yaml', line: 4, index: 2, kind: 'expect' },
      expected: 'a line matching /OK/',
      received: { size: 2, text: '"O\\x00"', hex: '4f 00', truncated: false },
    });
    expect(spec.transcripts).toEqual(['t/specs/a.transcript.txt']);
  });

  it('leaves the transcript text out: the transcript files hold it', () => {
    const report = jsonReport(cases, { passed: 1, failed: 1, errors: 0, skipped: 0 }, options);
    expect(report.specs[0]).not.toHaveProperty('transcript');
  });

  it.each([
    { unconfirmed: true, what: 'could not be confirmed read apart' },
    { unconfirmed: false, what: 'were each confirmed read apart' },
  ])("says whether a fuzz failure's split pieces $what (unconfirmed: $unconfirmed)", ({ unconfirmed }) => {
    const fuzzed: FuzzResult = {
      file: 'specs/a.yaml',
      name: 'a',
      status: 'failed',
      ok: false,
      seed: 42,
      runs: 17,
      durationMs: 310,
      failure: {
        plan: PLAIN_PLAN,
        words: 'send #1 (step 1) split after byte 3 (timed: 20 ms gaps, not confirmed)',
        path: '5:0',
        error: timeout,
        flaky: false,
        replay: 'npx tcpspec fuzz specs/a.yaml --seed 42 --path 5:0',
        conversations: [],
        unconfirmed,
      },
    };
    const report = JSON.parse(
      renderJson(
        [caseFromFuzz(fuzzed)],
        { passed: 0, failed: 1, errors: 0, skipped: 0 },
        { ...options, command: 'fuzz' },
      ),
    ) as JsonReport;
    expect(report.specs[0]!.fuzz?.failingCase).toEqual({
      words: 'send #1 (step 1) split after byte 3 (timed: 20 ms gaps, not confirmed)',
      path: '5:0',
      replay: 'npx tcpspec fuzz specs/a.yaml --seed 42 --path 5:0',
      flaky: false,
      unconfirmed,
    });
  });
});
