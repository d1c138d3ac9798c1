/**
 * The kernel's view of one TCP socket on this host, through NETLINK_SOCK_DIAG:
 * an exact lookup of the 4-tuple (not a dump), asking for tcp_info and the
 * socket's memory counters. Synchronous calls into libc through koffi (an
 * FFI library with prebuilt binaries: nothing is compiled on install); about
 * 5-20 µs per lookup whatever the number of sockets on the machine.
 *
 * Where this cannot work (not Linux, koffi missing, netlink refused) the
 * opener returns the reason instead, and the fuzzer falls back to timed gaps.
 */
import * as net from 'node:net';
import { diagRequest, DiagSocket, forEachAttribute, NLMSG_HDRLEN } from './netlink';

/** Where a socket is: its own address and port, and its peer's. */
export interface FourTuple {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

/** What the kernel says about one socket. */
export interface SocketView {
  /** The kernel's TCP state number (1 ESTABLISHED … 10 LISTEN, see TCP_STATES). */
  readonly state: number;
  /** Bytes that arrived and the application has not read yet. */
  readonly recvQueue: number;
  /** Bytes written and not yet acknowledged by the other side. */
  readonly sendQueue: number;
  /** Payload bytes received since the connection began (tcp_info), or -1 when the kernel gave none. */
  readonly bytesReceived: number;
  /** Bytes queued for sending, as the send buffer counts them (sk_wmem_queued), or -1. */
  readonly wmemQueued: number;
  /** The send buffer's size (sk_sndbuf), or -1. */
  readonly sndbuf: number;
}

export const TCP_STATES: Readonly<Record<number, string>> = {
  1: 'ESTABLISHED',
  2: 'SYN_SENT',
  3: 'SYN_RECV',
  4: 'FIN_WAIT1',
  5: 'FIN_WAIT2',
  6: 'TIME_WAIT',
  7: 'CLOSE',
  8: 'CLOSE_WAIT',
  9: 'LAST_ACK',
  10: 'LISTEN',
  11: 'CLOSING',
};
export const TCP_LISTEN = 10;

export interface SockDiag {
  /**
   * The socket at `t` (its local side = t.local*), or undefined when no such
   * connection exists. A vanished connection's lookup may answer with the
   * listening socket on that port: that is reported as absent too.
   */
  lookup(t: FourTuple): SocketView | undefined;
  close(): void;
}

const AF_INET = 2;
const AF_INET6 = 10;
const IPPROTO_TCP = 6;
const INET_DIAG_INFO = 2;
const INET_DIAG_SKMEMINFO = 7;
/** nlmsghdr + inet_diag_req_v2 */
const REQUEST_LEN = NLMSG_HDRLEN + 56;
/** inet_diag_msg, after the nlmsghdr */
const DIAG_MSG_LEN = 72;
/** Offsets inside struct tcp_info and the sk_meminfo array (include/uapi/linux/{tcp,sock_diag}.h). */
const TCPI_BYTES_RECEIVED = 128;
const SK_MEMINFO_SNDBUF = 3;
const SK_MEMINFO_WMEM_QUEUED = 5;

/** The address as the kernel's 16-byte field, and the family to ask with (an IPv4-mapped IPv6 address is asked as IPv4). */
function addressBytes(address: string): { family: number; bytes: Buffer } {
  const v4 = address.startsWith('::ffff:') && net.isIPv4(address.slice(7)) ? address.slice(7) : address;
  if (net.isIPv4(v4)) return { family: AF_INET, bytes: Buffer.from(v4.split('.').map(Number)) };
  return { family: AF_INET6, bytes: ipv6Bytes(v4) };
}

function ipv6Bytes(address: string): Buffer {
  const out = Buffer.alloc(16);
  const zone = address.indexOf('%');
  const plain = zone >= 0 ? address.slice(0, zone) : address;
  const [head, tail] = plain.includes('::') ? plain.split('::') : [plain, undefined];
  const groups = (s: string | undefined): string[] => (s ? s.split(':') : []);
  const expand = (gs: string[]): number[] =>
    gs.flatMap((g) => {
      if (net.isIPv4(g)) {
        const b = g.split('.').map(Number);
        return [(b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!];
      }
      return [parseInt(g, 16)];
    });
  const front = expand(groups(head));
  const back = expand(groups(tail));
  const all =
    tail === undefined ? front : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  all.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

/** Opens a NETLINK_SOCK_DIAG socket for TCP lookups, or says why it cannot. */
export function openSockDiag(): SockDiag | string {
  const socket = DiagSocket.open();
  return typeof socket === 'string' ? socket : new NetlinkSockDiag(socket);
}

class NetlinkSockDiag implements SockDiag {
  private readonly request = diagRequest(REQUEST_LEN);

  constructor(private readonly socket: DiagSocket) {
    const r = this.request;
    r[NLMSG_HDRLEN + 1] = IPPROTO_TCP;
    r[NLMSG_HDRLEN + 2] = (1 << (INET_DIAG_INFO - 1)) | (1 << (INET_DIAG_SKMEMINFO - 1));
    r.writeUInt32LE(0xffffffff, NLMSG_HDRLEN + 4); // every state
    r.writeUInt32LE(0xffffffff, NLMSG_HDRLEN + 48); // INET_DIAG_NOCOOKIE
    r.writeUInt32LE(0xffffffff, NLMSG_HDRLEN + 52);
  }

  lookup(t: FourTuple): SocketView | undefined {
    const local = addressBytes(t.localAddress);
    const remote = addressBytes(t.remoteAddress);
    const r = this.request;
    r[NLMSG_HDRLEN] = local.family;
    r.writeUInt16BE(t.localPort, NLMSG_HDRLEN + 8);
    r.writeUInt16BE(t.remotePort, NLMSG_HDRLEN + 10);
    r.fill(0, NLMSG_HDRLEN + 12, NLMSG_HDRLEN + 44);
    local.bytes.copy(r, NLMSG_HDRLEN + 12);
    remote.bytes.copy(r, NLMSG_HDRLEN + 28);
    const answer = this.socket.ask(r);
    return answer && this.parse(answer, t);
  }

  private parse(b: Buffer, t: FourTuple): SocketView | undefined {
    if (b.length < NLMSG_HDRLEN + DIAG_MSG_LEN) return undefined;
    const m = NLMSG_HDRLEN;
    const state = b[m + 1]!;
    // A lookup of a vanished connection answers with the listener on that port.
    if (state === TCP_LISTEN || b.readUInt16BE(m + 4) !== t.localPort || b.readUInt16BE(m + 6) !== t.remotePort)
      return undefined;
    let bytesReceived = -1;
    let wmemQueued = -1;
    let sndbuf = -1;
    forEachAttribute(b, m + DIAG_MSG_LEN, (type, at, len) => {
      if (type === INET_DIAG_INFO && len >= TCPI_BYTES_RECEIVED + 8)
        bytesReceived = Number(b.readBigUInt64LE(at + TCPI_BYTES_RECEIVED));
      if (type === INET_DIAG_SKMEMINFO && len >= (SK_MEMINFO_WMEM_QUEUED + 1) * 4) {
        sndbuf = b.readUInt32LE(at + SK_MEMINFO_SNDBUF * 4);
        wmemQueued = b.readUInt32LE(at + SK_MEMINFO_WMEM_QUEUED * 4);
      }
    });
    return {
      state,
      recvQueue: b.readUInt32LE(m + 56),
      sendQueue: b.readUInt32LE(m + 60),
      bytesReceived,
      wmemQueued,
      sndbuf,
    };
  }

  close(): void {
    this.socket.close();
  }
}

let shared: SockDiag | string | undefined;

/** One diagnostics socket for the process, opened on first use (its descriptor closes with the process). */
export function sharedSockDiag(): SockDiag | string {
  return (shared ??= openSockDiag());
}
