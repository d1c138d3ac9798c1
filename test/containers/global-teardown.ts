import { findOrphans, sweepOrphans } from '../../src/containers';

/**
 * Ryuk is disabled, so nothing else cleans up. By now every test worker has
 * exited, so a container of theirs still here was leaked (by a crashed or
 * interrupted worker): remove the containers of every tcpspec process that
 * is gone, and fail if one survives. Containers of tcpspec runs still going
 * on this host (another terminal, another CI job) are not ours to remove.
 */
export default async function globalTeardown(): Promise<void> {
  const leaked = await sweepOrphans();
  if (leaked > 0) process.stdout.write(`\n[containers] removed ${leaked} container(s) left by exited tcpspec runs\n`);
  const left = await findOrphans();
  if (left.length > 0) throw new Error(`containers of exited tcpspec runs survived the sweep: ${left.join(', ')}`);
}
