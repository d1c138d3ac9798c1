/** A client under test as the server role sees it: something started against our address that ends with an outcome. */
import type { ListenAddress } from '../spec/types';
import type { CapturedOutput } from './output';

/** How a client under test ended. */
export interface ClientOutcome {
  /** Its exit status; null when a signal ended it. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** tcpspec killed it because it ran past its timeout. */
  readonly timedOut: boolean;
  /** tcpspec killed it because the spec was over (its steps had failed, or the run was interrupted). */
  readonly stopped: boolean;
  readonly stdout: CapturedOutput;
  readonly stderr: CapturedOutput;
  readonly durationMs: number;
}

export interface RunningClient {
  /** Settles (never rejects) once the client has ended and its output is in. */
  readonly done: Promise<ClientOutcome>;
  /** Ends it now if it still runs (a command's whole process group); idempotent. */
  stop(): void;
}

/** A client under test ready to start: a command, or an embedded client. */
export interface ClientLauncher {
  /** How reports name it: the command line, or the embedded client's name. */
  readonly description: string;
  /** How long it may run, in milliseconds. */
  readonly timeoutMs: number;
  /** Starts it against `address`; rejects with ClientStartError when it cannot be started at all. */
  start(address: ListenAddress): Promise<RunningClient>;
}
