/**
 * One NETLINK_SOCK_DIAG socket: the kernel's socket diagnostics, asked one
 * exact lookup at a time (sock-diag.ts for TCP, unix-diag.ts for Unix
 * sockets). The few libc calls it needs go through koffi (prebuilt binaries:
 * nothing is compiled on install), loaded once; where koffi or libc cannot be
 * loaded, or this is not Linux, the opener says why instead.
 */
import type * as Koffi from 'koffi';

/** The netlink header before every request and answer. */
export const NLMSG_HDRLEN = 16;
const AF_NETLINK = 16;
const SOCK_DGRAM = 2;
const SOCK_CLOEXEC = 0o2000000;
const NETLINK_SOCK_DIAG = 4;
const SOCK_DIAG_BY_FAMILY = 20;
const NLMSG_ERROR = 2;
const NLM_F_REQUEST = 1;
const MSG_DONTWAIT = 0x40;

type Syscalls = {
  socket: (domain: number, type: number, protocol: number) => number;
  send: (fd: number, buf: Buffer, len: number, flags: number) => number;
  recv: (fd: number, buf: Buffer, len: number, flags: number) => number;
  close: (fd: number) => number;
  errno: () => number;
};

let syscalls: Syscalls | string | undefined;

/** libc's socket calls through koffi, loaded once; a string says why they are unavailable. */
function loadSyscalls(): Syscalls | string {
  if (syscalls !== undefined) return syscalls;
  if (process.platform !== 'linux') return (syscalls = `socket diagnostics need Linux (this is ${process.platform})`);
  let koffi: typeof Koffi;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    koffi = require('koffi') as typeof Koffi;
  } catch (err) {
    return (syscalls = `the koffi package could not be loaded (${err instanceof Error ? err.message : String(err)})`);
  }
  try {
    const libc = koffi.load('libc.so.6');
    syscalls = {
      socket: libc.func('int socket(int, int, int)') as Syscalls['socket'],
      send: libc.func('intptr_t send(int, const void *, size_t, int)') as Syscalls['send'],
      recv: libc.func('intptr_t recv(int, _Out_ void *, size_t, int)') as Syscalls['recv'],
      close: libc.func('int close(int)') as Syscalls['close'],
      errno: () => koffi.errno(),
    };
  } catch (err) {
    syscalls = `libc could not be loaded through koffi (${err instanceof Error ? err.message : String(err)})`;
  }
  return syscalls;
}

/** A request of `length` bytes, its netlink header written; the family's own request follows at NLMSG_HDRLEN. */
export function diagRequest(length: number): Buffer {
  const r = Buffer.alloc(length);
  r.writeUInt32LE(length, 0);
  r.writeUInt16LE(SOCK_DIAG_BY_FAMILY, 4);
  r.writeUInt16LE(NLM_F_REQUEST, 6);
  return r;
}

export class DiagSocket {
  private readonly reply = Buffer.alloc(8192);
  private seq = 0;
  private open = true;

  private constructor(
    private readonly sys: Syscalls,
    private readonly fd: number,
  ) {}

  /** Opens a NETLINK_SOCK_DIAG socket, or says why it cannot. */
  static open(): DiagSocket | string {
    const sys = loadSyscalls();
    if (typeof sys === 'string') return sys;
    const fd = sys.socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd < 0) return `the kernel refused a NETLINK_SOCK_DIAG socket (errno ${sys.errno()})`;
    return new DiagSocket(sys, fd);
  }

  /**
   * Sends `request` (made by diagRequest) and returns the kernel's answer,
   * whose family-specific message starts at NLMSG_HDRLEN: a view of a buffer
   * the next call reuses. Undefined for an error answer or none.
   */
  ask(request: Buffer): Buffer | undefined {
    if (!this.open) return undefined;
    this.seq = (this.seq + 1) >>> 0;
    request.writeUInt32LE(this.seq, 8);
    if (this.sys.send(this.fd, request, request.length, 0) !== request.length) return undefined;
    // The kernel answers a request within the send call; skip any stale answer to an earlier one.
    for (;;) {
      const n = this.sys.recv(this.fd, this.reply, this.reply.length, MSG_DONTWAIT);
      if (n < NLMSG_HDRLEN) return undefined;
      if (this.reply.readUInt32LE(8) !== this.seq) continue;
      if (this.reply.readUInt16LE(4) === NLMSG_ERROR) return undefined;
      return this.reply.subarray(0, Math.min(n, this.reply.readUInt32LE(0)));
    }
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.sys.close(this.fd);
  }
}

/** Calls `each(type, offset of its value, its length)` for every attribute from `start` to the end of `answer`. */
export function forEachAttribute(
  answer: Buffer,
  start: number,
  each: (type: number, at: number, length: number) => void,
): void {
  for (let off = start; off + 4 <= answer.length;) {
    const len = answer.readUInt16LE(off);
    if (len < 4) break;
    each(answer.readUInt16LE(off + 2), off + 4, len - 4);
    off += (len + 3) & ~3;
  }
}
