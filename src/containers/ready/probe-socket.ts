import { connect, type Socket } from 'node:net';
import { notReady, type Readiness } from './readiness';

/** A decoder over everything received so far: the unit it found and its size, or undefined for "need more". */
export type Decode<T> = (received: Buffer) => { readonly value: T; readonly size: number } | undefined;

/** A probe's connection: writes, and reads one decoded unit at a time. */
export interface ProbeSocket {
  write(bytes: Buffer): void;
  /** The next unit, once enough bytes have come; consumes its bytes. */
  read<T>(decode: Decode<T>): Promise<T>;
  /** Everything received and not yet consumed (for a not-ready verdict). */
  readonly unread: Buffer;
}

/** Why a probe conversation ended early; turned into a not-ready verdict by withProbeSocket. */
class ProbeEnded extends Error {
  constructor(readonly verdict: Readiness) {
    super(verdict.ready ? 'ready' : verdict.reason);
  }
}

/**
 * Connects to host:port and runs `talk` over the connection, all within
 * `timeoutMs`; the connection is destroyed when it settles. A refused
 * connection, the server hanging up, or no answer in time become a
 * not-ready verdict; so does a decoder that throws (bytes that are not the
 * protocol at all).
 */
export function withProbeSocket(
  host: string,
  port: number,
  timeoutMs: number,
  talk: (socket: ProbeSocket) => Promise<Readiness>,
): Promise<Readiness> {
  return new Promise<Readiness>((resolve) => {
    const socket: Socket = connect({ host, port });
    let received = Buffer.alloc(0);
    let connected = false;
    let waiting: (() => void) | undefined;
    let ended: Readiness | undefined;

    const settle = (verdict: Readiness): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(verdict);
    };
    const end = (verdict: Readiness): void => {
      if (!connected) {
        settle(verdict);
        return;
      }
      ended ??= verdict;
      waiting?.();
    };
    const timer = setTimeout(
      () =>
        end(
          connected
            ? notReady('silent', `no complete answer within ${timeoutMs}ms`, received)
            : notReady('refused', `no connection within ${timeoutMs}ms`),
        ),
      timeoutMs,
    );
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      waiting?.();
    });
    socket.once('end', () => end(notReady('closed', 'the server closed the connection', received)));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      end(
        connected
          ? notReady('closed', `connection error ${error.code ?? error.message}`, received)
          : notReady('refused', `cannot connect: ${error.code ?? error.message}`),
      ),
    );

    const probe: ProbeSocket = {
      write: (bytes) => void socket.write(bytes),
      get unread() {
        return received;
      },
      read: async <T>(decode: Decode<T>): Promise<T> => {
        for (;;) {
          let unit: ReturnType<Decode<T>>;
          try {
            unit = decode(received);
          } catch (error) {
            throw new ProbeEnded(notReady('answer', (error as Error).message, received));
          }
          if (unit) {
            received = received.subarray(unit.size);
            return unit.value;
          }
          if (ended) throw new ProbeEnded(ended);
          await new Promise<void>((wake) => (waiting = wake));
          waiting = undefined;
        }
      },
    };

    socket.once('connect', () => {
      connected = true;
      talk(probe).then(settle, (error: unknown) =>
        settle(error instanceof ProbeEnded ? error.verdict : notReady('answer', String(error), received)),
      );
    });
  });
}
