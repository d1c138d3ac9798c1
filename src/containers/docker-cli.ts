import { execFile } from 'node:child_process';

export interface DockerResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the `docker` client with a bounded time; never rejects, reports `ok: false` instead. */
export function docker(args: readonly string[], timeoutMs = 30_000): Promise<DockerResult> {
  return new Promise((resolve) => {
    execFile('docker', [...args], { timeout: timeoutMs, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const why = error && !stderr ? `${error.message}\n` : '';
      resolve({ ok: !error, stdout, stderr: stderr + why });
    });
  });
}
