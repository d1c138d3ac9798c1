/** The carriers' failures: nothing accepted at an endpoint, or an endpoint that could not be bound. */
import { ErrorCode, TcpspecError } from '../errors';
import type { CauseOption } from '../errors';
import { listenMessage, unreachableMessage } from '../report/messages/target-messages';
import type { Endpoint } from './endpoint';

interface EndpointFailure extends CauseOption {
  readonly endpoint: Endpoint;
  readonly reason: string;
}

/** A failure at an endpoint, with why in words (the system's error, or ours). */
abstract class EndpointError extends TcpspecError {
  readonly exitStatus = 2 as const;
  readonly endpoint: Endpoint;
  /** A TCP endpoint's host and port, as before endpoints had other kinds. */
  readonly host?: string;
  readonly port?: number;
  readonly reason: string;
  constructor(message: string, options: EndpointFailure) {
    super(message, options);
    this.endpoint = options.endpoint;
    if ('host' in options.endpoint) ({ host: this.host, port: this.port } = options.endpoint);
    this.reason = options.reason;
  }
}

/** Nothing accepted a connection at the target address. */
export class TargetUnreachableError extends EndpointError {
  readonly code = ErrorCode.TargetUnreachable;
  constructor(options: EndpointFailure) {
    super(unreachableMessage(options.endpoint, options.reason), options);
  }
}

/** An address to listen on (a mock server, the recording proxy) could not be bound. */
export class ListenError extends EndpointError {
  readonly code = ErrorCode.Listen;
  constructor(options: EndpointFailure) {
    super(listenMessage(options.endpoint, options.reason), options);
  }
}
