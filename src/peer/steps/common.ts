/** What several step modules share: checking a connection, waiting for sent bytes to leave, closing. */
import { ConnectionResetError, SendStalledError } from '../step-errors';
import type { Step } from '../../spec/types';
import type { PeerConnection } from '../connection';
import type { Play } from './play';

/** Throws when the connection's writer or the connection itself failed. */
export function checkConnection(play: Play, conn: PeerConnection, step: Step): void {
  if (conn.out.failure) throw conn.out.failure;
  const f = conn.failure;
  if (f) {
    const fin = conn.ended ? conn.bytesSentAtEnd : undefined;
    throw new ConnectionResetError({
      step: play.ref(step),
      bytesReceived: conn.bytesReceived,
      bytesSent: conn.bytesSent,
      reason: f.code,
      sentAtTheirFin: fin,
    });
  }
}

/** Waits until every byte queued on `conn` left, bounded by the step's timeout. */
export async function flush(play: Play, conn: PeerConnection, step: Step): Promise<void> {
  if ((await conn.out.flushed(step.timeout)) === 'timeout') {
    checkConnection(play, conn, step);
    const sent = conn.bytesSent;
    throw new SendStalledError({
      step: play.ref(step),
      waitedMs: step.timeout,
      written: sent - conn.stream.writableLength,
      total: sent,
    });
  }
  checkConnection(play, conn, step);
}

/** Ends our side (close_notify and FIN inside TLS), waits up to `ms` for it to leave, then destroys the connection. */
export async function closeNormally(conn: PeerConnection, ms: number): Promise<void> {
  const stream = conn.stream;
  if (conn.destroyed) return;
  conn.transcript.event('we closed the connection');
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    stream.end(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  conn.dispose();
}
