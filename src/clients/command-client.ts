/**
 * A command as the client under test: spawned without a shell as its own
 * process group, stdin empty, stdout and stderr captured (bounded), ended at
 * its timeout or when the spec is over by killing the whole group, so no
 * child of it outlives the spec.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { ListenAddress } from '../spec/types';
import { ClientStartError } from './errors';
import { listenEnv } from './listen-vars';
import { OutputCapture } from './output';
import { registerGroup, signalGroup, unregisterGroup } from './processes';
import type { ClientLauncher, ClientOutcome, RunningClient } from './types';

/** After SIGTERM, how long a client has to end before SIGKILL. */
const KILL_GRACE_MS = 500;
/** After the client exits, how long its output pipes may stay open (held by a child that escaped the group). */
const DRAIN_MS = 1000;

export interface CommandClientOptions {
  /** The words to run, for the address tcpspec listens on. */
  readonly argv: (address: ListenAddress) => readonly string[];
  /** The command as written, for reports. */
  readonly description: string;
  readonly cwd: string;
  readonly timeoutMs: number;
  /** Where the command was given, for messages: `FILE:LINE:COL` or `FILE (--client)`. */
  readonly where: string;
}

export function commandClient(options: CommandClientOptions): ClientLauncher {
  return {
    description: options.description,
    timeoutMs: options.timeoutMs,
    start: (address) => startCommand(options, address),
  };
}

async function startCommand(options: CommandClientOptions, address: ListenAddress): Promise<RunningClient> {
  const argv = options.argv(address);
  const started = performance.now();
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: options.cwd,
    env: { ...process.env, ...listenEnv(address) },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so one kill reaches everything it starts.
    detached: true,
  });
  const exit = ended(child);
  const stdout = new OutputCapture();
  const stderr = new OutputCapture();
  child.stdout.on('data', (chunk: Buffer) => stdout.write(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.write(chunk));
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new ClientStartError({ where: options.where, command: argv, reason: err.code ?? err.message, cause: err }),
      ),
    );
  });
  const pgid = child.pid!;
  registerGroup(pgid);
  let timedOut = false;
  let stopped = false;
  let exited = false;
  let killTimer: NodeJS.Timeout | undefined;
  const end = (): void => {
    if (exited || killTimer) return;
    signalGroup(pgid, 'SIGTERM');
    killTimer = setTimeout(() => signalGroup(pgid, 'SIGKILL'), KILL_GRACE_MS);
  };
  const timeout = setTimeout(() => {
    timedOut = true;
    end();
  }, options.timeoutMs);
  const done = exit.then(async ({ code, signal }): Promise<ClientOutcome> => {
    exited = true;
    clearTimeout(timeout);
    clearTimeout(killTimer);
    // Whatever it left running in its group goes with it.
    signalGroup(pgid, 'SIGKILL');
    unregisterGroup(pgid);
    await drained(child);
    return {
      exitCode: code,
      signal,
      timedOut,
      stopped,
      stdout: stdout.result(),
      stderr: stderr.result(),
      durationMs: Math.round(performance.now() - started),
    };
  });
  return {
    done,
    stop() {
      if (exited || timedOut) return;
      stopped = true;
      end();
    },
  };
}

function ended(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Resolves once both output pipes closed, or after DRAIN_MS (then they are destroyed). */
function drained(child: ChildProcess): Promise<void> {
  const streams = [child.stdout!, child.stderr!];
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      for (const s of streams) s.destroy();
      resolve();
    }, DRAIN_MS);
    let open = streams.filter((s) => !s.closed).length;
    if (open === 0) {
      clearTimeout(timer);
      resolve();
      return;
    }
    for (const s of streams) {
      if (s.closed) continue;
      s.once('close', () => {
        if (--open === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  });
}
