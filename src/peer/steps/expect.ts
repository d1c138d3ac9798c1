/**
 * `expect`: judges the step's connection's unread bytes, and only those;
 * whatever arrives meanwhile on other connections waits for their own
 * expectations. Settles at once when the buffered bytes decide it.
 */
import { BufferLimitError, StepMismatchError, StepTimeoutError, UnexpectedEofError } from '../step-errors';
import { expectationFor } from '../../match/expectation';
import type { Expectation } from '../../match/expectation';
import type { Step } from '../../spec/types';
import type { PeerConnection } from '../connection';
import { checkConnection } from './common';
import type { BytesWait, Play, StepPlayer } from './play';

type Expect = Step & { readonly kind: 'expect' };

export const playExpect: StepPlayer<'expect'> = (play, step, i) => {
  const conn = play.conn(step);
  const expectation = expectationFor(step.matcher, play.vars, play.limits);
  if (judge(play, conn, step, expectation)) return i + 1;
  const wait = new ExpectWait(play, conn, step, expectation, performance.now() + step.timeout, i + 1);
  wait.checkDeadline();
  return wait;
};

/** An expect whose bytes are not all here yet: judged again on each arrival, until its deadline. */
class ExpectWait implements BytesWait {
  constructor(
    private readonly play: Play,
    readonly conn: PeerConnection,
    private readonly step: Expect,
    private readonly expectation: Expectation,
    readonly deadline: number,
    private readonly next: number,
  ) {}

  retry(): number | undefined {
    if (judge(this.play, this.conn, this.step, this.expectation)) return this.next;
    this.checkDeadline();
    return undefined;
  }

  /** Throws the step's timeout once its deadline has passed. */
  checkDeadline(): void {
    if (performance.now() < this.deadline) return;
    const input = this.conn.input;
    throw new StepTimeoutError({
      step: this.play.ref(this.step),
      waitedMs: this.step.timeout,
      awaiting: this.expectation.awaiting(input),
      pending: input.peek(256),
      streamOffset: input.offset,
    });
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
        field: progress.field,
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
