/** `reset`: aborts the step's connection with a TCP reset (RST), inside TLS too. */
import { flush } from './common';
import type { StepPlayer } from './play';

export const playReset: StepPlayer<'reset'> = async (play, step, i) => {
  const conn = play.conn(step);
  await flush(play, conn, step);
  conn.transcript.event('we reset the connection (RST)');
  conn.reset();
  return i + 1;
};
