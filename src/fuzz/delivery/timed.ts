/**
 * Timed delivery, where the other side cannot be observed (a remote target,
 * a machine without Linux socket diagnostics, no permission): a fixed pause
 * between the pieces of a send, long enough on this machine for two writes
 * to arrive as two reads most of the time (see ../timing.ts). Nothing
 * confirms it, which the report says.
 */
import { sleep } from '../../peer/outgoing';

/** The smallest timed gap used, whatever the caller asks for. */
export const MIN_TIMED_GAP_MS = 5;

/** The pause after piece `piece` of `pieces`: none after the last one. */
export function timedPause(gapMs: number, piece: number, pieces: number): Promise<void> | undefined {
  return piece < pieces - 1 ? sleep(Math.max(MIN_TIMED_GAP_MS, gapMs)) : undefined;
}
