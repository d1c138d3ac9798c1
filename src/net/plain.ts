/** The plain transport: application data is the carrier's stream itself. */
import type { Socket } from 'node:net';
import type { Transport } from './transport';

export function plainTransport(socket: Socket): Transport {
  return { kind: 'plain', stream: socket, socket };
}
