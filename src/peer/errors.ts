/** The peer's failures to meet the other side: nothing to dial, nowhere to listen, nobody connecting. */
import { ErrorCode, TcpspecError } from '../errors';
import type { CauseOption } from '../errors';
import { acceptTimeoutMessage, listenMessage, unreachableMessage } from '../report/messages/target-messages';

/** Nothing accepted a connection at the target address. */
export class TargetUnreachableError extends TcpspecError {
  readonly code = ErrorCode.TargetUnreachable;
  readonly exitStatus = 2 as const;
  readonly host: string;
  readonly port: number;
  readonly reason: string;
  constructor(options: { readonly host: string; readonly port: number; readonly reason: string } & CauseOption) {
    super(unreachableMessage(options.host, options.port, options.reason), options);
    this.host = options.host;
    this.port = options.port;
    this.reason = options.reason;
  }
}

/** An address to listen on (a mock server, the recording proxy) could not be bound. */
export class ListenError extends TcpspecError {
  readonly code = ErrorCode.Listen;
  readonly exitStatus = 2 as const;
  readonly host: string;
  readonly port: number;
  readonly reason: string;
  constructor(options: { readonly host: string; readonly port: number; readonly reason: string } & CauseOption) {
    super(listenMessage(options.host, options.port, options.reason), options);
    this.host = options.host;
    this.port = options.port;
    this.reason = options.reason;
  }
}

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
