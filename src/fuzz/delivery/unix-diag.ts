/**
 * The kernel's view of one Unix stream socket on this host, through
 * NETLINK_SOCK_DIAG with the AF_UNIX family (the `unix_diag` module, which
 * `ss -x` uses): an exact lookup by the socket's inode, asking for its peer,
 * its queue lengths and its memory counters.
 *
 * A byte written on a Unix stream socket goes straight onto the peer's
 * receive queue, charged to the writer until the reader consumes it. So the
 * writer's charged memory is zero exactly when the reader has read every
 * byte, and the writer blocks once that charge reaches its send buffer.
 *
 * Where this cannot work (not Linux, koffi missing, the module absent, the
 * lookup refused) the opener returns the reason instead.
 */
import * as fs from 'node:fs';
import type { Socket } from 'node:net';
import { diagRequest, DiagSocket, forEachAttribute, NLMSG_HDRLEN } from './netlink';

/** What the kernel says about one Unix stream socket. */
export interface UnixSocketView {
  /** The socket's inode, which names it to the kernel. */
  readonly ino: number;
  /** The connected peer's inode, or 0. */
  readonly peerIno: number;
  /** The kernel's state number (1 connected, 10 listening, 7 closed). */
  readonly state: number;
  /** Bytes on this socket's receive queue that its owner has not read. */
  readonly recvQueue: number;
  /** Memory charged to this socket for bytes it wrote that the peer has not consumed yet (0: every byte read). */
  readonly writeCharge: number;
  /** The send buffer's size: a write blocks while the charge is at least this. */
  readonly sndbuf: number;
  /** Which directions are shut (1 receive, 2 send): the peer closing shuts both. */
  readonly shutdown: number;
}

export interface UnixDiag {
  /** The socket with inode `ino`, or undefined when there is none. */
  lookup(ino: number): UnixSocketView | undefined;
  close(): void;
}

const AF_UNIX = 1;
/** nlmsghdr + unix_diag_req (include/uapi/linux/unix_diag.h) */
const REQUEST_LEN = NLMSG_HDRLEN + 24;
/** unix_diag_msg, after the nlmsghdr */
const DIAG_MSG_LEN = 16;
const UDIAG_SHOW_PEER = 0x04;
const UDIAG_SHOW_RQLEN = 0x10;
const UDIAG_SHOW_MEMINFO = 0x20;
const UNIX_DIAG_PEER = 2;
const UNIX_DIAG_RQLEN = 4;
const UNIX_DIAG_MEMINFO = 5;
const UNIX_DIAG_SHUTDOWN = 6;
const SK_MEMINFO_SNDBUF = 3;

/** The inode of a connected Node socket's descriptor, or undefined when it has none (closed, or not a kernel socket). */
export function socketInode(socket: Socket): number | undefined {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (fd === undefined || fd < 0) return undefined;
  try {
    return fs.fstatSync(fd).ino;
  } catch {
    return undefined;
  }
}

/** Opens a NETLINK_SOCK_DIAG socket for Unix socket lookups, or says why it cannot. */
export function openUnixDiag(): UnixDiag | string {
  const socket = DiagSocket.open();
  return typeof socket === 'string' ? socket : new NetlinkUnixDiag(socket);
}

class NetlinkUnixDiag implements UnixDiag {
  private readonly request = diagRequest(REQUEST_LEN);

  constructor(private readonly socket: DiagSocket) {
    const r = this.request;
    r[NLMSG_HDRLEN] = AF_UNIX;
    r.writeUInt32LE(0xffffffff, NLMSG_HDRLEN + 4); // every state
    r.writeUInt32LE(UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN | UDIAG_SHOW_MEMINFO, NLMSG_HDRLEN + 12);
    r.writeUInt32LE(0xffffffff, NLMSG_HDRLEN + 16); // no cookie to check
    r.writeUInt32LE(0xffffffff, NLMSG_HDRLEN + 20);
  }

  lookup(ino: number): UnixSocketView | undefined {
    this.request.writeUInt32LE(ino, NLMSG_HDRLEN + 8);
    const answer = this.socket.ask(this.request);
    return answer && this.parse(answer, ino);
  }

  private parse(b: Buffer, ino: number): UnixSocketView | undefined {
    const m = NLMSG_HDRLEN;
    if (b.length < m + DIAG_MSG_LEN || b.readUInt32LE(m + 4) !== ino) return undefined;
    let peerIno = 0;
    let recvQueue = -1;
    let writeCharge = -1;
    let sndbuf = -1;
    let shutdown = 0;
    forEachAttribute(b, m + DIAG_MSG_LEN, (type, at, len) => {
      if (type === UNIX_DIAG_PEER && len >= 4) peerIno = b.readUInt32LE(at);
      if (type === UNIX_DIAG_RQLEN && len >= 8) {
        recvQueue = b.readUInt32LE(at);
        writeCharge = b.readUInt32LE(at + 4);
      }
      if (type === UNIX_DIAG_MEMINFO && len >= (SK_MEMINFO_SNDBUF + 1) * 4)
        sndbuf = b.readUInt32LE(at + SK_MEMINFO_SNDBUF * 4);
      if (type === UNIX_DIAG_SHUTDOWN && len >= 1) shutdown = b[at]!;
    });
    if (recvQueue < 0) return undefined;
    return { ino, peerIno, state: b[m + 2]!, recvQueue, writeCharge, sndbuf, shutdown };
  }

  close(): void {
    this.socket.close();
  }
}

let shared: UnixDiag | string | undefined;

/** One diagnostics socket for the process, opened on first use (its descriptor closes with the process). */
export function sharedUnixDiag(): UnixDiag | string {
  return (shared ??= openUnixDiag());
}
