/**
 * Which steps a plan may reshape: sends that may merge with the next one,
 * and where a `shutdown`'s FIN may move. The peer asks the plan (SendPlan);
 * the arbitrary asks these to know which choices exist. They know a step
 * only by its effect (`StepEffect`: writes, reads, waits, ends-sending...),
 * which each step kind declares in src/load/steps/.
 */
import { stepEffect } from '../load/steps/registry';
import type { Step } from '../spec/types';

/**
 * The send step (index) after which a `shutdown` may move when a plan sends
 * the FIN early: the last send before the first shutdown, on the shutdown's
 * connection, when only `expect` steps stand between them. A correct peer
 * still owes those replies after a FIN; moving it shows one that drops them.
 */
export function earlyFinAfter(steps: readonly Step[]): number | undefined {
  const shutdown = steps.findIndex((s) => stepEffect(s) === 'ends-sending');
  if (shutdown < 1) return undefined;
  let i = shutdown - 1;
  while (i >= 0 && stepEffect(steps[i]!) === 'reads') i -= 1;
  const send = steps[i];
  return i >= 0 && i < shutdown - 1 && send && stepEffect(send) === 'writes' && send.on === steps[shutdown]!.on
    ? i
    : undefined;
}

/**
 * The send step that may be written as one with the send at `i`: the next
 * send, when only `sleep` steps stand between, both go on the same
 * connection and neither says `fuzz: false`.
 */
export function nextCoalescibleSend(steps: readonly Step[], i: number): number | undefined {
  const first = steps[i];
  if (!first || stepEffect(first) !== 'writes' || !first.fuzz) return undefined;
  let j = i + 1;
  while (steps[j] && stepEffect(steps[j]!) === 'waits') j += 1;
  const next = steps[j];
  return next && stepEffect(next) === 'writes' && next.fuzz && next.on === first.on ? j : undefined;
}

/** The sends merged with the send at `i` (send number `ordinal`) when `coalesce[n - 1]` says send n joins send n + 1. */
export function mergedSends(
  steps: readonly Step[],
  i: number,
  ordinal: number,
  coalesce: readonly boolean[],
): number[] {
  const merged: number[] = [];
  let n = ordinal;
  for (let j = nextCoalescibleSend(steps, i); j !== undefined && coalesce[n - 1]; j = nextCoalescibleSend(steps, j)) {
    merged.push(j);
    n += 1;
  }
  return merged;
}
