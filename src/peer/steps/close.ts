/** `close`: closes the step's connection normally, once its queued bytes left; the others stay open. */
import { closeNormally, flush } from './common';
import type { StepPlayer } from './play';

export const playClose: StepPlayer<'close'> = async (play, step, i) => {
  const conn = play.conn(step);
  await flush(play, conn, step);
  await closeNormally(conn, step.timeout);
  return i + 1;
};
