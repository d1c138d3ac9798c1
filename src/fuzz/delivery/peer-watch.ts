/**
 * Watching the other side of one connection through the kernel, whatever
 * carries it: over TCP, its socket by address and port (sock-diag.ts); over
 * a Unix socket, ours by inode and its peer through ours (unix-diag.ts).
 * Each watch answers the two questions delivery asks: has the other side
 * read what we wrote, and what sits in the queues between its writes and
 * our reads. A connection that cannot be watched gets the reason instead.
 */
import type { Socket } from 'node:net';
import { tcpQueues } from './backpressure';
import type { QueueView } from './backpressure';
import { readState } from './read-confirmed';
import type { ReadOutcome } from './read-confirmed';
import { sharedSockDiag } from './sock-diag';
import type { FourTuple, SockDiag } from './sock-diag';
import { sharedUnixDiag, socketInode } from './unix-diag';
import type { UnixDiag, UnixSocketView } from './unix-diag';

/** A watch on the other side of the socket it was made for. */
export interface PeerWatch {
  /** One look: has the other side read every byte written so far? undefined while it has not. */
  readOutcome(): ReadOutcome | undefined;
  /** The queues at this moment, or undefined when the connection is gone. */
  queues(): QueueView | undefined;
}

/** Opens the diagnostics a watch needs, or says why they cannot be had. */
export interface Diagnostics {
  readonly tcp: () => SockDiag | string;
  readonly unix: () => UnixDiag | string;
}

/** The process's own diagnostics sockets, each opened on first use. */
export const sharedDiagnostics: Diagnostics = { tcp: sharedSockDiag, unix: sharedUnixDiag };

/** The other side's socket, seen from ours: its local end is our remote one. */
export function otherSide(socket: Socket): FourTuple | undefined {
  const { localAddress, localPort, remoteAddress, remotePort } = socket;
  if (!localAddress || !localPort || !remoteAddress || !remotePort) return undefined;
  return mirrored({ localAddress, localPort, remoteAddress, remotePort });
}

/** The same connection seen from its other end. */
const mirrored = (t: FourTuple): FourTuple => ({
  localAddress: t.remoteAddress,
  localPort: t.remotePort,
  remoteAddress: t.localAddress,
  remotePort: t.localPort,
});

/** Node's handle of a socket: a `Pipe` carries a Unix socket, a `TCP` a TCP one. */
const handleOf = (socket: Socket): { constructor?: { name?: string }; writeQueueSize?: number } | undefined =>
  (socket as unknown as { _handle?: { constructor?: { name?: string }; writeQueueSize?: number } })._handle ??
  undefined;

/** A watch on `socket`'s other side, or why there can be none. */
export function watchPeer(socket: Socket, diagnostics: Diagnostics): PeerWatch | { readonly why: string } {
  if (handleOf(socket)?.constructor?.name === 'Pipe') {
    const ino = socketInode(socket);
    if (ino === undefined) return { why: 'the Unix socket has no descriptor to look up (it is closed)' };
    return watchUnix(socket, ino, diagnostics.unix);
  }
  const other = otherSide(socket);
  if (!other) return { why: 'the connection has no address to look up (it is closed)' };
  return watchTcp(socket, other, diagnostics.tcp);
}

/**
 * Bytes written on `socket` that have not reached the kernel yet: what the
 * stream holds, and what libuv queued behind a full socket buffer (where a
 * TLS socket's records wait, written straight to the handle).
 */
const heldInNode = (socket: Socket): number => socket.writableLength + (handleOf(socket)?.writeQueueSize ?? 0);

function watchTcp(socket: Socket, other: FourTuple, open: () => SockDiag | string): PeerWatch | { why: string } {
  const diag = open();
  if (typeof diag === 'string') return { why: diag };
  if (!diag.lookup(other))
    return { why: `the other side's socket is not visible on this host (a remote target, or a proxy in between)` };
  const queues = tcpQueues(diag, other, mirrored(other));
  return { readOutcome: () => readState(diag, other, socket.bytesWritten), queues };
}

/** SEND_SHUTDOWN in a socket's shutdown bits: nothing we write can be read any more. */
const SEND_SHUTDOWN = 2;

/**
 * Over a Unix socket every byte we write lands on the peer's receive queue
 * at once, charged to our socket until the peer consumes it: so the peer
 * has read everything once nothing waits in Node and nothing is charged to
 * us any more. Our own socket says all of that, and that the peer is gone
 * (it shuts our sending); the peer itself, which the server may not have
 * accepted yet, is only needed for the stall's queues.
 */
function watchUnix(socket: Socket, ino: number, open: () => UnixDiag | string): PeerWatch | { why: string } {
  const diag = open();
  if (typeof diag === 'string') return { why: diag };
  if (!diag.lookup(ino))
    return { why: 'the kernel does not show this Unix socket (its unix_diag module may be missing)' };
  /** Our socket as the kernel shows it, or undefined once the connection is gone. */
  const ours = (): UnixSocketView | undefined => {
    const us = diag.lookup(ino);
    return us && (us.shutdown & SEND_SHUTDOWN) === 0 ? us : undefined;
  };
  let peerIno = 0;
  return {
    readOutcome: () => {
      const us = ours();
      if (!us) return 'gone';
      return heldInNode(socket) === 0 && us.writeCharge === 0 ? 'read' : undefined;
    },
    queues: () => {
      const us = ours();
      if (!us) return undefined;
      peerIno ||= us.peerIno;
      const them = peerIno ? diag.lookup(peerIno) : undefined;
      // What the peer wrote is on our receive queue already: nothing is in flight in between.
      if (!them) return { sndbuf: -1, charged: 0, inFlight: 0, unreadHere: us.recvQueue };
      return { sndbuf: them.sndbuf, charged: them.writeCharge, inFlight: 0, unreadHere: us.recvQueue };
    },
  };
}
