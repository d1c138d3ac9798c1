/**
 * Every client process group tcpspec started and has not yet seen end. A
 * command is spawned as its own process group, so killing the group takes
 * its children too; the groups still here when our process exits (an
 * interrupt, `process.exit`) are killed on the way out, so nothing outlives
 * the command.
 */

const running = new Set<number>();
let hooked = false;

/** Sends `signal` to the whole process group `pgid`; a group already gone is no error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

export function registerGroup(pgid: number): void {
  running.add(pgid);
  if (!hooked) {
    hooked = true;
    // 'exit' handlers run synchronously, so a kill is the one thing that can still happen here.
    process.on('exit', killAllClients);
  }
}

export function unregisterGroup(pgid: number): void {
  running.delete(pgid);
}

/** Kills (SIGKILL) every client process group still running: for the CLI's shutdown on an interrupt. */
export function killAllClients(): void {
  for (const pgid of running) signalGroup(pgid, 'SIGKILL');
  running.clear();
}

/** How many client process groups are running now (for tests). */
export function runningClientCount(): number {
  return running.size;
}
