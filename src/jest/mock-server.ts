/**
 * `mockServer(spec)`: the spec's `role: server` steps played once, plainly,
 * for client code of this process to talk to; `result()` gives the verdict
 * for `expect(...).toPassSpec()` and closes the mock.
 */
import { TcpspecError } from '../errors';
import { formatEndpoint } from '../net/endpoint';
import { listenAsServer } from '../peer/server';
import { specResult } from '../run/run-spec';
import type { SpecResult } from '../run/run-spec';
import type { ListenAddress } from '../spec/types';
import { serverSpecOf } from './fuzz-client';
import type { SpecInput } from './fuzz-client';
import { markInProcess } from './in-process-report';
import { trackOpen } from './open-mocks';
import { tcpListenAddress } from './tcp-only';

export interface MockServerOptions {
  /** Overrides the spec's `listen:`. */
  readonly listen?: ListenAddress;
  /** The spec collection's root for `file:` payloads (a spec given by path). */
  readonly root?: string;
}

export interface MockServer {
  readonly host: string;
  readonly port: number;
  /**
   * Waits for the conversation to end (each step within its timeout), then
   * closes the mock and resolves with the result. Call it once your client
   * code is done: a connection it has not made by then (after 100 ms for
   * one in flight) is not waited for.
   */
  result(): Promise<SpecResult>;
  /** Stops listening and drops open connections; idempotent. */
  close(): Promise<void>;
}

/** After result() was asked, how long a connection still in flight may take to be accepted. */
const GONE_GRACE_MS = 100;

/** Listens (127.0.0.1 and a free port unless the spec or options say otherwise); rejects when the spec is unusable. */
export async function mockServer(input: SpecInput, options: MockServerOptions = {}): Promise<MockServer> {
  const spec = serverSpecOf(input, options.root);
  if (spec instanceof TcpspecError) throw spec;
  const started = performance.now();
  const listen = tcpListenAddress(options.listen ?? spec.listen, spec.file);
  if (listen instanceof TcpspecError) throw listen;
  const peer = await listenAsServer(spec, { listen });
  const close = async (): Promise<void> => {
    peer.close();
    // Ends the wait for a connection that has not come, which would otherwise last the spec's timeout.
    peer.clientEnded();
    await peer.conversations;
  };
  const untrack = trackOpen(close);
  // Once the conversation is over (played out, or no client came within the timeout) nothing more is accepted.
  void peer.conversations.then(() => {
    peer.close();
    untrack();
  });
  let result: Promise<SpecResult> | undefined;
  return {
    host: peer.address.host,
    port: peer.address.port,
    result: () =>
      (result ??= (async () => {
        setTimeout(() => peer.clientEnded(), GONE_GRACE_MS).unref();
        try {
          const outcome = await peer.conversations;
          const failure = outcome.conversations.find((c) => c.failure)?.failure ?? outcome.acceptFailure;
          return markInProcess(specResult(spec, started, outcome.conversations, failure, formatEndpoint(peer.address)));
        } finally {
          untrack();
          peer.close();
        }
      })()),
    close: async () => {
      untrack();
      await close();
    },
  };
}
