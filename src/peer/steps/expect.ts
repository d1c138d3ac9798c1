/**
 * `expect`: judges the step's connection's unread bytes, and only those;
 * whatever arrives meanwhile on other connections waits for their own
 * expectations. Settles at once when the buffered bytes decide it.
 */
import { BufferLimitError, StepMismatchError, StepTimeoutError, UnexpectedEofError } from '../../errors';
import { expectationFor } from '../../match/expectation';
import type { Expectation } from '../../match/expectation';
import type { Step } from '../../spec/types';
import type { PeerConnection } from '../connection';
import { checkConnection } from './common';
import type { Play, StepPlayer } from './play';

type Expect = Step & { readonly kind: 'expect' };

export const playExpect: StepPlayer<'expect'> = (play, step, i) => {
  const conn = play.conn(step);
  const expectation = expectationFor(step.matcher, play.vars, play.limits);
  if (judge(play, conn, step, expectation)) return i + 1;
  return expectLater(play, conn, step, expectation, performance.now() + step.timeout).then(() => i + 1);
};

async function expectLater(
  play: Play,
  conn: PeerConnection,
  step: Expect,
  expectation: Expectation,
  deadline: number,
): Promise<void> {
  for (;;) {
    const left = deadline - performance.now();
    if (left <= 0) {
      throw new StepTimeoutError({
        step: play.ref(step),
        waitedMs: step.timeout,
        awaiting: expectation.awaiting(conn.input),
        pending: conn.input.peek(256),
        streamOffset: conn.input.offset,
      });
    }
    await conn.waitForActivity(left);
    if (judge(play, conn, step, expectation)) return;
  }
}

/** One look at the unread bytes: true once matched, false while more could satisfy it; throws when nothing can. */
function judge(play: Play, conn: PeerConnection, step: Expect, expectation: Expectation): boolean {
  const progress = expectation.advance(conn.input, conn.ended || conn.closed);
  conn.consumed();
  switch (progress.state) {
    case 'matched':
      for (const k in progress.captures) {
        const v = progress.captures[k];
        if (v !== undefined) play.vars.set(k, v);
      }
      return true;
    case 'mismatch':
      throw new StepMismatchError({
        step: play.ref(step),
        expected: progress.expected,
        received: progress.received,
        offset: progress.offset,
        streamOffset: progress.streamOffset,
        reason: progress.reason,
      });
    case 'overflow':
      throw new BufferLimitError({
        step: play.ref(step),
        limit: progress.limit,
        awaiting: expectation.awaiting(conn.input),
        head: conn.input.peek(64),
        streamOffset: conn.input.offset,
      });
    case 'ended':
      checkConnection(play, conn, step);
      throw new UnexpectedEofError({
        step: play.ref(step),
        awaiting: expectation.awaiting(conn.input),
        bytesReceived: conn.bytesReceived,
        pending: conn.input.peek(96),
        streamOffset: conn.input.offset,
      });
    case 'pending':
      checkConnection(play, conn, step);
      return false;
  }
}
