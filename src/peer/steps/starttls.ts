/**
 * `starttls`: upgrades the step's connection to TLS in place. Every byte
 * queued by earlier sends is written first. In the client role unread
 * plaintext from the other side fails the step (it came after the go-ahead,
 * where only the handshake may come); in the server role the bytes already
 * received are the start of the client's handshake. After it, every step
 * works on the application data inside TLS, exactly as before.
 */
import { PlaintextBeforeTlsError, TlsHandshakeError } from '../../net/tls-errors';
import { checkConnection, flush } from './common';
import type { StepPlayer } from './play';

export const playStarttls: StepPlayer<'starttls'> = async (play, step, i) => {
  const conn = play.conn(step);
  await flush(play, conn, step);
  checkConnection(play, conn, step);
  if (conn.tls)
    throw new TlsHandshakeError(
      play.ref(step),
      `the connection is already inside TLS (${conn.tls.version}); starttls upgrades a plain connection`,
      '',
    );
  if (play.role === 'client') {
    // Bytes the socket holds but has not handed us yet are plaintext too.
    for (let b = conn.socket.read() as Buffer | null; b; b = conn.socket.read() as Buffer | null) conn.input.push(b);
    if (conn.input.length > 0)
      throw new PlaintextBeforeTlsError(play.ref(step), conn.input.peek(96), conn.input.offset);
  }
  const settings = step.tls ?? { loc: step.loc };
  conn.transcript.event(
    `starting TLS (${play.role === 'client' ? 'we send the ClientHello' : 'we await the ClientHello'})`,
  );
  await conn.startTls({ role: play.role, settings, timeoutMs: step.timeout, step: () => play.ref(step) });
  return i + 1;
};
