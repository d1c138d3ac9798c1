import { sweepContainers } from '../../src/containers';
import { listContainers } from './list-containers';

/**
 * Ryuk is disabled, so nothing else cleans up: remove every tcpspec-labelled
 * container, and fail if any survives. Each test file already stops its own;
 * a container found here was leaked by a crashed or interrupted worker.
 */
export default async function globalTeardown(): Promise<void> {
  const leaked = await sweepContainers();
  if (leaked > 0) process.stdout.write(`\n[containers] removed ${leaked} leftover container(s) labelled tcpspec=1\n`);
  const left = await listContainers();
  if (left.length > 0) throw new Error(`containers labelled tcpspec=1 survived the sweep: ${left.join(', ')}`);
}
