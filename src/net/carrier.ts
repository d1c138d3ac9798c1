/**
 * What a carrier is (a way to reach an endpoint: TCP, a Unix socket), and the
 * two halves every stream carrier shares: dialing with a bound wait, and
 * listening until closed. A carrier yields Node sockets, so everything above
 * it (TLS, the peer's connections) works the same over any of them.
 */
import * as net from 'node:net';
import { ListenError, TargetUnreachableError } from './errors';
import type { Endpoint } from './endpoint';

/** A listening socket of some carrier; `endpoint` is where it listens (a port 0 made real). */
export interface Listener<E extends Endpoint = Endpoint> {
  readonly endpoint: E;
  /** Every client that connects, from now until `close`. */
  onConnection(handler: (socket: net.Socket) => void): void;
  /** Called once the listener has closed. */
  onClose(handler: () => void): void;
  /** Stops listening; connections already accepted stay open. Idempotent. */
  close(): void;
}

/** Opens a connection to `endpoint` within `timeoutMs`; rejects only with TargetUnreachableError naming it. */
export type Dialer = (endpoint: Endpoint, timeoutMs: number) => Promise<net.Socket>;

/** Starts listening on `endpoint`; rejects only with ListenError naming it. */
export type Listen = <E extends Endpoint>(endpoint: E) => Promise<Listener<E>>;

export interface Carrier<E extends Endpoint> {
  dial(endpoint: E, timeoutMs: number): Promise<net.Socket>;
  listen(endpoint: E): Promise<Listener<E>>;
  /** This side of a connection in words, for transcripts (`127.0.0.1:50312`). */
  localName(socket: net.Socket): string;
  /** The other side of an accepted connection in words, for transcripts. */
  remoteName(socket: net.Socket): string;
}

/**
 * Connects with Node's `net` within `timeoutMs`. Half-open allowed: the other
 * side's FIN must not close our sending direction for us.
 */
export function dialSocket(
  options: net.NetConnectOpts,
  endpoint: Endpoint,
  timeoutMs: number,
  refused: string,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ ...options, allowHalfOpen: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new TargetUnreachableError({ endpoint, reason: `no answer within ${timeoutMs}ms` }));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const why = err.code === 'ECONNREFUSED' ? refused : `${err.code ?? ''} ${err.message}`.trim();
      reject(new TargetUnreachableError({ endpoint, reason: why, cause: err }));
    });
  });
}

/**
 * Listens with Node's `net`; `bound` turns the server's address into the
 * endpoint it listens on. Half-open allowed, as for dialing.
 */
export async function listenSocket<E extends Endpoint>(
  options: net.ListenOptions,
  endpoint: E,
  bound: (server: net.Server) => E,
): Promise<Listener<E>> {
  const server = net.createServer({ noDelay: true, allowHalfOpen: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new ListenError({ endpoint, reason: err.code ?? err.message, cause: err })),
    );
    server.listen(options, () => resolve());
  });
  return {
    endpoint: bound(server),
    onConnection: (handler) => server.on('connection', handler),
    onClose: (handler) => server.once('close', handler),
    close: () => server.close(),
  };
}
