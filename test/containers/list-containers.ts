import { execFile } from 'node:child_process';

/** Ids of containers (running or not) labelled tcpspec=1, or only those of run `runId`. */
export function listContainers(runId?: string): Promise<string[]> {
  const filter = runId ? `label=tcpspec.run=${runId}` : 'label=tcpspec=1';
  return new Promise((resolve, reject) => {
    execFile('docker', ['ps', '-aq', '--filter', filter], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`docker ps --filter ${filter} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout.split('\n').filter(Boolean));
    });
  });
}
