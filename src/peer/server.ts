/**
 * The peer in the server role: listens, and plays the conversation once per
 * accepted client for `connections: N` clients, or once with every further
 * client taken by an `accept: NAME` step. A client that never connects fails
 * after the timeout; one that connects early waits for its `accept`.
 */
import type { Socket } from 'node:net';
import { AcceptTimeoutError } from './errors';
import type { Listen, Listener } from '../net/carrier';
import { listen as listenCarrier, remoteName } from '../net/carriers';
import { formatEndpoint } from '../net/endpoint';
import type { Endpoint } from '../net/endpoint';
import type { ListenAddress, Spec } from '../spec/types';
import { Transcript } from '../transcript/transcript';
import { limitsOf } from './client';
import type { Conversation, PeerOptions } from './client';
import { playConversation } from './conversation';
import type { Accepted } from './conversation';

export interface ServerOptions extends PeerOptions {
  /** Overrides the spec's `listen:`. */
  readonly listen?: ListenAddress;
  /** Starts listening (default: the carrier of the endpoint's kind). */
  readonly listener?: Listen;
}

/** A mock server that is listening; `conversations` settles when every connection played out or waiting timed out. */
export interface ListeningPeer<E extends Endpoint = ListenAddress> {
  readonly address: E;
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

/**
 * Binds the listening socket; rejects (ListenError naming the address) when
 * it cannot. Listening on an address of a given kind, the peer says so in its type.
 */
export function listenAsServer<E extends Endpoint>(
  spec: Spec,
  options: ServerOptions & { readonly listen: E },
): Promise<ListeningPeer<E>>;
export function listenAsServer(spec: Spec, options?: ServerOptions): Promise<ListeningPeer>;
export async function listenAsServer(spec: Spec, options: ServerOptions = {}): Promise<ListeningPeer> {
  const listen = options.listener ?? listenCarrier;
  const server = await listen(options.listen ?? spec.listen);
  const sockets = new Set<Socket>();
  const { conversations, clientEnded } = acceptAll(spec, server, sockets, options);
  return {
    address: server.endpoint,
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
  private readonly early: Accepted[] = [];
  private readonly waiting: ((s: Accepted | undefined) => void)[] = [];
  taken = 0;

  constructor(readonly capacity: number) {}

  get full(): boolean {
    return this.taken + this.early.length >= this.capacity;
  }

  offer(client: Accepted): void {
    const waiter = this.waiting.shift();
    if (waiter) {
      this.taken += 1;
      waiter(client);
    } else this.early.push(client);
  }

  next(ms: number): Promise<Accepted | undefined> {
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
      const done = (s: Accepted | undefined): void => {
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
  server: Listener,
  sockets: Set<Socket>,
  options: ServerOptions,
): Pick<ListeningPeer, 'conversations' | 'clientEnded'> {
  const { limits, highWater } = limitsOf(options);
  const playing: Promise<Conversation>[] = [];
  // The loader allows `accept:` steps only with one play.
  const extra = new AcceptQueue(spec.steps.filter((s) => s.kind === 'accept').length);
  const several = spec.connectionNames.length > 1;
  let acceptFailure: AcceptTimeoutError | undefined;
  const track = (socket: Socket): void => {
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
      address: formatEndpoint(server.endpoint),
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
  server.onConnection((socket) => {
    if (playing.length < spec.connections) {
      track(socket);
      const n = playing.length + 1;
      const transcript = new Transcript(options.transcriptBytes);
      transcript
        .lane(several ? 'main' : undefined)
        .event(`accepted connection ${n} from ${remoteName(server.endpoint, socket)}`);
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
      extra.offer({ socket, from: remoteName(server.endpoint, socket) });
    } else socket.destroy();
  });
  server.onClose(() => {
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
