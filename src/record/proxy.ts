/**
 * A recording proxy: listens, accepts one client, connects it to the real
 * server, and passes bytes both ways unchanged (with backpressure, half-close
 * and resets passed through) while writing down every chunk, FIN and reset.
 * It stops when both directions have closed, at the time limit, or on abort.
 */
import type * as net from 'node:net';
import type { Listener } from '../net/carrier';
import { dial, listen, remoteName } from '../net/carriers';
import type { Endpoint } from '../net/endpoint';
import { formatEndpoint } from '../net/endpoint';
import type { ListenAddress } from '../spec/types';
import type { RecordedEvent, Recording, Side } from './recording';

export interface RecordOptions {
  readonly listen: ListenAddress;
  readonly forward: Endpoint;
  /** Stop after this many milliseconds, connected or not. */
  readonly timeoutMs?: number;
  /** How long connecting to `forward` may take (default 5000 ms). */
  readonly connectTimeoutMs?: number;
  /** Aborting stops the recording with what was seen so far (Ctrl-C). */
  readonly signal?: AbortSignal;
}

export interface RecordingProxy {
  /** Where clients should connect (the bound port when `listen.port` was 0). */
  readonly address: ListenAddress;
  /** Settles when recording stops; rejects with TargetUnreachableError when the real server cannot be reached. */
  readonly recording: Promise<Recording>;
}

/** Starts listening; rejects with ListenError when the address cannot be bound. */
export async function startRecordingProxy(options: RecordOptions): Promise<RecordingProxy> {
  const server = await listen(options.listen);
  return { address: server.endpoint, recording: record(server, options) };
}

function record(server: Listener, options: RecordOptions): Promise<Recording> {
  const events: RecordedEvent[] = [];
  const serverName = formatEndpoint(options.forward);
  let clientName: string | undefined;
  const sockets: net.Socket[] = [];
  return new Promise<Recording>((resolve, reject) => {
    let settled = false;
    const timer = options.timeoutMs !== undefined ? setTimeout(() => stop('timeout'), options.timeoutMs) : undefined;
    const onAbort = (): void => stop('interrupted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanUp = (): void => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      server.close();
      for (const s of sockets) s.destroy();
    };
    function stop(stoppedBy: Recording['stoppedBy']): void {
      if (settled) return;
      settled = true;
      cleanUp();
      resolve({ ...(clientName ? { client: clientName } : {}), server: serverName, events, stoppedBy });
    }
    if (options.signal?.aborted) {
      stop('interrupted');
      return;
    }

    server.onConnection((client) => {
      // Only the first connection is recorded; later ones are refused.
      if (clientName !== undefined) {
        client.destroy();
        return;
      }
      server.close();
      sockets.push(client);
      clientName = remoteName(server.endpoint, client);
      client.pause();
      client.on('error', () => undefined);
      dial(options.forward, options.connectTimeoutMs ?? 5000).then(
        (upstream: net.Socket) => {
          if (settled) {
            upstream.destroy();
            return;
          }
          sockets.push(upstream);
          upstream.setNoDelay(true);
          let closed = 0;
          const onClosed = (): void => {
            closed += 1;
            if (closed === 2) stop('closed');
          };
          relay('client', client, upstream, events, onClosed);
          relay('server', upstream, client, events, onClosed);
          client.resume();
        },
        (err: unknown) => {
          if (settled) return;
          settled = true;
          cleanUp();
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  });
}

/** Passes `from`'s bytes, FIN and reset on to `to`, recording each as coming from `side`. */
function relay(side: Side, from: net.Socket, to: net.Socket, events: RecordedEvent[], onClosed: () => void): void {
  from.on('data', (chunk: Buffer) => {
    events.push({ from: side, type: 'data', bytes: Buffer.from(chunk) });
    if (!to.write(chunk)) {
      from.pause();
      to.once('drain', () => from.resume());
    }
  });
  from.on('end', () => {
    events.push({ from: side, type: 'end' });
    to.end();
  });
  from.on('error', (err: NodeJS.ErrnoException) => {
    events.push({ from: side, type: 'reset', reason: err.code ?? err.message });
    if (!to.destroyed) to.resetAndDestroy();
  });
  from.once('close', onClosed);
}
