/**
 * What a connection's bytes travel over: the carrier's socket itself (plain),
 * or TLS on top of it. A connection reads and writes application data
 * through `stream` and may swap its transport in place (`starttls`); the
 * socket beneath stays the same for the connection's life.
 */
import type { Socket } from 'node:net';
import type { TlsHandshakeInfo } from '../transcript/transcript';

/**
 * Open to new layers: a transport names itself and says whether it protects
 * the data; nothing above switches on which one it is.
 */
export interface Transport {
  /** In words, as transcripts and reports name it: 'plain', 'tls'. */
  readonly name: string;
  /** Whether application data travels protected (the transcript marks bytes seen inside it). */
  readonly encrypted: boolean;
  /** Application data is read from and written to this (the TLS socket, inside TLS). */
  readonly stream: Socket;
  /** The carrier's socket beneath, TCP or Unix (the same object as `stream` when plain): resets, addresses, socket diagnostics. */
  readonly socket: Socket;
  /** What the handshake agreed, inside TLS. */
  readonly handshake?: TlsHandshakeInfo;
}
