/**
 * The `tcpspec` command line: registers one module per command (run, fuzz,
 * serve, validate, record, matrix). Exit status 0 when every spec passed, 1
 * when one failed, 2 when the input was unusable, 130 when interrupted; the
 * last line counts results as `N passed, N failed`.
 */
import { Command, CommanderError } from 'commander';
import { TcpspecError } from '../errors';
import { summaryLine } from '../report/human';
import { registerFuzz } from './commands/fuzz';
import { registerMatrix } from './commands/matrix';
import { registerRecord } from './commands/record';
import { registerRun } from './commands/run';
import { registerServe } from './commands/serve';
import { registerValidate } from './commands/validate';
import type { CliContext } from './context';
import type { Io } from './io';
import { INTERRUPTED } from './session';
import { VERSION } from './version';

export type { Io } from './io';

const COMMANDS = [registerRun, registerFuzz, registerServe, registerValidate, registerRecord, registerMatrix];

/** Runs the CLI with `argv` (without node and script); resolves with the exit status. */
export async function main(
  argv: readonly string[],
  io: Io = { out: process.stdout, err: process.stderr },
): Promise<number> {
  let status = 0;
  const cli: CliContext = {
    io,
    print: (line) => void io.out.write(`${line}\n`),
    setStatus: (s) => (status = s),
  };
  const program = new Command('tcpspec')
    .description('Protocol-conformance tests for TCP servers and clients')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) });
  for (const register of COMMANDS) register(program, cli);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0; // --help, --version
      cli.print(summaryLine({ passed: 0, failed: 0, errors: 1, skipped: 0 }));
      return 2;
    }
    if (err instanceof TcpspecError) {
      io.err.write(`tcpspec: ${err.message}\n`);
      cli.print(summaryLine({ passed: 0, failed: 0, errors: 1, skipped: 0 }));
      return 2;
    }
    throw err;
  }
  return status;
}

/**
 * The `tcpspec` bin: runs `main` and ends the process with its status. After an
 * interrupt the process exits at once: what was started is stopped already,
 * and a spec still waiting (on a server outside our control) must not hold it.
 */
export function runAsProcess(argv: readonly string[]): void {
  void main(argv).then((code) => {
    process.exitCode = code;
    if (code === INTERRUPTED) process.exit(code);
  });
}
