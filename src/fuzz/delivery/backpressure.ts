/**
 * The slow reader by observation: stop reading until the other side is really
 * blocked, instead of for a fixed time. Blocked means its send buffer is full
 * (bytes queued ≥ the buffer's size, which matched a server's own first
 * EAGAIN within a millisecond); since an output smaller than the buffer never
 * fills it, also "data waiting and nothing changed for UNCHANGED_MS" (the
 * other side's queues and our unread bytes), which a producer that writes
 * slowly (every 5 ms) did not trip. The second also covers a writer the
 * kernel refuses short of a full buffer: under TCP memory pressure (a loaded
 * machine) a blocked Node writer was seen stuck at 92 % of its 4 MiB buffer,
 * 14 times in 40 back-to-back 16 MiB replies. Always within a cap.
 */
import type { FourTuple, SockDiag } from './sock-diag';

/** How long the queues must stay unchanged, with data in them, to count as blocked. */
export const UNCHANGED_MS = 10;
/**
 * The shorter quiet that ends a stall whose other side cannot fill its send
 * buffer before the cap at the rate it has produced so far.
 */
export const HOPELESS_QUIET_MS = 2;
const POLL_MS = 1;

export type StallEnd =
  /** The other side's send buffer filled: its next write blocks. */
  | 'send buffer full'
  /** Its reply sat unread, unchanged, for UNCHANGED_MS. */
  | 'unchanged'
  /**
   * Its reply sat unread for HOPELESS_QUIET_MS, and at the rate it came the
   * other side's send buffer would fill only after the cap: stalling on
   * cannot block it (a short reply, such as one line).
   */
  | 'cannot fill'
  /** The cap passed first. */
  | 'cap'
  /** The connection went away. */
  | 'gone';

export interface StallOutcome {
  readonly end: StallEnd;
  readonly afterMs: number;
}

/**
 * Polls every millisecond until the socket at `other` is blocked on us (we
 * are `ours`), the connection is gone, or `capMs` passed.
 */
export function stallUntilBlocked(
  diag: SockDiag,
  other: FourTuple,
  ours: FourTuple,
  capMs: number,
  /** Bytes already taken from the kernel but not read by us (a paused Node socket still fills its own buffer). */
  heldHere: () => number,
): Promise<StallOutcome> {
  return stallUntil(tcpQueues(diag, other, ours), capMs, heldHere);
}

/**
 * The queues between the other side's writes and our reads, at one moment.
 * `charged` counts against `sndbuf`: the other side's next write blocks once
 * it is at least that.
 */
export interface QueueView {
  readonly sndbuf: number;
  readonly charged: number;
  /** Bytes the other side wrote that are still on their way (TCP: not yet acknowledged). */
  readonly inFlight: number;
  /** Bytes that reached our socket and wait there unread. */
  readonly unreadHere: number;
}

/** The queues of a TCP connection: the other side's send queue and buffer, and our receive queue. */
export function tcpQueues(diag: SockDiag, other: FourTuple, ours: FourTuple): () => QueueView | undefined {
  return () => {
    const them = diag.lookup(other);
    const us = diag.lookup(ours);
    if (!them || !us) return undefined;
    return { sndbuf: them.sndbuf, charged: them.wmemQueued, inFlight: them.sendQueue, unreadHere: us.recvQueue };
  };
}

/** `stallUntilBlocked` over any connection whose queues can be looked at (undefined: the connection is gone). */
export function stallUntil(
  queues: () => QueueView | undefined,
  capMs: number,
  heldHere: () => number,
): Promise<StallOutcome> {
  const started = performance.now();
  let last = '';
  let since = started;
  /** When the first byte of the reply was seen. */
  let firstByte: number | undefined;
  return new Promise((resolve) => {
    const done = (end: StallEnd): void => resolve({ end, afterMs: Math.round(performance.now() - started) });
    const look = (): void => {
      const now = performance.now();
      const q = queues();
      if (!q) {
        done('gone');
        return;
      }
      if (q.sndbuf > 0 && q.charged >= q.sndbuf) {
        done('send buffer full');
        return;
      }
      const held = heldHere();
      const state = `${q.inFlight} ${q.charged} ${q.unreadHere} ${held}`;
      const produced = q.inFlight + q.unreadHere + held;
      if (produced > 0 && firstByte === undefined) firstByte = now;
      if (state !== last) {
        last = state;
        since = now;
      } else if (produced > 0) {
        const quiet = now - since;
        // Hopeless first: on a loaded machine one look can come 10 ms late, and a one-line reply is
        // still one that could never fill the buffer, not a writer that stopped short.
        if (
          quiet >= HOPELESS_QUIET_MS &&
          !canFillBeforeCap(q.sndbuf, produced, since - (firstByte ?? since), capMs - (now - started))
        ) {
          done('cannot fill');
          return;
        }
        if (quiet >= UNCHANGED_MS) {
          done('unchanged');
          return;
        }
      }
      if (now - started >= capMs) done('cap');
      else setTimeout(look, POLL_MS);
    };
    look();
  });
}

/**
 * Whether a producer that wrote `produced` bytes in `activeMs` (first byte to
 * last change) could, at that rate, bring the bytes it has written up to its
 * send buffer's size (`sndbuf`; our own receive buffer must fill first, so
 * the real need is larger: this errs toward stalling on) within `leftMs`.
 */
export function canFillBeforeCap(sndbuf: number, produced: number, activeMs: number, leftMs: number): boolean {
  if (sndbuf <= 0 || produced >= sndbuf) return true;
  // A reply that came in one go gives no rate: a millisecond is as fast as we can tell apart.
  const perMs = produced / Math.max(activeMs, 1);
  return (sndbuf - produced) / perMs <= leftMs;
}
