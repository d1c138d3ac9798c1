/** The two ways a client under test goes wrong: it cannot be started (our input), or it misbehaves (the thing under test). */
import { ErrorCode, TcpspecError } from '../errors';
import { describeOutcome } from './describe';
import type { ClientOutcome } from './types';

/** The command could not be started at all: not found, not executable. Exit status 2. */
export class ClientStartError extends TcpspecError {
  readonly code = ErrorCode.ClientStart;
  readonly exitStatus = 2 as const;
  constructor(
    /** `FILE:LINE:COL` of `client:`, or the spec file with `(--client)`. */
    readonly where: string,
    readonly command: readonly string[],
    /** The system's error code (ENOENT, EACCES, ...). */
    readonly reason: string,
  ) {
    super(
      `${where}: the client command ${JSON.stringify(command.join(' '))} could not be started: ${inWords(reason, command[0] ?? '')}`,
    );
  }
}

function inWords(code: string, program: string): string {
  const onPath = !program.includes('/');
  switch (code) {
    case 'ENOENT':
      return onPath
        ? `"${program}" was not found on PATH (ENOENT)`
        : `"${program}" does not exist, or the folder it runs in does not (ENOENT)`;
    case 'EACCES':
      return `"${program}" is not executable (EACCES: permission denied)`;
    default:
      return code;
  }
}

/** The client ran but ended wrong: another exit status, other output, or past its timeout. Exit status 1. */
export class ClientFailedError extends TcpspecError {
  readonly code = ErrorCode.ClientFailed;
  readonly exitStatus = 1 as const;
  constructor(
    /** `FILE:LINE:COL` of `client:` (or of the spec, for `--client` and embedded clients). */
    readonly where: string,
    /** The command line or the embedded client's name. */
    readonly client: string,
    /** What was wrong, in words. */
    readonly detail: string,
    readonly outcome: ClientOutcome,
  ) {
    super(`${where}: client ${JSON.stringify(client)} ${detail}\n${describeOutcome(outcome)}`);
  }
}
