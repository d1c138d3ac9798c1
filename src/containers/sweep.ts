import { docker } from './docker-cli';

/** Label on every container tcpspec starts; `tcpspec.run` tells runs (processes) apart. */
export const LABEL = 'tcpspec';
export const RUN_LABEL = 'tcpspec.run';

/**
 * Removes (force) every container labelled tcpspec=1, running or not, or only
 * those of one run when `runId` is given. Resolves with how many were removed.
 */
export async function sweepContainers(runId?: string): Promise<number> {
  const filter = runId ? `label=${RUN_LABEL}=${runId}` : `label=${LABEL}=1`;
  const listed = await docker(['ps', '-aq', '--filter', filter], 30_000);
  if (!listed.ok) throw new Error(`docker ps --filter ${filter} failed: ${listed.stderr.trim()}`);
  const ids = listed.stdout.split('\n').filter(Boolean);
  if (ids.length === 0) return 0;
  const removed = await docker(['rm', '-f', ...ids], 60_000);
  if (!removed.ok) throw new Error(`docker rm -f ${ids.join(' ')} failed: ${removed.stderr.trim()}`);
  return ids.length;
}
