import { execFile } from 'node:child_process';

function dockerPs(filters: readonly string[]): Promise<string[]> {
  const args = ['ps', '-aq', ...filters.flatMap((f) => ['--filter', f])];
  return new Promise((resolve, reject) => {
    execFile('docker', args, { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`docker ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout.split('\n').filter(Boolean));
    });
  });
}

/** Ids of containers (running or not) labelled tcpspec=1, or only those of run `runId`. */
export function listContainers(runId?: string): Promise<string[]> {
  return dockerPs([runId ? `label=tcpspec.run=${runId}` : 'label=tcpspec=1']);
}

/** Ids of containers (running or not) started by the process `pid`; `running` for running ones only. */
export function containersOfPid(pid: number, running = false): Promise<string[]> {
  return dockerPs([`label=tcpspec.pid=${pid}`, ...(running ? ['status=running'] : [])]);
}
