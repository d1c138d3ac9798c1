/** Addresses written as text: the spec's `listen:` and `connect.target:`, `--listen`, a HOST:PORT target. */
import * as path from 'node:path';
import type { TcpEndpoint, UnixEndpoint } from '../net/endpoint';
import { socketPathProblem } from '../net/socket-file';

/** How a Unix socket is written wherever an address is: `unix:` and its path. */
export const UNIX_PREFIX = 'unix:';

/** `7000`, `"7000"`, `"127.0.0.1:7000"`, `"[::1]:7000"`, `"localhost:0"`. */
export function parseListen(value: unknown): TcpEndpoint | undefined {
  const port = (s: string): number | undefined => (/^\d{1,5}$/.test(s) && Number(s) <= 65535 ? Number(s) : undefined);
  if (typeof value === 'number')
    return port(String(value)) !== undefined ? { host: '127.0.0.1', port: value } : undefined;
  if (typeof value !== 'string') return undefined;
  const bare = port(value);
  if (bare !== undefined) return { host: '127.0.0.1', port: bare };
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(value);
  if (!m) return undefined;
  const p = port(m[3]!);
  return p === undefined ? undefined : { host: m[1] ?? m[2]!, port: p };
}

/**
 * `unix:PATH` read from text: the socket, its path made absolute against
 * `folder` (the spec's folder for a spec, the working directory for an
 * option), so every message names one file whoever reads it. Undefined when
 * the text does not start with `unix:`; `{ problem }` when its path cannot
 * name a socket (empty, too long, a zero byte).
 */
export function parseUnixAddress(
  text: string,
  folder: string,
): UnixEndpoint | { readonly problem: string } | undefined {
  if (!text.startsWith(UNIX_PREFIX)) return undefined;
  const written = text.slice(UNIX_PREFIX.length);
  if (written === '') return { problem: 'unix: needs the path of a socket after it, such as unix:/tmp/app.sock' };
  if (written.includes('\0')) return { problem: 'a socket path cannot hold a zero byte' };
  const socketPath = path.resolve(folder, written);
  const tooLong = socketPathProblem(socketPath);
  return tooLong ? { problem: `the socket path ${socketPath} is too long: ${tooLong}` } : { path: socketPath };
}
