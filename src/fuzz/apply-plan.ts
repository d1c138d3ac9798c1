/** Turns a chunk plan into the hooks the peer takes: send pieces, coalescing, delivery, and a slow reader. */
import type { ReadShaper } from '../peer/connection';
import type { SendPiece } from '../peer/outgoing';
import type { SendPlan } from '../peer/send-plan';
import type { CaseDelivery } from './delivery/delivery';
import type { ChunkPlan } from './plan';
import { earlyFinAfter, mergedSends } from './plan-steps';

/** The pieces for a send of `length` bytes cut at `cuts` (offsets outside 1…length-1 are ignored). */
export function piecesOf(cuts: readonly number[], gapMs: number, length: number): SendPiece[] {
  const ends = [...new Set(cuts)].filter((c) => c > 0 && c < length).sort((a, b) => a - b);
  return [...ends, length].map((end, i) => ({ end, pauseBefore: i === 0 ? 0 : gapMs }));
}

/** The plan as the peer asks it; `delivery` decides how each piece reaches the other side (absent: written back to back). */
export function sendPlanOf(plan: ChunkPlan, delivery?: CaseDelivery): SendPlan {
  return {
    mergedSends: (steps, i, ordinal) => mergedSends(steps, i, ordinal, plan.coalesce),
    pieces: (ordinal, length) => {
      const shape = plan.sends[ordinal - 1];
      return shape ? piecesOf(shape.cuts, shape.gapMs, length) : [{ end: length, pauseBefore: 0 }];
    },
    beforeShutdown: () => plan.shutdownDelayMs,
    earlyFinAfter: (steps) => (plan.halfCloseEarly ? earlyFinAfter(steps) : undefined),
    ...(delivery ? { deliveryOn: (conn) => delivery.on(conn) } : {}),
  };
}

/**
 * The slow reader: nothing read at first, then a pause after every read. With
 * `delivery`, the first stall lasts until the other side is blocked (at most
 * the plan's stall); without, exactly the plan's stall.
 */
export function readShaperOf(plan: ChunkPlan, delivery?: CaseDelivery): ReadShaper | undefined {
  const r = plan.reader;
  if (!r) return undefined;
  return {
    initialStall: (socket) => (delivery && r.stallMs > 0 ? delivery.stallFor(socket, r.stallMs) : r.stallMs),
    pauseAfterRead: () => r.pauseMs,
  };
}
