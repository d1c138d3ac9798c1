import { createServer } from 'node:net';

/**
 * A loopback port that was free a moment ago: the kernel picks it for a
 * listener on 127.0.0.1:0, which is closed again at once. Another process
 * may still take it before the server does; startContainer() then starts
 * again on fresh ports.
 */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('the kernel gave no port for a listener on 127.0.0.1:0'));
      });
    });
  });
}
