/**
 * The file a Unix socket listens at: whether its path can hold a socket at
 * all, and clearing a stale one that a killed run left behind. A socket file
 * is removed only when nothing accepts connections on it; a live socket or a
 * file of another kind is never touched.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/**
 * The longest socket path the system takes, in bytes (`sun_path` less its
 * terminating zero). Node silently cuts a longer one, so a listener would sit
 * at a different file than the one it names.
 */
export const UNIX_PATH_MAX = process.platform === 'linux' ? 107 : 103;

/** How long the probe of an existing socket file may wait for an answer. */
const PROBE_MS = 1000;

/** Why `socketPath` cannot name a socket (too long), or undefined when it can. */
export function socketPathProblem(socketPath: string): string | undefined {
  const bytes = Buffer.byteLength(socketPath);
  return bytes > UNIX_PATH_MAX
    ? `ENAMETOOLONG (the path is ${bytes} bytes; a Unix socket path may have at most ${UNIX_PATH_MAX})`
    : undefined;
}

/**
 * Makes `socketPath` free to listen on: removes a socket file nobody accepts
 * on. Resolves to why listening there cannot work, or undefined when it can.
 */
export async function clearSocketPath(socketPath: string): Promise<string | undefined> {
  const folder = path.dirname(socketPath);
  if (!isFolder(folder)) return `ENOENT (the folder ${folder} does not exist)`;
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(socketPath);
  } catch {
    return undefined;
  }
  if (!stat.isSocket()) return 'EEXIST (a file that is not a socket is in the way; tcpspec removes only stale sockets)';
  const answer = await probe(socketPath);
  if (answer === 'refused') {
    // Nobody accepts: the socket is a leftover of a process that ended without closing it.
    fs.rmSync(socketPath, { force: true });
    return undefined;
  }
  if (answer === 'accepts') return 'EADDRINUSE (another process listens on this socket)';
  if (answer === 'silent') return `EADDRINUSE (the socket did not answer within ${PROBE_MS}ms; it is left alone)`;
  return `${answer.code} (the socket could not be probed; it is left alone)`;
}

function isFolder(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

type ProbeAnswer = 'accepts' | 'refused' | 'silent' | { readonly code: string };

/** Whether a process accepts connections on the socket file. */
function probe(socketPath: string): Promise<ProbeAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect({ path: socketPath });
    const done = (answer: ProbeAnswer): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done('silent'), PROBE_MS);
    socket.once('connect', () => done('accepts'));
    socket.once('error', (err: NodeJS.ErrnoException) =>
      done(err.code === 'ECONNREFUSED' ? 'refused' : { code: err.code ?? err.message }),
    );
  });
}
