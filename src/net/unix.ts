/** The Unix socket carrier: a stream socket by its path in the file system. */
import type { Carrier } from './carrier';
import { dialSocket, listenSocket } from './carrier';
import type { UnixEndpoint } from './endpoint';
import { ListenError, TargetUnreachableError } from './errors';
import { clearSocketPath, socketPathProblem } from './socket-file';

export const unixCarrier: Carrier<UnixEndpoint> = {
  dial: (endpoint, timeoutMs) => {
    const tooLong = socketPathProblem(endpoint.path);
    if (tooLong) return Promise.reject(new TargetUnreachableError({ endpoint, reason: tooLong }));
    return dialSocket(
      { path: endpoint.path },
      endpoint,
      timeoutMs,
      'connection refused (nothing listens on that socket)',
    );
  },
  listen: async (endpoint) => {
    const problem = socketPathProblem(endpoint.path) ?? (await clearSocketPath(endpoint.path));
    if (problem) throw new ListenError({ endpoint, reason: problem });
    // Node removes the socket file when the listener closes.
    return listenSocket({ path: endpoint.path }, endpoint, () => endpoint);
  },
  // A client's end of a Unix socket has no name unless it binds one, and ours never does.
  localName: () => 'an unnamed Unix socket',
  remoteName: () => 'an unnamed Unix socket',
};
