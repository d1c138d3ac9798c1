/** `sleep`: waits, after the step's connection's queued bytes left, and reads nothing new meanwhile on it. */
import { sleep } from '../outgoing';
import { flush } from './common';
import type { StepPlayer } from './play';

export const playSleep: StepPlayer<'sleep'> = async (play, step, i) => {
  const conn = play.conn(step);
  await flush(play, conn, step);
  conn.hold('sleep');
  await sleep(step.duration);
  conn.release('sleep');
  return i + 1;
};
