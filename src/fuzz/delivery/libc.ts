/**
 * The few libc calls the kernel's socket diagnostics need (socket, send,
 * recv, close on a netlink socket), through koffi, loaded once. koffi ships
 * prebuilt binaries, so nothing is compiled on install; where it or libc
 * cannot be loaded, or this is not Linux, the loader says why instead.
 */
import type * as Koffi from 'koffi';

export type Syscalls = {
  socket: (domain: number, type: number, protocol: number) => number;
  send: (fd: number, buf: Buffer, len: number, flags: number) => number;
  recv: (fd: number, buf: Buffer, len: number, flags: number) => number;
  close: (fd: number) => number;
  errno: () => number;
};

let syscalls: Syscalls | string | undefined;

/** libc's socket calls through koffi, loaded once; a string says why they are unavailable. */
export function loadSyscalls(): Syscalls | string {
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
