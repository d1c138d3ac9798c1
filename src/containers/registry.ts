import { RUN_ID } from './owner';
import type { ContainerServer } from './servers';
import { startContainer, type RunningContainer } from './start-container';
import { sweepContainers } from './sweep';

interface Entry {
  readonly running: Promise<RunningContainer>;
  leases: number;
}

/** One container per server per process, shared by every target it serves. */
const entries = new Map<string, Entry>();

/**
 * Takes a lease on the server's container, starting it on the first lease.
 * Concurrent callers share one start; a failed start is remembered, so every
 * spec of that server fails at once with the same message.
 */
export function acquire(server: ContainerServer): Promise<RunningContainer> {
  let entry = entries.get(server.image);
  if (!entry) {
    entry = { running: startContainer(server), leases: 0 };
    entries.set(server.image, entry);
  }
  entry.leases += 1;
  return entry.running;
}

/** Returns a lease; the last one stops and removes the container. */
export async function release(server: ContainerServer): Promise<void> {
  const entry = entries.get(server.image);
  if (!entry) return;
  entry.leases -= 1;
  if (entry.leases > 0) return;
  entries.delete(server.image);
  const running = await entry.running.catch(() => undefined);
  await running?.stop();
}

/**
 * Stops and removes every container this process started, whatever its
 * leases, then any other container labelled with this run (one whose start
 * had not finished, say).
 */
export async function stopAllContainers(): Promise<void> {
  const all = [...entries.values()];
  entries.clear();
  await Promise.all(all.map(async (e) => (await e.running.catch(() => undefined))?.stop()));
  if (all.length > 0) await sweepContainers(RUN_ID);
}
