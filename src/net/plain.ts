/** The plain transport: application data is the carrier's stream itself. */
import type { Socket } from 'node:net';
import type { Transport } from './transport';

export function plainTransport(socket: Socket): Transport {
  return { name: 'plain', encrypted: false, stream: socket, socket };
}
