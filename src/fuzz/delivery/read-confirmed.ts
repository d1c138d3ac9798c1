/**
 * Read-confirmed delivery: after a piece is written, wait until the other
 * side's application has read it, as the kernel shows it. Over TCP: the
 * other side's socket has received every byte we sent (tcp_info
 * bytes_received) and holds none of them unread (its receive queue is
 * empty). An empty queue alone is no proof (the piece may not have arrived
 * yet), and a vanished connection's lookup answers with the listening socket
 * (sock-diag.ts reports that as absent), so both are checked. Over a Unix
 * socket peer-watch.ts looks differently, and the wait is the same.
 *
 * The wait is bounded (`capMs`): a server that does not read (one waiting for
 * something else first) still gets its next piece, and the piece is counted
 * as not confirmed. Waiting yields to the event loop throughout, so a server
 * in this very process can read too: for the first SPIN_MS through
 * setImmediate (microseconds apart), then every POLL_MS.
 */
import type { FourTuple, SockDiag } from './sock-diag';

/** How long the wait re-checks as fast as the event loop turns, before polling on a timer. */
export const SPIN_MS = 1;
/** The timer period after the first SPIN_MS. */
export const POLL_MS = 1;

export type ReadOutcome =
  /** The other side read every byte we sent. */
  | 'read'
  /** The other side's connection is gone (closed, reset): nothing will read the piece. */
  | 'gone'
  /** The cap passed with bytes still unread. */
  | 'cap';

const GONE_STATES = new Set([6, 7, 9, 11]); // TIME_WAIT, CLOSE, LAST_ACK, CLOSING: the application let go

/** One look: has the socket at `other` read `sent` bytes? undefined while it has not. */
export function readState(diag: SockDiag, other: FourTuple, sent: number): ReadOutcome | undefined {
  const v = diag.lookup(other);
  if (!v || v.bytesReceived < 0 || GONE_STATES.has(v.state)) return 'gone';
  return v.bytesReceived >= sent && v.recvQueue === 0 ? 'read' : undefined;
}

/**
 * Resolves once the other side read `sent` bytes, or its connection is gone
 * (or `ours` says our own side closed), or after `capMs`; settles
 * synchronously (no promise) when one look suffices.
 */
export function awaitRead(
  diag: SockDiag,
  other: FourTuple,
  sent: number,
  capMs: number,
  oursClosed: () => boolean = () => false,
): ReadOutcome | Promise<ReadOutcome> {
  return awaitOutcome(() => readState(diag, other, sent), capMs, oursClosed);
}

/** `awaitRead` over any one look at the other side (a TCP or a Unix socket): undefined while it has not read. */
export function awaitOutcome(
  lookOnce: () => ReadOutcome | undefined,
  capMs: number,
  oursClosed: () => boolean = () => false,
): ReadOutcome | Promise<ReadOutcome> {
  const now = lookOnce();
  if (now) return now;
  const started = performance.now();
  return new Promise((resolve) => {
    const look = (): void => {
      const outcome = oursClosed() ? 'gone' : lookOnce();
      const elapsed = performance.now() - started;
      if (outcome) resolve(outcome);
      else if (elapsed >= capMs) resolve('cap');
      else if (elapsed < SPIN_MS) setImmediate(look);
      else setTimeout(look, POLL_MS);
    };
    setImmediate(look);
  });
}
