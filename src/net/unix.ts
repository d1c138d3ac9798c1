/** The Unix socket carrier: a stream socket by its path in the file system. */
import type { Carrier } from './carrier';
import { dialSocket, listenSocket } from './carrier';
import type { UnixEndpoint } from './endpoint';

export const unixCarrier: Carrier<UnixEndpoint> = {
  dial: (endpoint, timeoutMs) =>
    dialSocket({ path: endpoint.path }, endpoint, timeoutMs, 'connection refused (nothing listens on that socket)'),
  // Node removes the socket file when the listener closes.
  listen: (endpoint) => listenSocket({ path: endpoint.path }, endpoint, () => endpoint),
  // A client's end of a Unix socket has no name unless it binds one, and ours never does.
  localName: () => 'an unnamed Unix socket',
  remoteName: () => 'an unnamed Unix socket',
};
