import { StepMismatchError, UnexpectedEofError } from '../peer/step-errors';
import type { StepRef } from '../errors';
import type { CaseReport } from './case-report';
import { failureDetail } from './failure-detail';
import { classnameOf, renderJUnit } from './junit';
import { forbiddenXmlChars, parseJUnit } from '../../test/support/junit-xml';

const step: StepRef = { file: 'specs/redis/ping.yaml', line: 7, column: 5, index: 3, kind: 'expect' };
const startedAt = new Date('2026-01-02T03:04:05.678Z');

function failed(overrides: Partial<CaseReport> = {}): CaseReport {
  const err = new StepMismatchError({
    step,
    expected: '"+PONG\\r\\n"',
    received: Buffer.from('-ERR \x00\x01\x1b[31m\xff\r\n', 'latin1'),
    offset: 0,
    streamOffset: 0,
  });
  return {
    file: 'specs/redis/ping.yaml',
    name: 'Redis answers PING',
    status: 'failed',
    durationMs: 1234,
    failure: failureDetail(err),
    notRun: [],
    transcripts: [],
    ...overrides,
  };
}

const passed: CaseReport = {
  file: 'specs/smtp/ehlo.yaml',
  name: 'SMTP EHLO',
  status: 'passed',
  durationMs: 20,
  notRun: [],
  transcripts: [],
};

describe('JUnit report', () => {
  it('is well-formed XML even when the received bytes hold NUL, ESC and other control bytes', () => {
    const xml = renderJUnit([failed({ transcript: 'raw \x00\x07 bytes\ud800' }), passed], {
      command: 'run',
      startedAt,
    });
    const doc = parseJUnit(xml);
    // XML 1.0 forbids these characters even as references.
    expect(forbiddenXmlChars(xml)).toEqual([]);
    const tc = doc.testsuites.testsuite[0]!.testcase[0]!;
    expect(tc.failure?.['#text']).toContain('received "-ERR \\x00\\x01\\x1b[31m\\xff\\r\\n"');
    expect(tc['system-out']).toContain('raw \\x00\\x07 bytes\\ud800');
  });

  it('has one testcase per spec, classname from its folder, and times in seconds', () => {
    const doc = parseJUnit(renderJUnit([failed(), passed], { command: 'run', startedAt }));
    expect(doc.testsuites).toMatchObject({
      name: 'tcpspec run',
      tests: '2',
      failures: '1',
      errors: '0',
      time: '1.254',
      timestamp: '2026-01-02T03:04:05',
    });
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s) => s.name)).toEqual(['specs.redis', 'specs.smtp']);
    expect(suites[0]!.testcase[0]).toMatchObject({
      name: 'Redis answers PING',
      classname: 'specs.redis',
      file: 'specs/redis/ping.yaml',
      line: '7',
      time: '1.234',
    });
    expect(suites[1]!.testcase[0]).toMatchObject({ name: 'SMTP EHLO', classname: 'specs.smtp', time: '0.020' });
    expect(suites[1]!.testcase[0]!.failure).toBeUndefined();
  });

  it('puts the step, what was expected and what was received in the failure, with its error code as type', () => {
    const doc = parseJUnit(renderJUnit([failed()], { command: 'run', startedAt }));
    const f = doc.testsuites.testsuite[0]!.testcase[0]!.failure!;
    expect(f.type).toBe('TCPSPEC_STEP_MISMATCH');
    expect(f.message).toMatch(
      /^specs\/redis\/ping\.yaml:7 step 3 \(expect\): expected "\+PONG\\r\\n", received "-ERR /,
    );
    expect(f['#text']).toContain('00000000  2d 45 52 52 20 00 01 1b');
  });

  it('gives a fuzz failure its shrunk case in words, its seed and path, and the replay command', () => {
    const c = failed({
      fuzz: {
        seed: 42,
        runs: 17,
        failingCase: {
          words: 'send #1 (step 1) split after byte 3, 2 ms gap',
          path: '5:0',
          replay: 'npx tcpspec fuzz specs/redis/ping.yaml --seed 42 --path 5:0',
          flaky: false,
          unconfirmed: false,
        },
      },
    });
    const text = parseJUnit(renderJUnit([c], { command: 'fuzz', startedAt })).testsuites.testsuite[0]!.testcase[0]!
      .failure!['#text'];
    expect(text).toContain('smallest failing case: send #1 (step 1) split after byte 3, 2 ms gap');
    expect(text).toContain('seed: 42, path: "5:0"');
    expect(text).toContain('replay: npx tcpspec fuzz specs/redis/ping.yaml --seed 42 --path 5:0');
  });

  it('reports an unusable spec as an <error>, not a <failure>', () => {
    const eof = new UnexpectedEofError({
      step,
      awaiting: 'a line',
      bytesReceived: 3,
      pending: Buffer.alloc(0),
      streamOffset: 3,
    });
    const c: CaseReport = {
      ...failed(),
      status: 'error',
      failure: { ...failureDetail(eof), code: 'TCPSPEC_SPEC_INVALID' },
    };
    const tc = parseJUnit(renderJUnit([c], { command: 'run', startedAt })).testsuites.testsuite[0]!.testcase[0]!;
    expect(tc.error?.type).toBe('TCPSPEC_SPEC_INVALID');
    expect(tc.failure).toBeUndefined();
  });

  it.each([
    ['specs/redis/ping.yaml', 'specs.redis'],
    ['./specs/ping.yaml', 'specs'],
    ['../other/specs/a.yml', 'other.specs'],
    ['ping.yaml', 'tcpspec'],
  ])('names the class of %s %s', (file, classname) => {
    expect(classnameOf(file)).toBe(classname);
  });
});
