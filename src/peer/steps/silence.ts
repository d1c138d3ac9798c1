/**
 * `silence`: passes only if no unread byte is waiting on the step's
 * connection and none arrives during the time. Inside TLS only application
 * data counts: a session ticket or other handshake record is no byte.
 */
import { UnexpectedDataError } from '../step-errors';
import { checkConnection, flush } from './common';
import type { StepPlayer } from './play';

export const playSilence: StepPlayer<'silence'> = async (play, step, i) => {
  const conn = play.conn(step);
  await flush(play, conn, step);
  const started = performance.now();
  for (;;) {
    if (conn.input.length > 0) {
      throw new UnexpectedDataError({
        step: play.ref(step),
        afterMs: Math.round(performance.now() - started),
        received: conn.input.peek(96),
        streamOffset: conn.input.offset,
      });
    }
    checkConnection(play, conn, step);
    const left = started + step.duration - performance.now();
    // Closed under us (an interrupt stopped this run): nothing more can arrive, so stop waiting.
    if (left <= 0 || conn.closed) return i + 1;
    await conn.waitForActivity(left);
  }
};
