import { StepMismatchError } from '../peer/step-errors';
import { ErrorCode, StepError } from '../errors';
import type { InvolvedBytes, StepRef } from '../errors';
import { failureDetail } from './failure-detail';

const step: StepRef = { file: 'specs/a.yaml', line: 4, column: 5, index: 2, kind: 'expect' };

describe('the failure detail of a mismatch', () => {
  it('carries the expected bytes, where the received bytes start, and the first differing byte in both', () => {
    const err = new StepMismatchError({
      step,
      expected: '"OK HELLO\\r\\n"',
      received: Buffer.from('OK H\nOK'),
      offset: 4,
      streamOffset: 10,
    });
    expect(failureDetail(err)).toMatchObject({
      expectedBytes: { size: 10, hex: '4f 4b 20 48 45 4c 4c 4f 0d 0a' },
      receivedAt: 10,
      firstDifference: 4,
      expectedDifference: 4,
    });
  });

  it('moves the first difference with the received bytes when they are shown from a later byte', () => {
    const err = new StepMismatchError({
      step,
      expected: '"0123456789"',
      received: Buffer.from('6789X'),
      offset: 10,
      streamOffset: 6,
      reason: 'the first 10 bytes matched; shown from byte 6',
    });
    expect(failureDetail(err)).toMatchObject({ firstDifference: 4, expectedDifference: 10 });
  });

  it('has no expected bytes when the step expected a pattern', () => {
    const err = new StepMismatchError({
      step,
      expected: 'a line matching /^OK/',
      received: Buffer.from('NO\n'),
      streamOffset: 0,
    });
    expect(failureDetail(err).expectedBytes).toBeUndefined();
  });

  it('carries the field a matcher names, for the HTML report to mark', () => {
    const err = new StepMismatchError({
      step,
      expected: 'a struct',
      received: Buffer.from([0, 5, 1, 2]),
      streamOffset: 0,
      field: { start: 0, end: 2, label: 'length (u16be)' },
    });
    expect(failureDetail(err).field).toEqual({ start: 0, end: 2, label: 'length (u16be)' });
  });
});

describe('the failure detail of an error the report has never heard of', () => {
  /** An error of a kind added after the reports were written: it only declares its step and bytes. */
  class NewKindError extends StepError {
    readonly code = ErrorCode.StepTimeout;
    constructor() {
      super(step, 'something new', 'specs/a.yaml:4 step 2 (expect): something new');
    }
    override get involved(): InvolvedBytes {
      return { expected: 'a new thing', received: Buffer.from('old'), compared: false, receivedAt: 7 };
    }
  }

  it('reports the step and the bytes it declares, with no change to the report', () => {
    expect(failureDetail(new NewKindError())).toEqual({
      code: 'TCPSPEC_STEP_TIMEOUT',
      type: 'NewKindError',
      message: 'specs/a.yaml:4 step 2 (expect): something new',
      step,
      expected: 'a new thing',
      received: { size: 3, text: '"old"', hex: '6f 6c 64', truncated: false },
      receivedAt: 7,
    });
  });
});
