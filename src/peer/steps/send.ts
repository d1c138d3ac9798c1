/**
 * `send`: queues the bytes on the step's connection and moves on at once (a
 * real client does not wait for its bytes to leave either). Under a plan,
 * consecutive sends on the same connection may merge and a send may be cut
 * into pieces; a `fuzz: false` send is written whole and never merged.
 */
import { stepEffect } from '../../load/steps/registry';
import type { Step } from '../../spec/types';
import type { SendJob } from '../outgoing';
import { payloadBytes } from '../payload-source';
import type { PayloadBytes } from '../payload-source';
import type { Play, StepPlayer } from './play';
import type { LyingSend } from '../send-plan';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The largest group of sends merged into one buffer when a plan merges them. */
const MAX_COALESCED = 1024 * 1024;

export const playSend: StepPlayer<'send'> = (play, first, i) => {
  if (play.lie?.step === i) return playLyingSend(play, first, i, play.lie);
  const steps = play.spec.steps;
  const conn = play.conn(first);
  const plan = play.plan;
  const parts: PayloadBytes[] = [payloadBytes(first.payload, play.vars)];
  let total = parts[0]!.length;
  let next = i + 1;
  let merged = 1;
  const ordinal = play.sendsSoFar + 1;
  if (plan && first.fuzz) {
    for (const j of plan.mergedSends(steps, i, ordinal)) {
      const step = steps[j];
      // Never across connections or into a fuzz: false send, whatever the plan says.
      if (step?.kind !== 'send' || step.on !== first.on || !step.fuzz || !onlyWaitsBetween(steps, next, j)) break;
      const more = payloadBytes(step.payload, play.vars);
      if (total + more.length > MAX_COALESCED) break;
      // Sleeps between merged sends are skipped: merging is what the case is about.
      for (let k = next; k <= j; k++) conn.transcript.step(steps[k]!.index, steps[k]!.kind, 'start');
      parts.push(more);
      total += more.length;
      merged += 1;
      next = j + 1;
    }
  }
  play.countSends(merged);
  const bytes = parts.length === 1 ? parts[0]! : joined(parts);
  const pieces = plan && first.fuzz ? plan.pieces(ordinal, bytes.length) : [{ end: bytes.length, pauseBefore: 0 }];
  const delivery = play.delivery(conn);
  const job: Mutable<SendJob> = { step: () => play.ref(first), bytes, pieces, timeout: first.timeout };
  // Assigned, not spread: a spread per send showed in the profile.
  if (delivery) job.afterPiece = (k: number) => delivery.afterPiece(ordinal, k, pieces.length);
  conn.out.enqueue(job);
  if (play.finAfter !== undefined && play.finAfter >= i && play.finAfter < next) {
    conn.out.enqueue({ fin: true, pauseBefore: plan?.beforeShutdown?.() ?? 0 });
  }
  return next;
};

function onlyWaitsBetween(steps: readonly Step[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (stepEffect(steps[k]!) !== 'waits') return false;
  return true;
}

function joined(parts: PayloadBytes[]): PayloadBytes {
  const all = Buffer.concat(parts.map((p) => p.slice(0, p.length)));
  return { length: all.length, slice: (s, e) => all.subarray(s, e) };
}

/** The lying send: whole, then held (the liar open and idle) until the fuzzer is done with it. */
async function playLyingSend(play: Play, step: Step & { kind: 'send' }, i: number, lie: LyingSend): Promise<number> {
  const conn = play.conn(step);
  const bytes = payloadBytes(step.payload, play.vars, lie.lie);
  play.countSends(1);
  conn.out.enqueue({
    step: () => play.ref(step),
    bytes,
    pieces: [{ end: bytes.length, pauseBefore: 0 }],
    timeout: step.timeout,
  });
  // Whatever the server does with the liar (a close, a reset) is the fuzzer's to observe, not a failure of the step.
  await conn.out.flushed(step.timeout);
  await lie.hold(conn);
  return i + 1;
}
