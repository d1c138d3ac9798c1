import type { Endpoint, TcpEndpoint } from '../../src/net/endpoint';

/** The TCP address a test listened on; a Unix socket here is a mistake in the test. */
export function tcpOf(endpoint: Endpoint): TcpEndpoint {
  if ('path' in endpoint) throw new Error(`expected a TCP address, got the socket ${endpoint.path}`);
  return endpoint;
}
