/** `shutdown`: half-closes the step's connection (FIN; close_notify first inside TLS) and keeps reading. */
import { sleep } from '../outgoing';
import { flush } from './common';
import type { StepPlayer } from './play';

export const playShutdown: StepPlayer<'shutdown'> = async (play, step, i) => {
  const conn = play.conn(step);
  await flush(play, conn, step);
  if (conn.out.finSent) return i + 1;
  const delay = play.plan?.beforeShutdown?.() ?? 0;
  if (delay > 0) await sleep(delay);
  conn.stream.end();
  conn.transcript.event('we closed our sending direction (FIN)');
  return i + 1;
};
