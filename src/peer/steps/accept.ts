/** `accept: NAME` (server role): waits within the step's timeout for the next client; one that came early is taken at once. */
import type { StepPlayer } from './play';

export const playAccept: StepPlayer<'accept'> = async (play, step, i) => {
  await play.accept(step);
  return i + 1;
};
