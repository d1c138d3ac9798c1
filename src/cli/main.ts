/**
 * The `tcpspec` command line: registers one module per command (run, fuzz,
 * serve, validate, record, matrix). Exit status 0 when every spec passed, 1
 * when one failed, 2 when the input was unusable, 130 when interrupted. A
 * command that ran specs ends with the line `N passed, N failed`; a usage
 * error runs nothing and prints only why, on stderr.
 */
import { Command, CommanderError } from 'commander';
import { TcpspecError } from '../errors';
import { registerFuzz } from './commands/fuzz';
import { registerMatrix } from './commands/matrix';
import { registerRecord } from './commands/record';
import { registerRun } from './commands/run';
import { registerServe } from './commands/serve';
import { registerValidate } from './commands/validate';
import type { CliContext } from './context';
import { withHelp } from './help';
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
  for (const command of [program, ...program.commands]) withHelp(command);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    // A usage error ran nothing, so it prints no result line: commander or tcpspec said why on stderr.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2; // 0: --help, --version
    if (err instanceof TcpspecError) {
      io.err.write(`tcpspec: ${err.message}\n`);
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
