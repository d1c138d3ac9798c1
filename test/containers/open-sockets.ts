import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The inodes of the sockets this process holds open (its file descriptors), as /proc lists them. */
function ownSocketInodes(): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const link = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (link) inodes.add(link[1]!);
    } catch {
      // Closed between the listing and the read.
    }
  }
  return inodes;
}

/**
 * The TCP connections this process still holds to `port` on the other side,
 * each as `local -> remote (state N)` in /proc/net/tcp's hex; a socket its
 * owner closed (even one still in FIN_WAIT or TIME_WAIT) holds no descriptor
 * and is not listed.
 */
export function ownConnectionsTo(port: number): string[] {
  const mine = ownSocketInodes();
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = readFileSync(table, 'utf8').trim().split('\n').slice(1);
    for (const line of lines) {
      const [, local, remote, state, , , , , , inode] = line.trim().split(/\s+/);
      if (!mine.has(inode!) || Number.parseInt(remote!.split(':')[1]!, 16) !== port) continue;
      found.push(`${local} -> ${remote} (state ${Number.parseInt(state!, 16)})`);
    }
  }
  return found;
}
