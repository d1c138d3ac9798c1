/** `connect: NAME` (client role): opens another connection, in TLS when its settings say so. */
import type { StepPlayer } from './play';

export const playConnect: StepPlayer<'connect'> = async (play, step, i) => {
  await play.connect(step);
  return i + 1;
};
