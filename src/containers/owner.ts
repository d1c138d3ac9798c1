/**
 * Who owns a container: every container tcpspec starts is labelled with the
 * run (process) that started it, that process's pid and start time, and the
 * host it runs on. Ryuk is off (its image cannot be pulled), so removal is
 * ours: the process removes its own containers when it stops them, at exit,
 * and a later run on the same host removes those of a process that is gone
 * (killed with SIGKILL, say) before it starts its own.
 */
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { docker } from './docker-cli';
import { LABEL, RUN_LABEL } from './sweep';

export const PID_LABEL = 'tcpspec.pid';
export const PID_START_LABEL = 'tcpspec.pid-start';
export const HOST_LABEL = 'tcpspec.host';

/** Labels this process's containers, so a sweep can tell runs apart. */
export const RUN_ID = `${process.pid}-${randomUUID().slice(0, 8)}`;

/**
 * When process `pid` started, in clock ticks since boot (Linux /proc), so a
 * pid reused by another process is not taken for the owner; '' elsewhere.
 */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22; the command name (field 2) is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return process.platform === 'linux' ? undefined : '';
  }
}

export function ownerLabels(): Record<string, string> {
  return {
    [LABEL]: '1',
    [RUN_LABEL]: RUN_ID,
    [PID_LABEL]: String(process.pid),
    [PID_START_LABEL]: processStart(process.pid) ?? '',
    [HOST_LABEL]: hostname(),
  };
}

/** Whether the process a container's labels name is still running (on this host). */
export function ownerAlive(pid: number, start: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, owned by another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!start) return true;
  return processStart(pid) === start;
}

/** Ids of the containers of tcpspec runs on this host whose process is gone. */
export async function findOrphans(): Promise<string[]> {
  const format = `{{.ID}}\t{{.Label "${PID_LABEL}"}}\t{{.Label "${PID_START_LABEL}"}}\t{{.Label "${HOST_LABEL}"}}`;
  const listed = await docker(['ps', '-a', '--filter', `label=${LABEL}=1`, '--format', format], 30_000);
  if (!listed.ok) throw new Error(`docker ps --filter label=${LABEL}=1 failed: ${listed.stderr.trim()}`);
  return listed.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t'))
    .filter(([, pid, start, host]) => host === hostname() && pid && !ownerAlive(Number(pid), start ?? ''))
    .map(([id]) => id!);
}

/**
 * Removes the containers of tcpspec runs on this host whose process is gone.
 * Containers of other hosts (a shared remote engine) and of live runs are
 * left alone. Resolves with how many were removed.
 */
export async function sweepOrphans(): Promise<number> {
  const orphans = await findOrphans();
  if (orphans.length === 0) return 0;
  const removed = await docker(['rm', '-f', ...orphans], 60_000);
  if (!removed.ok) throw new Error(`docker rm -f ${orphans.join(' ')} failed: ${removed.stderr.trim()}`);
  return orphans.length;
}

let swept: Promise<number> | undefined;

/** sweepOrphans() once per process, before its first container starts. */
export function sweepOrphansOnce(): Promise<number> {
  swept ??= sweepOrphans();
  return swept;
}

const live = new Set<string>();
let exitHookInstalled = false;

/**
 * At exit, removes every container of this run still there: those started
 * and not yet stopped, and any still being created when the process was told
 * to exit (found by the run label). Called before the first container starts.
 */
export function removeAtExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    const listed = spawnSync('docker', ['ps', '-aq', '--filter', `label=${RUN_LABEL}=${RUN_ID}`], {
      timeout: 10_000,
      encoding: 'utf8',
    });
    const ids = new Set([...live, ...listed.stdout.split('\n').filter(Boolean)]);
    if (ids.size > 0) spawnSync('docker', ['rm', '-f', ...ids], { timeout: 10_000, stdio: 'ignore' });
  });
}

/** Marks `id` as to be removed at exit; returns the function that forgets it once removed. */
export function removeOnExit(id: string): () => void {
  removeAtExit();
  live.add(id);
  return () => void live.delete(id);
}
