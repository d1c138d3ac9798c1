/** The carriers' failures: nothing accepted at an endpoint, or an endpoint that could not be bound. */
import { ErrorCode, TcpspecError } from '../errors';
import type { CauseOption } from '../errors';
import { listenMessage, unreachableMessage } from '../report/messages/target-messages';
import type { Endpoint } from './endpoint';

/** Nothing accepted a connection at the target address. */
export class TargetUnreachableError extends TcpspecError {
  readonly code = ErrorCode.TargetUnreachable;
  readonly exitStatus = 2 as const;
  readonly endpoint: Endpoint;
  /** A TCP endpoint's host and port, as before endpoints had other kinds. */
  readonly host?: string;
  readonly port?: number;
  readonly reason: string;
  constructor(options: { readonly endpoint: Endpoint; readonly reason: string } & CauseOption) {
    super(unreachableMessage(options.endpoint, options.reason), options);
    this.endpoint = options.endpoint;
    if ('host' in options.endpoint) ({ host: this.host, port: this.port } = options.endpoint);
    this.reason = options.reason;
  }
}

/** An address to listen on (a mock server, the recording proxy) could not be bound. */
export class ListenError extends TcpspecError {
  readonly code = ErrorCode.Listen;
  readonly exitStatus = 2 as const;
  readonly endpoint: Endpoint;
  /** A TCP endpoint's host and port, as before endpoints had other kinds. */
  readonly host?: string;
  readonly port?: number;
  readonly reason: string;
  constructor(options: { readonly endpoint: Endpoint; readonly reason: string } & CauseOption) {
    super(listenMessage(options.endpoint, options.reason), options);
    this.endpoint = options.endpoint;
    if ('host' in options.endpoint) ({ host: this.host, port: this.port } = options.endpoint);
    this.reason = options.reason;
  }
}
