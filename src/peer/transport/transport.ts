/**
 * What a connection's bytes travel over: the plain TCP socket, or TLS on top
 * of it. A connection reads and writes application data through `stream`
 * and may swap its transport in place (`starttls`); the TCP socket beneath
 * stays the same for the connection's life.
 */
import type { Socket } from 'node:net';
import type { TlsHandshakeInfo } from '../../transcript/transcript';

export interface Transport {
  readonly kind: 'plain' | 'tls';
  /** Application data is read from and written to this (the TLS socket, inside TLS). */
  readonly stream: Socket;
  /** The TCP socket beneath (the same object as `stream` when plain): resets, addresses, socket diagnostics. */
  readonly tcp: Socket;
  /** What the handshake agreed, inside TLS. */
  readonly handshake?: TlsHandshakeInfo;
}
