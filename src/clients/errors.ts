/**
 * The two ways a client under test goes wrong: it cannot be started (our
 * input), or it misbehaves (the thing under test). Members of tcpspec's one
 * error family (TcpspecError, src/errors.ts): options objects in, the data as
 * fields, the system error as `cause`; the words are in
 * src/report/messages/client-messages.ts.
 */
import { ErrorCode, TcpspecError } from '../errors';
import type { CauseOption } from '../errors';
import { clientFailedMessage, clientStartMessage } from '../report/messages/client-messages';
import { describeOutcome } from './describe';
import type { ClientOutcome } from './types';

/** The command could not be started at all: not found, not executable. Exit status 2. */
export class ClientStartError extends TcpspecError {
  readonly code = ErrorCode.ClientStart;
  readonly exitStatus = 2 as const;
  /** `FILE:LINE:COL` of `client:`, or the spec file with `(--client)`. */
  readonly where: string;
  readonly command: readonly string[];
  /** The system's error code (ENOENT, EACCES, ...). */
  readonly reason: string;
  constructor(
    options: { readonly where: string; readonly command: readonly string[]; readonly reason: string } & CauseOption,
  ) {
    const { where, command, reason } = options;
    super(clientStartMessage(where, command, reason), options);
    this.where = where;
    this.command = command;
    this.reason = reason;
  }
}

/** The client ran but ended wrong: another exit status, other output, or past its timeout. Exit status 1. */
export class ClientFailedError extends TcpspecError {
  readonly code = ErrorCode.ClientFailed;
  readonly exitStatus = 1 as const;
  /** `FILE:LINE:COL` of `client:` (or of the spec, for `--client` and embedded clients). */
  readonly where: string;
  /** The command line or the embedded client's name. */
  readonly client: string;
  /** What was wrong, in words. */
  readonly detail: string;
  readonly outcome: ClientOutcome;
  constructor(options: {
    readonly where: string;
    readonly client: string;
    readonly detail: string;
    readonly outcome: ClientOutcome;
  }) {
    const { where, client, detail, outcome } = options;
    super(clientFailedMessage(where, client, detail, describeOutcome(outcome)));
    this.where = where;
    this.client = client;
    this.detail = detail;
    this.outcome = outcome;
  }
}
