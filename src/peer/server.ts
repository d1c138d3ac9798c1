/**
 * The peer in the server role: listens, and plays the steps once per accepted
 * connection, for `connections` connections. A client that never connects
 * fails after the spec's timeout.
 */
import * as net from 'node:net';
import { AcceptTimeoutError, TargetUnreachableError } from '../errors';
import type { ListenAddress, Spec } from '../spec/types';
import { Transcript } from '../transcript/transcript';
import { limitsOf } from './client';
import type { Conversation, PeerOptions } from './client';
import { PeerConnection } from './connection';
import { runSteps } from './run-steps';

export interface ServerOptions extends PeerOptions {
  /** Overrides the spec's `listen:`. */
  readonly listen?: ListenAddress;
}

/** A mock server that is listening; `conversations` settles when every connection played out or waiting timed out. */
export interface ListeningPeer {
  readonly address: ListenAddress;
  readonly conversations: Promise<ServerOutcome>;
  /** Stops listening and aborts open connections. */
  close(): void;
}

export interface ServerOutcome {
  readonly conversations: readonly Conversation[];
  /** Set when fewer clients than `connections` arrived in time. */
  readonly acceptFailure?: AcceptTimeoutError;
}

function formatAddress(a: ListenAddress): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}

/** Binds the listening socket; rejects (TargetUnreachableError naming the address) when it cannot. */
export async function listenAsServer(spec: Spec, options: ServerOptions = {}): Promise<ListeningPeer> {
  const want = options.listen ?? spec.listen;
  // Half-open allowed: a client's FIN must not close our sending direction for us.
  const server = net.createServer({ noDelay: true, allowHalfOpen: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new TargetUnreachableError(want.host, want.port, `cannot listen: ${err.code ?? err.message}`)),
    );
    server.listen({ host: want.host, port: want.port }, () => resolve());
  });
  const bound = server.address() as net.AddressInfo;
  const address = { host: want.host, port: bound.port };
  const sockets = new Set<net.Socket>();
  const conversations = acceptAll(spec, server, address, sockets, options);
  return {
    address,
    conversations,
    close() {
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}

async function acceptAll(
  spec: Spec,
  server: net.Server,
  address: ListenAddress,
  sockets: Set<net.Socket>,
  options: ServerOptions,
): Promise<ServerOutcome> {
  const { limits, highWater } = limitsOf(options);
  const playing: Promise<Conversation>[] = [];
  let acceptFailure: AcceptTimeoutError | undefined;
  await new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        acceptFailure = new AcceptTimeoutError(
          spec.file,
          formatAddress(address),
          spec.timeout,
          playing.length,
          spec.connections,
        );
        resolve();
      }, spec.timeout);
    };
    arm();
    server.on('connection', (socket) => {
      if (playing.length >= spec.connections) {
        socket.destroy();
        return;
      }
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      const n = playing.length + 1;
      const transcript = new Transcript(options.transcriptBytes);
      transcript.event(`accepted connection ${n} from ${socket.remoteAddress}:${socket.remotePort}`);
      const conn = new PeerConnection(socket, transcript, { highWater }, options.reader);
      playing.push(
        runSteps(spec, conn, { limits, connection: n, ...(options.plan ? { plan: options.plan } : {}) }).then((o) => ({
          ...o,
          transcript,
          connection: n,
        })),
      );
      if (playing.length === spec.connections) {
        clearTimeout(timer);
        resolve();
      } else arm();
    });
    server.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  server.close();
  const conversations = await Promise.all(playing);
  return { conversations, ...(acceptFailure ? { acceptFailure } : {}) };
}

export { formatAddress };
