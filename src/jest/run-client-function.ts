/**
 * One play of a `role: server` spec with a function of this process as the
 * client under test: the mock server listens, the function is called with
 * its address, and the verdict joins both sides. The function fails the run
 * when it throws, rejects, or does not settle within the timeout; a step
 * failure fails it otherwise. Nothing listens once the returned promise
 * settled (an in-process function cannot be killed: one that outlives its
 * timeout finds its connection closed).
 */
import { TcpspecError } from '../errors';
import { InterruptedError } from '../run/shutdown';
import type { Conversation, PeerOptions } from '../peer/client';
import { formatEndpoint } from '../net/endpoint';
import type { TcpEndpoint } from '../net/endpoint';
import { tcpListenAddress } from './tcp-only';
import { listenAsServer } from '../peer/server';
import type { ListeningPeer } from '../peer/server';
import { specResult } from '../run/run-spec';
import type { SpecResult } from '../run/run-spec';
import type { ShutdownRegistry } from '../run/shutdown';
import type { ListenAddress, Spec } from '../spec/types';
import { ClientFunctionError } from './client-function-error';
import type { FunctionEnding } from './client-function-error';

/** Where the mock server listens, as the client function is given it. */
export interface MockAddress {
  readonly host: string;
  readonly port: number;
}

/** The client under test: connects to `address`, does its work, settles. */
export type ClientFunction = (address: MockAddress) => unknown;

export interface ClientFunctionRunOptions {
  /** One fuzz case's hooks (send plan, reader); none: the plain exchange. */
  readonly peer?: PeerOptions;
  /** Overrides the spec's `listen:`. */
  readonly listen?: ListenAddress;
  /** How long the function may take (default: the spec's `timeout`). */
  readonly timeoutMs?: number;
  /** Where this run registers its mock server, so that stopping the registry closes it. */
  readonly shutdown?: ShutdownRegistry;
}

/** After the function settled, how long a connection it opened may take to be accepted. */
const GONE_GRACE_MS = 100;

type Ending = { readonly kind: 'returned' } | FunctionEnding;

export async function runClientFunction(
  spec: Spec,
  fn: ClientFunction,
  options: ClientFunctionRunOptions = {},
): Promise<SpecResult> {
  const started = performance.now();
  const done = (conversations: readonly Conversation[], failure?: TcpspecError, address?: string): SpecResult =>
    specResult(spec, started, conversations, failure, address);
  if (options.shutdown?.stopped) return done([], new InterruptedError());
  const listen = tcpListenAddress(options.listen ?? spec.listen, spec.file);
  if (listen instanceof TcpspecError) return done([], listen);
  let peer: ListeningPeer<TcpEndpoint>;
  try {
    peer = await listenAsServer(spec, { ...options.peer, listen });
  } catch (err) {
    if (err instanceof TcpspecError) return done([], err);
    throw err;
  }
  // Stopped from outside (a jest test that timed out): the mock closes and the function is no longer awaited.
  let stopped: () => void = () => undefined;
  const stopping = new Promise<'stopped'>((resolve) => (stopped = () => resolve('stopped')));
  const unregister = options.shutdown?.register(() => {
    shut(peer);
    stopped();
  });
  try {
    const timeoutMs = options.timeoutMs ?? spec.timeout;
    let stepsOver = false;
    const steps = peer.conversations.finally(() => (stepsOver = true));
    const fnRun = settle(fn, { host: peer.address.host, port: peer.address.port }, timeoutMs);
    // Past its timeout the function's connections are closed, and what the steps then report is our doing.
    const mock = { closedByUs: false };
    void fnRun.ending.then((e) => {
      if (e.kind !== 'timeout') setTimeout(() => peer.clientEnded(), GONE_GRACE_MS).unref();
      else if (!stepsOver) {
        mock.closedByUs = true;
        shut(peer);
      }
    });
    const outcome = await steps;
    peer.close();
    const ended = await Promise.race([fnRun.ending, stopping]);
    if (ended === 'stopped') {
      fnRun.cancel();
      return done(outcome.conversations, new InterruptedError(), formatEndpoint(peer.address));
    }
    const stepFailure = mock.closedByUs
      ? undefined
      : (outcome.conversations.find((c) => c.failure)?.failure ?? outcome.acceptFailure);
    const failure =
      ended.kind === 'returned'
        ? stepFailure
        : new ClientFunctionError({ file: spec.file, ending: ended, ...(stepFailure ? { stepFailure } : {}) });
    return done(outcome.conversations, failure, formatEndpoint(peer.address));
  } finally {
    peer.close();
    unregister?.();
  }
}

/** Closes the mock now: no more connections are awaited, open ones are dropped. */
function shut(peer: ListeningPeer): void {
  peer.close();
  peer.clientEnded();
}

/** Calls `fn` and says how it ended, within `timeoutMs`; never rejects. `cancel()` stops the timer (the function is no longer awaited). */
function settle(
  fn: ClientFunction,
  address: MockAddress,
  timeoutMs: number,
): { readonly ending: Promise<Ending>; cancel(): void } {
  let running: Promise<unknown>;
  try {
    running = Promise.resolve(fn(address));
  } catch (error) {
    return { ending: Promise.resolve({ kind: 'threw', error }), cancel: () => undefined };
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Ending>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout', timeoutMs }), timeoutMs);
  });
  const ended = running.then(
    (): Ending => ({ kind: 'returned' }),
    (error: unknown): Ending => ({ kind: 'rejected', error }),
  );
  return {
    ending: Promise.race([ended, late]).finally(() => clearTimeout(timer)),
    cancel: () => clearTimeout(timer),
  };
}
