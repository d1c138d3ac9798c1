/** The TCP carrier: a host name or IP address and a port. */
import type * as net from 'node:net';
import type { Carrier } from './carrier';
import { dialSocket, listenSocket } from './carrier';
import { formatEndpoint } from './endpoint';
import type { TcpEndpoint } from './endpoint';

export const tcpCarrier: Carrier<TcpEndpoint> = {
  dial: (endpoint, timeoutMs) =>
    dialSocket(
      { host: endpoint.host, port: endpoint.port },
      endpoint,
      timeoutMs,
      'connection refused (is the server running?)',
    ),
  listen: (endpoint) =>
    listenSocket({ host: endpoint.host, port: endpoint.port }, endpoint, (server) => ({
      host: endpoint.host,
      port: (server.address() as net.AddressInfo).port,
    })),
  localName: (socket) => formatEndpoint({ host: socket.localAddress ?? '', port: socket.localPort ?? 0 }),
  remoteName: (socket) => formatEndpoint({ host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 }),
};
