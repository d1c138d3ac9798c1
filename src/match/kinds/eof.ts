/** `eof`: the other side closed its sending direction, with nothing unread before it. */
import type { Matcher } from '../../spec/types';
import type { StreamView } from '../../stream/view';
import type { Expectation, MatcherKind } from '../kind';
import { PENDING } from '../progress';
import type { Progress } from '../progress';

type EofMatcher = Extract<Matcher, { kind: 'eof' }>;

/** Bytes shown when some arrived where the stream should have ended. */
const SHOWN = 96;

class EofExpectation implements Expectation {
  advance(input: StreamView, ended: boolean): Progress {
    if (input.length > 0) {
      return {
        state: 'mismatch',
        expected: 'end of stream',
        received: input.peek(SHOWN),
        offset: 0,
        streamOffset: input.offset,
        decidedAt: input.offset + 1,
        reason: 'bytes arrived where the other side should have closed',
      };
    }
    return ended ? { state: 'matched', captures: {} } : PENDING;
  }

  awaiting(): string {
    return 'end of stream (the other side closing its sending direction)';
  }
}

export const eof: MatcherKind<EofMatcher> = {
  spelling: 'eof',
  scalar: {
    rank: 0,
    claims: (s) => s === 'eof',
    read: () => ({ kind: 'eof' }),
  },
  placeHint: 'write { text: eof } for the text "eof"',
  expectation: () => new EofExpectation(),
  describe: () => 'end of stream',
  captures: () => [],
  templates: () => [],
  samples: ['eof'],
};
