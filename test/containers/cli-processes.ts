/** `tcpspec` as a separate process, the way CI runs it: the compiled CLI in dist/, built once by the global setup. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'tcpspec.js');

/** Builds dist/ from the current sources (what `npm install` does through `prepare`). */
export function buildCli(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('npm', ['run', 'build'], { cwd: ROOT, timeout: 180_000 }, (error, stdout) => {
      if (error) reject(new Error(`npm run build failed: ${stdout}${error.message}`));
      else resolve();
    });
  });
}

export interface Exited {
  /** The exit status, or 128 + the signal number when a signal ended it. */
  readonly status: number;
  readonly out: string;
  readonly err: string;
}

export interface CliProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves when the process has exited; rejects if it is still running after `timeoutMs` (and kills it). */
  exited(timeoutMs: number): Promise<Exited>;
}

const SIGNALS: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** Starts `tcpspec ...args`; each provisions (docker/provision.sh) as a user's run would. */
export function startTcpspec(args: readonly string[], extraEnv: Readonly<Record<string, string>> = {}): CliProcess {
  const { TCPSPEC_PROVISIONED: _provisioned, ...inherited } = process.env;
  const env = { ...inherited, ...extraEnv };
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const done = new Promise<Exited>((resolve) => {
    child.once('close', (code, signal) => resolve({ status: code ?? 128 + (SIGNALS[signal ?? ''] ?? 0), out, err }));
  });
  return {
    child,
    pid: child.pid!,
    exited: (timeoutMs) =>
      new Promise<Exited>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`tcpspec ${args.join(' ')} still running after ${timeoutMs}ms:\n${out}\n${err}`));
        }, timeoutMs);
        void done.then((r) => {
          clearTimeout(timer);
          resolve(r);
        });
      }),
  };
}

/** The last non-empty line of the output. */
export function lastLine(text: string): string {
  return text.trimEnd().split('\n').pop() ?? '';
}
