/** The peer's failure to meet the other side in the server role: nobody connecting. Dialing and listening fail in src/net/errors.ts. */
import { ErrorCode, TcpspecError } from '../errors';
import { acceptTimeoutMessage } from '../report/messages/target-messages';

/** In the server role, no client connected in time. */
export class AcceptTimeoutError extends TcpspecError {
  readonly code = ErrorCode.AcceptTimeout;
  readonly exitStatus = 1 as const;
  readonly file: string;
  readonly address: string;
  readonly waitedMs: number;
  readonly accepted: number;
  readonly wanted: number;
  /** The client under test ended before every connection arrived (the wait stopped there). */
  readonly clientEnded: boolean;
  constructor(options: {
    readonly file: string;
    readonly address: string;
    readonly waitedMs: number;
    readonly accepted: number;
    readonly wanted: number;
    readonly clientEnded?: boolean;
  }) {
    const clientEnded = options.clientEnded ?? false;
    super(acceptTimeoutMessage({ ...options, clientEnded }));
    this.file = options.file;
    this.address = options.address;
    this.waitedMs = options.waitedMs;
    this.accepted = options.accepted;
    this.wanted = options.wanted;
    this.clientEnded = clientEnded;
  }
}
