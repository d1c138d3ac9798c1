/**
 * The peer in the server role: listens, and plays the conversation once per
 * accepted client for `connections: N` clients, or once with every further
 * client taken by an `accept: NAME` step. A client that never connects fails
 * after the timeout; one that connects early waits for its `accept`.
 */
import * as net from 'node:net';
import { AcceptTimeoutError, ListenError } from './errors';
import type { ListenAddress, Spec } from '../spec/types';
import { Transcript } from '../transcript/transcript';
import { limitsOf } from './client';
import type { Conversation, PeerOptions } from './client';
import { playConversation } from './conversation';

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
  /**
   * Ends the wait for connections that have not arrived, now, as a failure
   * that says the client under test ended first (when all arrived: nothing).
   */
  clientEnded(): void;
}

export interface ServerOutcome {
  readonly conversations: readonly Conversation[];
  /** Set when fewer clients than `connections` arrived in time. */
  readonly acceptFailure?: AcceptTimeoutError;
}

function formatAddress(a: ListenAddress): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}

/** Binds the listening socket; rejects (ListenError naming the address) when it cannot. */
export async function listenAsServer(spec: Spec, options: ServerOptions = {}): Promise<ListeningPeer> {
  const want = options.listen ?? spec.listen;
  // Half-open allowed: a client's FIN must not close our sending direction for us.
  const server = net.createServer({ noDelay: true, allowHalfOpen: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new ListenError({ host: want.host, port: want.port, reason: err.code ?? err.message, cause: err })),
    );
    server.listen({ host: want.host, port: want.port }, () => resolve());
  });
  const bound = server.address() as net.AddressInfo;
  const address = { host: want.host, port: bound.port };
  const sockets = new Set<net.Socket>();
  const { conversations, clientEnded } = acceptAll(spec, server, address, sockets, options);
  return {
    address,
    conversations,
    close() {
      server.close();
      for (const s of sockets) s.destroy();
    },
    clientEnded,
  };
}

/** Clients beyond the first of a play, for its `accept:` steps: early ones wait here for their step. */
class AcceptQueue {
  private readonly early: net.Socket[] = [];
  private readonly waiting: ((s: net.Socket | undefined) => void)[] = [];
  taken = 0;

  constructor(readonly capacity: number) {}

  get full(): boolean {
    return this.taken + this.early.length >= this.capacity;
  }

  offer(socket: net.Socket): void {
    const waiter = this.waiting.shift();
    if (waiter) {
      this.taken += 1;
      waiter(socket);
    } else this.early.push(socket);
  }

  next(ms: number): Promise<net.Socket | undefined> {
    const early = this.early.shift();
    if (early) {
      this.taken += 1;
      return Promise.resolve(early);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(done), 1);
        resolve(undefined);
      }, ms);
      const done = (s: net.Socket | undefined): void => {
        clearTimeout(timer);
        resolve(s);
      };
      this.waiting.push(done);
    });
  }
}

/** Accepts and plays every connection; `clientEnded` ends the wait for those still missing. */
function acceptAll(
  spec: Spec,
  server: net.Server,
  address: ListenAddress,
  sockets: Set<net.Socket>,
  options: ServerOptions,
): Pick<ListeningPeer, 'conversations' | 'clientEnded'> {
  const { limits, highWater } = limitsOf(options);
  const playing: Promise<Conversation>[] = [];
  // The loader allows `accept:` steps only with one play.
  const extra = new AcceptQueue(spec.steps.filter((s) => s.kind === 'accept').length);
  const several = spec.connectionNames.length > 1;
  let acceptFailure: AcceptTimeoutError | undefined;
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  let mainsDone: () => void = () => undefined;
  const mains = new Promise<void>((resolve) => (mainsDone = resolve));
  let timer: NodeJS.Timeout | undefined;
  const waitedSince = performance.now();
  const giveUp = (clientEnded: boolean): void => {
    clearTimeout(timer);
    acceptFailure = new AcceptTimeoutError({
      file: spec.file,
      address: formatAddress(address),
      waitedMs: clientEnded ? Math.round(performance.now() - waitedSince) : spec.timeout,
      accepted: playing.length,
      wanted: spec.connections,
      clientEnded,
    });
    mainsDone();
  };
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => giveUp(false), spec.timeout);
  };
  arm();
  server.on('connection', (socket) => {
    if (playing.length < spec.connections) {
      track(socket);
      const n = playing.length + 1;
      const transcript = new Transcript(options.transcriptBytes);
      transcript
        .lane(several ? 'main' : undefined)
        .event(`accepted connection ${n} from ${socket.remoteAddress}:${socket.remotePort}`);
      playing.push(
        playConversation(spec, socket, transcript, {
          role: 'server',
          limits,
          highWater,
          ...(options.plan ? { plan: options.plan } : {}),
          ...(options.reader ? { reader: options.reader } : {}),
          play: n,
          nextClient: (ms) => extra.next(ms),
        }).then((o) => ({ ...o, transcript, connection: n })),
      );
      if (playing.length === spec.connections) {
        clearTimeout(timer);
        mainsDone();
      } else arm();
    } else if (!extra.full) {
      track(socket);
      extra.offer(socket);
    } else socket.destroy();
  });
  server.once('close', () => {
    clearTimeout(timer);
    mainsDone();
  });
  const settled = async (): Promise<ServerOutcome> => {
    await mains;
    if (extra.capacity === 0) server.close();
    const conversations = await Promise.all(playing);
    server.close();
    return { conversations, ...(acceptFailure ? { acceptFailure } : {}) };
  };
  return {
    conversations: settled(),
    clientEnded: () => {
      if (playing.length < spec.connections && !acceptFailure) giveUp(true);
    },
  };
}

export { formatAddress };
